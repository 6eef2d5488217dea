"""A small, exact data set for demand, E-rate and procurement service tests (state store):
three members with schools and a handful of need lines whose sums are worked out by hand."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, select

from app.models import CatalogItem, Member, Need, School
from app.models.db import Store

D = Decimal

# member, item, qty, unit price, status, sources, preferred vendor, current vendor
LINES = [
    ("920", "AP-WIFI6-IN", "100", "650.00", "confirmed", "erate,local", "Cisco", "Cisco"),
    ("010", "AP-WIFI6-IN", "50", "640.00", "confirmed", "erate,local", "Juniper", "Cisco"),
    ("600", "SVC-INSTALL-HR", "10.5", "333.33", "confirmed", "erate", "Cisco", ""),
    ("600", "AP-WIFI6-IN", "20", "650.00", "draft", "erate,local", "Cisco", "Cisco"),
    ("920", "CB-STU-116", "1000", "285.00", "confirmed", "federal,local", "CDW-G", "CDW-G"),
    ("010", "CB-STU-116", "10", "285.00", "withdrawn", "local", "CDW-G", "CDW-G"),
    ("010", "CB-STU-116", "200", "290.00", "confirmed", "local", "Dell", "CDW-G"),
]
# member → schools (students, NSLP eligible, rural)
SCHOOLS = {
    "920": [(1000, 900, False), (1000, 900, False)],          # 90 % urban → C1 90, C2 85
    "010": [(800, 320, True), (200, 80, True), (500, 200, False)],  # 40 % rural → 70/70
    "600": [(300, 90, False)],                                 # 30 % urban → 50/50
}


def add_samples(store: Store, year: int = 2026) -> None:
    with store.transaction() as session:
        members = {m.code: m for m in session.scalars(select(Member).where(
            Member.code.in_(list(SCHOOLS))))}
        items = {i.code: i for i in session.scalars(select(CatalogItem))}
        # The sums are worked out by hand over these schools alone, not the real ones that
        # init loads from reference data.
        session.execute(delete(School).where(School.member_id.in_(
            [m.id for m in members.values()])))
        for code, schools in SCHOOLS.items():
            member = members[code]
            for index, (students, eligible, rural) in enumerate(schools):
                session.add(School(member=member, code=f"{code}T{index:02d}",
                                   name=f"Test school {index}", students=students,
                                   nslp_eligible=eligible, rural=rural, owner=member.owner))
        for code, item, qty, price, status, sources, preferred, current in LINES:
            member = members[code]
            catalog = items[item]
            session.add(Need(member=member, item=catalog, description=catalog.name,
                             unit=catalog.unit, quantity=D(qty), unit_price=D(price),
                             funding_year=year, funding_sources=sources,
                             preferred_vendor=preferred, current_vendor=current,
                             status=status, owner=member.owner))
