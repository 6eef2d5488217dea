"""The award samples' procurement awarded, with E-rate money and two participating members
whose confirmed lines are ready to allocate:

- Lot 1 (Wireless) is multiple-awarded ("multiple within 2%"): Acme Networks Inc (rank 1,
  60,950.00) and Blue Ridge Technology LLC (59,990.00, the lowest evaluated price).
- Lot 2 (Devices) is single-awarded to Acme (its only responsive bid).
- 010 Alamance-Burlington Schools: 60 access points preferring Blue Ridge, 5 hours of
  installation with no preference, 40 Chromebooks preferring Acme.
- 01B River Mill Academy (one school, 754 students): 300 access points preferring Acme —
  more Category 2 than its five-year budget — and 10 Chromebooks preferring Dell (not
  awarded: the lowest evaluated awarded vendor, Acme, is the only one).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from award_samples import ranked_scenario
from bid_samples import REF
from sqlalchemy import select

from app.models import CatalogItem, Member, Need, Procurement
from app.models.db import Store
from app.models.procurement import ProcurementMember
from app.services.award import record_award

LINES = {"010": [("AP-WIFI6-IN", 60, "Blue Ridge Technology"), ("SVC-INSTALL-HR", 5, ""),
                 ("CB-STU-116", 40, "Acme Networks")],
         "01B": [("AP-WIFI6-IN", 300, "Acme Networks Inc"), ("CB-STU-116", 10, "Dell")]}
SIGNED = date(2026, 3, 12)
BOARD = date(2026, 3, 10)


def add_need_lines(store: Store) -> None:
    """The members' confirmed lines (see the module text), made where they are owned: on
    the state for a one-instance test, on Region 5 for a sync test (the region sends them)."""
    with store.transaction() as session:
        items = {i.code: i for i in session.scalars(select(CatalogItem))}
        for code, lines in LINES.items():
            member = session.scalars(select(Member).where(Member.code == code)).one()
            for item_code, qty, preferred in lines:
                item = items[item_code]
                session.add(Need(member=member, item=item, description=item.name,
                                 unit=item.unit, quantity=Decimal(qty),
                                 unit_price=item.reference_price * Decimal("1.15"),
                                 funding_year=2026, funding_sources="erate,local",
                                 preferred_vendor=preferred, status="confirmed",
                                 confirmed_by="Ann", owner=member.owner,
                                 confirmed_at=datetime(2025, 11, 1, tzinfo=UTC)))


def awarded_scenario(store: Store, tmp_path: Path, needs: bool = True) -> None:
    """`needs=False`: the need lines came from the region that owns them (`add_need_lines`
    there, its bundle imported here)."""
    ranked_scenario(store, tmp_path, bases={1: "multiple within 2%"})
    with store.transaction() as session:
        for lot in (1, 2):
            record_award(session, REF, lot, contract=f"NC-2026-00{lot}", signed_on=SIGNED,
                         board_approved_on=BOARD)
        procurement = session.scalars(select(Procurement).where(Procurement.ref == REF)).one()
        procurement.funding_sources = "erate,local"
        for code in LINES:
            member = session.scalars(select(Member).where(Member.code == code)).one()
            session.add(ProcurementMember(procurement=procurement, member=member,
                                          owner="state"))
    if needs:
        add_need_lines(store)
