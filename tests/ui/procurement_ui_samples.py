"""A small state data set for the Demand and Procurements page tests (state store)."""

from __future__ import annotations

from decimal import Decimal

from reference_samples import drop_reference_schools
from sqlalchemy import select

from app.models import CatalogItem, Member, Need, School
from app.models.db import Store

LINES = [  # member, item, qty, price, status, sources, preferred, current
    ("920", "AP-WIFI6-IN", "100", "650.00", "confirmed", "erate,local", "Cisco", "Cisco"),
    ("010", "AP-WIFI6-IN", "50", "640.00", "confirmed", "erate,local", "Juniper", "Cisco"),
    ("600", "AP-WIFI6-IN", "20", "650.00", "draft", "erate,local", "Cisco", "Cisco"),
    ("920", "CB-STU-116", "1000", "285.00", "confirmed", "federal,local", "CDW-G", "CDW-G"),
    ("010", "CB-STU-116", "200", "290.00", "confirmed", "local", "Dell", "CDW-G"),
]
SCHOOLS = {"920": [(1000, 900, False)], "010": [(800, 320, True)], "600": [(300, 90, False)]}


def add_state_samples(store: Store, year: int = 2026) -> None:
    with store.transaction() as session:
        members = {m.code: m for m in session.scalars(select(Member).where(
            Member.code.in_(list(SCHOOLS))))}
        items = {i.code: i for i in session.scalars(select(CatalogItem))}
        drop_reference_schools(session, *SCHOOLS)  # the figures below are worked by hand
        for code, schools in SCHOOLS.items():
            for index, (students, eligible, rural) in enumerate(schools):
                session.add(School(member=members[code], code=f"{code}U{index:02d}",
                                   name="Test school", students=students,
                                   nslp_eligible=eligible, rural=rural,
                                   owner=members[code].owner))
        for code, item, qty, price, status, sources, preferred, current in LINES:
            catalog = items[item]
            session.add(Need(member=members[code], item=catalog, description=catalog.name,
                             unit=catalog.unit, quantity=Decimal(qty),
                             unit_price=Decimal(price), funding_year=year,
                             funding_sources=sources, preferred_vendor=preferred,
                             current_vendor=current, status=status,
                             owner=members[code].owner))
