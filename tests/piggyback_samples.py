"""The allocation samples' awarded procurement (tests/allocation_samples.py: formal, E-rate
money, contracts NC-2026-001 and NC-2026-002 signed 2026-03-12 for 12 months) with a packet
that allowed piggybacking, and a member that did not take part — 630 Moore County Schools —
with confirmed lines for 20 access points and 5 Chromebooks, ready to join later.

The packet fact is stored as the issued packet stated it: `set_fact` refuses to change it
once the final packet is issued, and the award samples issue theirs before any test can.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from allocation_samples import awarded_scenario
from bid_samples import REF
from sqlalchemy import select

from app.models import CatalogItem, Member, Need, Procurement
from app.models.db import Store
from app.models.packet import PacketText

JOINER = "630"
NOTICE, BOARD, JOINED = date(2026, 4, 1), date(2026, 4, 14), date(2026, 4, 15)


def joinable_scenario(store: Store, tmp_path: Path, allowed: bool = True,
                      sources: str = "erate,local") -> None:
    awarded_scenario(store, tmp_path)
    with store.transaction() as session:
        procurement = session.scalars(select(Procurement).where(Procurement.ref == REF)).one()
        if allowed:
            session.add(PacketText(procurement=procurement,
                                   section_key="fact:piggyback_allowed", text="yes",
                                   owner="state"))
        items = {i.code: i for i in session.scalars(select(CatalogItem))}
        member = session.scalars(select(Member).where(Member.code == JOINER)).one()
        for code, qty in (("AP-WIFI6-IN", 20), ("CB-STU-116", 5)):
            item = items[code]
            session.add(Need(member=member, item=item, description=item.name,
                             unit=item.unit, quantity=Decimal(qty),
                             unit_price=item.reference_price * Decimal("1.10"),
                             funding_year=2026, funding_sources=sources,
                             status="confirmed", confirmed_by="Moore", owner=member.owner,
                             confirmed_at=datetime(2026, 4, 2, tzinfo=UTC)))
