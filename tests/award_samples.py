"""The bid samples' procurement opened, its packet issued and every responsive bidder ranked:
ready for the award. Formal, local money (no E-rate) unless a test changes it.

Lot 1 (Wireless): Acme 60,950.00 scores 96.05 (rank 1), Blue Ridge 59,990.00 (the lowest)
scores 86.00 (rank 2); Petro is on the Iran list, Piedmont priced half the lot.
Lot 2 (Devices): Acme 14,000.00 scores 93.00, the only responsive bid. Acme offers a volume
tier on the access points: 575.00 from 200 units.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from bid_samples import REF, add_scenario
from sqlalchemy import select

from app.models import Bid, BidTier
from app.models.db import Store
from app.services.compliance import import_list
from app.services.evaluation import enter_score
from app.services.packet_issue import record_issue
from app.services.packet_settings import set_award_basis, set_criteria

ISSUED = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
CRITERIA = [{"name": "Price", "weight": "60", "is_price_of_eligible": True},
            {"name": "Technical fit", "weight": "30"}, {"name": "Support", "weight": "10"}]
SCORES = [(1, "Acme Networks Inc", "27", "10"), (1, "Blue Ridge", "20", "6"),
          (2, "Acme Networks Inc", "25", "8")]


def ranked_scenario(store: Store, tmp_path: Path, scored: bool = True,
                    checked: bool = True, bases: dict[int | None, str] | None = None) -> None:
    """`bases`: award bases by lot (None: every lot), set before the packet is issued (the
    issue locks them)."""
    add_scenario(store, tmp_path / "iran.csv")
    listed = tmp_path / "israel.csv"
    listed.write_text("Company\nNobody Here Ltd\n", encoding="utf-8")
    with store.transaction() as session:
        # Both Treasurer lists checked: an unchecked list blocks every award.
        if checked:
            import_list(session, "israel_boycott", listed, date(2026, 2, 1),
                        "NC Treasurer, February 2026")
        set_criteria(session, REF, CRITERIA)
        for lot, text in (bases or {}).items():
            set_award_basis(session, REF, text, lot=lot)
        record_issue(session, REF, b"%PDF final", now=ISSUED)
        acme = session.scalars(select(Bid).where(Bid.bidder_name == "Acme Networks Inc",
                                                 Bid.status == "current")).one()
        ap = next(line.lot_item for line in acme.lines
                  if line.lot_item.item.code == "AP-WIFI6-IN")
        session.add(BidTier(bid=acme, lot_item=ap, min_qty=Decimal(200),
                            unit_price=Decimal("575.00")))
        if scored:
            for lot, vendor, fit, support in SCORES:
                enter_score(session, REF, lot, vendor, "Technical fit", fit, None)
                enter_score(session, REF, lot, vendor, "Support", support, None)
