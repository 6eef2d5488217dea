"""Bid intake (issue #15): a returned pricing form is checked against its procurement, every
problem named by sheet/row/column; on-time bids replace or withdraw before the deadline, a
late bid is recorded and never opened; the list is sealed (no prices); the demo's four
vendors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from packet_samples import add_packet_samples
from sqlalchemy import select

from app.errors import UserError
from app.models import Bid, BidFile, BidLine, CatalogItem
from app.models.db import Store
from app.services import packet_settings as ps
from app.services.bids import (
    BidRefused,
    bid_receipt,
    check_bid_file,
    intake_summary,
    list_bids,
    receive_bid,
    withdraw_bid,
)
from app.services.demo_bids import VENDORS, demo_bids, fill_form
from app.services.packets import build_packet
from app.services.vendors import add_vendor

# Bids due 8 Dec 2025 2:00 PM Eastern = 19:00 UTC.
DUE = datetime(2025, 12, 8, 19, 0, tzinfo=UTC)
EARLY = DUE - timedelta(days=1)
ACME = {"name": "Acme Networks, Inc.", "spin_498": "143012345"}


@pytest.fixture
def ref(state_store: Store) -> str:
    ref = add_packet_samples(state_store)
    with state_store.transaction() as session:
        ps.set_fact(session, ref, "bid_due_time", "2:00 p.m. Eastern time")
        add_vendor(session, ACME)
    return ref


def good_lines(packet) -> dict:  # type: ignore[no-untyped-def]
    return {i.line: ("Acer" if i.item_code.startswith("CB") else "HPE Aruba", "P-1",
                     612.5 if i.item_code.startswith("AP") else 270.0,
                     30 if i.item_code.startswith("AP") else None) for i in packet.lot_lines}


def form(store: Store, ref: str, path: Path, change=None, tiers=()) -> Path:  # type: ignore[no-untyped-def]
    with store.session() as session:
        packet = build_packet(session, ref)
    lines = good_lines(packet)
    if change:
        change(lines, packet)
    return fill_form(packet, path, "Acme Networks", lines, tiers)


def test_a_good_form_is_received_with_its_lines_tiers_and_file(state_store: Store, ref: str,
                                                               tmp_path: Path) -> None:
    path = form(state_store, ref, tmp_path / "acme.xlsx",
                tiers=(("1.1", 100, 600.0),))
    with state_store.transaction() as session:
        receipt = receive_bid(session, ref, path, "Acme Networks", received_at=EARLY)
    assert not receipt.bid.late and receipt.bid.version == 1 and receipt.bid.flags == ()
    with state_store.session() as session:
        bid = session.scalars(select(Bid)).one()
        stored = session.scalars(select(BidFile)).one()
        assert stored.content == path.read_bytes() and stored.sha256 == bid.sha256
        lines = {x.lot_item.description: x for x in bid.lines}
        assert len(lines) == 2 and len(bid.tiers) == 1
        ap = next(x for x in bid.lines if x.unit_price == Decimal("612.50"))
        assert ap.ineligible_unit_price == Decimal("30.00")
        assert ap.extended_price == Decimal("612.50") * ap.lot_item.quantity
        cb = next(x for x in bid.lines if x.unit_price == Decimal("270.00"))
        assert cb.ineligible_unit_price == Decimal("270.00")  # not E-rate: all ineligible
        assert bid.bidder_name == "Acme Networks"


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_stored(
        state_store: Store, ref: str, tmp_path: Path) -> None:
    def spoil(lines, packet):  # type: ignore[no-untyped-def]
        first, second = (i.line for i in packet.lot_lines)
        lines[first] = (*lines[first][:2], "abc", None)
        lines[second] = (*lines[second][:2], 12.345, None)

    path = form(state_store, ref, tmp_path / "bad.xlsx", spoil, tiers=(("9.9", 5, 1.0),))
    book = openpyxl.load_workbook(path)
    book["Pricing"]["G6"] = 5  # a quantity
    book["Pricing"]["L7"] = 1000  # an extended price typed over its formula
    book.save(path)
    with state_store.transaction() as session, pytest.raises(BidRefused) as refused:
        receive_bid(session, ref, path, "Acme Networks", received_at=EARLY)
    problems = refused.value.problems
    assert "Pricing!J6: unit price 'abc' is not a number" in problems
    assert "Pricing!J7: unit price is not in whole cents" in problems
    assert any(p.startswith("Pricing!G6: quantity '5' is not the issued") for p in problems)
    assert "Pricing!L7: locked cell changed to '1000' (issued: '=IF(J7=\"\",\"\"," \
        "ROUND(G7*J7,2))')" in problems
    assert any(p.startswith("Volume tiers!A2: '9.9' is not a line") for p in problems)
    with state_store.session() as session:
        assert session.scalars(select(Bid)).all() == []
        assert session.scalars(select(BidFile)).all() == []


def test_another_procurements_form_is_refused(state_store: Store, ref: str,
                                              tmp_path: Path) -> None:
    path = form(state_store, ref, tmp_path / "x.xlsx")
    book = openpyxl.load_workbook(path)
    book["_form"]["B3"] = "2025-OTHER"
    book.save(path)
    with state_store.session() as session:
        result = check_bid_file(session, ref, path)
    assert result.problems == (f"_form!B3: this is the pricing form of '2025-OTHER', not of "
                               f"{ref}",)


def test_missing_make_and_substitution_are_flags_not_refusals(state_store: Store, ref: str,
                                                              tmp_path: Path) -> None:
    with state_store.transaction() as session:
        session.scalars(select(CatalogItem).where(
            CatalogItem.code == "AP-WIFI6-IN")).one().brand = "Cisco"

    def drop(lines, packet):  # type: ignore[no-untyped-def]
        cb = next(i.line for i in packet.lot_lines if i.item_code.startswith("CB"))
        lines[cb] = ("", "", *lines[cb][2:])

    path = form(state_store, ref, tmp_path / "f.xlsx", drop)
    with state_store.transaction() as session:
        receipt = receive_bid(session, ref, path, "Acme Networks", received_at=EARLY)
    flags = receipt.bid.flags
    assert any("no manufacturer" in f and f.startswith("Pricing!H") for f in flags)
    assert any("no part number" in f and f.startswith("Pricing!I") for f in flags)
    with state_store.session() as session:
        swap = session.scalars(select(BidLine).where(BidLine.substitution.is_(True))).one()
        assert "'HPE Aruba' offered as an equivalent of the specified 'Cisco'" in \
            swap.review_note
    assert swap.review_note in flags  # shown in the list: a make, not a price


def test_replace_withdraw_and_the_deadline(state_store: Store, ref: str,
                                           tmp_path: Path) -> None:
    first = form(state_store, ref, tmp_path / "v1.xlsx")
    second = form(state_store, ref, tmp_path / "v2.xlsx", tiers=(("1.1", 10, 600.0),))
    with state_store.transaction() as session:
        receive_bid(session, ref, first, "Acme Networks", received_at=EARLY)
        with pytest.raises(UserError, match="this very file was received"):
            receive_bid(session, ref, first, "Acme Networks", received_at=EARLY)
        receipt = receive_bid(session, ref, second, "Acme Networks",
                              received_at=EARLY + timedelta(hours=1))
        assert receipt.bid.version == 2 and receipt.replaced_version == 1
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="can be replaced only before the deadline"):
            receive_bid(session, ref, form(state_store, ref, tmp_path / "v3.xlsx",
                                           tiers=(("1.1", 20, 590.0),)),
                        "Acme Networks", received_at=DUE + timedelta(seconds=1))
        with pytest.raises(UserError, match="withdrawn only before"):
            withdraw_bid(session, ref, "Acme Networks", at=DUE + timedelta(minutes=1))
        row = withdraw_bid(session, ref, "Acme Networks", "pricing error",
                           at=DUE - timedelta(minutes=1))
        assert row.status == "withdrawn"
    with state_store.session() as session:
        rows = list_bids(session, ref)
        assert [(r.version, r.status) for r in rows] == [(1, "replaced"), (2, "withdrawn")]
        assert len(session.scalars(select(BidFile)).all()) == 2


def test_a_late_bid_is_recorded_even_with_problems(state_store: Store, ref: str,
                                                   tmp_path: Path) -> None:
    def spoil(lines, packet):  # type: ignore[no-untyped-def]
        line = packet.lot_lines[0].line
        lines[line] = (*lines[line][:2], "TBD", None)

    path = form(state_store, ref, tmp_path / "late.xlsx", spoil)
    with state_store.transaction() as session:
        receipt = receive_bid(session, ref, path, "Acme Networks",
                              received_at=DUE + timedelta(minutes=5))
    assert receipt.bid.late
    assert "Problem: Pricing!J6: unit price 'TBD' is not a number" in receipt.bid.flags
    with state_store.session() as session:
        assert session.scalars(select(BidLine)).all() == []  # never opened, nothing parsed
        assert bid_receipt(session, ref, "Acme Networks").bid.late


def test_the_list_is_sealed(state_store: Store, ref: str, tmp_path: Path) -> None:
    path = form(state_store, ref, tmp_path / "acme.xlsx")
    with state_store.transaction() as session:
        receive_bid(session, ref, path, "Acme Networks", received_at=EARLY)
    with state_store.session() as session:
        rows = list_bids(session, ref)
    assert intake_summary(rows).startswith("One bid to open.")
    assert intake_summary([]).startswith("No bid to open.")
    text = repr([r.as_json() for r in rows]) + repr(rows)
    assert "612.5" not in text and "270" not in text and "price" not in text.lower()


def test_demo_four_vendors(state_store: Store, ref: str, tmp_path: Path) -> None:
    with state_store.transaction() as session:
        result = demo_bids(session, ref, tmp_path / "bids")
    assert len(result.received) == 4 and sum("(late)" in x for x in result.received) == 1
    assert any(": Pricing!J6: unit price 'TBD' is not a number" in x for x in result.refused)
    assert len(list((tmp_path / "bids").glob("*.xlsx"))) == 5
    with state_store.session() as session:
        rows = {r.vendor: r for r in list_bids(session, ref)}
        assert set(rows) == {v["name"] for v in VENDORS}
        blue = rows["Blue Ridge Data Systems, Inc."]
        assert any("no manufacturer" in f for f in blue.flags) and not blue.late
        assert session.scalars(select(BidLine).where(BidLine.substitution.is_(True))).all()
    with state_store.transaction() as session:  # once only: a second run adds nothing
        again = demo_bids(session, ref, tmp_path / "again")
    assert again.received == () and again.refused == ()
