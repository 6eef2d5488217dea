"""A procurement with two lots and vendors' bids made directly with the models (not through
intake), for the opening and tabulation tests. Bids are due 2026-03-03 at 2:00 p.m. NC time
(19:00 UTC).

Lot 1 (Wireless): 1.1 AP-WIFI6-IN ×100, 1.2 SVC-INSTALL-HR ×10 (a service line).
Lot 2 (Devices): 2.1 CB-STU-116 ×50.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from app.models import Bid, BidLine, CatalogItem, Procurement
from app.models.db import Store
from app.models.procurement import Lot, LotItem
from app.services.bid_opening import open_bids
from app.services.compliance import import_list
from app.services.packet_settings import set_fact
from app.services.vendors import add_vendor, get_vendor

D = Decimal
REF = "P2026-TAB"
DUE = date(2026, 3, 3)
AFTER = datetime(2026, 3, 3, 19, 30, tzinfo=UTC)  # half an hour after the deadline
BEFORE = datetime(2026, 3, 3, 18, 30, tzinfo=UTC)
ON_TIME = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
LATE = datetime(2026, 3, 3, 19, 5, tzinfo=UTC)
LOTS = {1: ("Wireless access points", [("AP-WIFI6-IN", "100"), ("SVC-INSTALL-HR", "10")]),
        2: ("Student Chromebooks", [("CB-STU-116", "50")])}


def vendor_facts(name: str) -> dict[str, str]:
    return {"name": name, "spin_498": "143012345", "e_verify_affidavit": "yes",
            "e_verify_on": "2026-01-05", "form_473_years": "2026", "w9_on_file": "yes"}


def make_procurement(store: Store, method: str = "formal", due: date | None = DUE) -> None:
    with store.transaction() as session:
        items = {i.code: i for i in session.scalars(select(CatalogItem))}
        procurement = Procurement(ref=REF, title="Statewide wireless and devices",
                                  funding_year=2026, method=method, status="bidding",
                                  funding_sources="local", bid_due_on=due, owner="state")
        session.add(procurement)
        for number, (name, lines) in LOTS.items():
            lot = Lot(procurement=procurement, number=number, name=name, owner="state")
            session.add(lot)
            for code, qty in lines:
                item = items[code]
                session.add(LotItem(lot=lot, item=item, description=item.name,
                                    unit=item.unit, quantity=D(qty),
                                    estimated_unit_price=item.reference_price,
                                    estimated_amount=item.reference_price * D(qty),
                                    owner="state"))
        session.flush()
        set_fact(session, REF, "bid_due_time", "2:00 p.m.")
        set_fact(session, REF, "opening_place", "Room 101, State Office")


def add_bid(store: Store, vendor: str, prices: dict[str, str], *,
            received_at: datetime = ON_TIME, late: bool = False, status: str = "current",
            maker: str = "Acme", swap: tuple[str, ...] = (), register: bool = True,
            sha: str = "") -> None:
    """A vendor's bid with a unit price per catalog code (extended = quantity × unit)."""
    if register:
        with store.transaction() as session:
            add_vendor(session, vendor_facts(vendor))
    with store.transaction() as session:
        procurement = session.scalar(select(Procurement).where(Procurement.ref == REF))
        row = get_vendor(session, vendor)
        items = {i.item.code: i for lot in procurement.lots for i in lot.items}
        bid = Bid(procurement=procurement, vendor=row, status=status, late=late,
                  received_at=received_at, received_by="Clerk",
                  file_name=f"{vendor.split()[0].lower()}.xlsx",
                  sha256=(sha or f"{abs(hash((vendor, status, late))):x}" * 8)[:64],
                  bidder_name=vendor)
        session.add(bid)
        for code, price in prices.items():
            item = items[code]
            session.add(BidLine(bid=bid, lot_item=item, manufacturer=maker,
                                part_number=f"{code}-X", unit_price=D(price),
                                extended_price=(D(price) * item.quantity).quantize(D("0.01")),
                                substitution=code in swap))


FULL = {"AP-WIFI6-IN": "600.00", "SVC-INSTALL-HR": "95.00", "CB-STU-116": "280.00"}


def add_scenario(store: Store, listed_file: Path, open_them: bool = True) -> None:
    """Four on-time bidders (one with an "or equivalent" substitution, one on the
    Treasurer's Iran list, one pricing half a lot), a late bid and a replaced version."""
    make_procurement(store)
    add_bid(store, "Acme Networks Inc", FULL, sha="a3f1c2" * 11)
    add_bid(store, "Blue Ridge Technology LLC", {"AP-WIFI6-IN": "590.00",
                                                 "SVC-INSTALL-HR": "99.00"},
            swap=("AP-WIFI6-IN",), maker="Ruckus", sha="b7e9d4" * 11)
    add_bid(store, "Petro Example Corporation", {k: "1.00" for k in FULL}, sha="c0ffee" * 11)
    add_bid(store, "Piedmont Partial Supply", {"AP-WIFI6-IN": "500.00"}, sha="d15ea5" * 11)
    add_bid(store, "Late Comer LLC", {k: "2.00" for k in FULL}, received_at=LATE, late=True,
            sha="1a7e00" * 11)
    add_bid(store, "Acme Networks Inc", {"AP-WIFI6-IN": "700.00"}, status="replaced",
            register=False, received_at=ON_TIME - timedelta(days=1), sha="0b5013" * 11)
    listed_file.write_text("Company\nPetro Example Corp.\n", encoding="utf-8")
    with store.transaction() as session:
        import_list(session, "iran_divestment", listed_file, date(2026, 2, 1),
                    "NC Treasurer, February 2026")
        if open_them:
            open_bids(session, REF, "Pat Buyer", ["Sam Witness", "Lee Witness"], now=AFTER)
