"""A small state data set with a procurement for the bid-packet tests (services, CLI, UI):
three members with schools, confirmed need lines in two categories, letters of agency for
two of them, and one member named `Smith & Sons <Élan> Łódź`. Imported as `packet_samples`
(pytest puts the tests folder on sys.path)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.models import CatalogItem, Member, Need, School
from app.models.db import Store
from app.services.letters import add_letter
from app.services.procurements import create_procurement, edit_procurement

TRICKY = "Smith & Sons <Élan> Łódź"
YEAR = 2026
# member, item, quantity, unit price, sources
LINES = [
    ("920", "AP-WIFI6-IN", "100", "650.00", "erate,local"),
    ("010", "AP-WIFI6-IN", "50", "640.00", "erate,local"),
    ("600", "AP-WIFI6-IN", "20", "650.00", "erate,local"),
    ("920", "CB-STU-116", "1000", "285.00", "federal,local"),
    ("010", "CB-STU-116", "275", "290.00", "local"),
]
QUANTITIES = {"AP-WIFI6-IN": "170", "CB-STU-116": "1,275"}


def add_packet_samples(store: Store) -> str:
    """Add the data and plan the procurement; returns its reference."""
    with store.transaction() as session:
        members = {m.code: m for m in session.scalars(select(Member).where(
            Member.code.in_(["920", "010", "600"])))}
        members["600"].name = TRICKY
        items = {i.code: i for i in session.scalars(select(CatalogItem))}
        for code, member in members.items():
            session.add(School(member=member, code=f"{code}P00", name="Test school",
                               students=1000, nslp_eligible=450, rural=code == "010",
                               owner=member.owner))
        for code, item, qty, price, sources in LINES:
            catalog = items[item]
            session.add(Need(member=members[code], item=catalog, description=catalog.name,
                             unit=catalog.unit, quantity=Decimal(qty),
                             unit_price=Decimal(price), funding_year=YEAR,
                             funding_sources=sources, status="confirmed",
                             owner=members[code].owner))
    with store.transaction() as session:
        for code in ("920", "600"):
            add_letter(session, code, {
                "lead_name": "NC K-12 Technology Purchasing Consortium",
                "first_funding_year": YEAR, "last_funding_year": YEAR + 2,
                "official_name": "Pat Official", "official_title": "Superintendent",
                "signed_on": "2025-10-01", "services": "All E-rate eligible services"})
        row = create_procurement(session, title="Wi-Fi and Chromebooks FY2026",
                                 funding_year=YEAR, items=["AP-WIFI6-IN", "CB-STU-116"])
        edit_procurement(session, row.ref, {
            "form470_certified_on": "2025-11-03", "rfp_posted_on": "2025-11-03",
            "nc_advertised_on": "2025-11-05", "bid_due_on": "2025-12-08"})
    return row.ref
