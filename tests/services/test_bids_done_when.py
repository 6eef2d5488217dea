"""Issue #15's "done when", on the statewide demo: the packet is generated, four vendors'
workbooks arrive (one late, one first file with a bad row refused by sheet, row and column),
prices stay hidden until `bids open`, and the tabulation (XLSX and PDF) shows the lowest
responsive price per line, every figure traceable to a received file by its SHA-256. A
vendor on the Treasurer's list fails its compliance, and so does one whose bid line names a
manufacturer on the Covered List."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from demo_samples import statewide
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import UserError
from app.models import Bid, BidLine, Vendor
from app.models.db import Store
from app.reports.packet.render import render_packet
from app.services.bid_opening import deadline_of, open_bids, opening_row
from app.services.bid_tabulation import tabulate
from app.services.bids import bid_file, check_bid_file, list_bids
from app.services.compliance import add_entry, compliance_for, import_list
from app.services.demo_bids import demo_bids
from app.services.erate import find_procurement
from app.services.packets import build_packet
from app.services.tabulation_xlsx import write_tabulation


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str, Path]]:
    root = tmp_path_factory.mktemp("bids")
    store, ref = statewide(root)
    with store.session() as session:
        packet = build_packet(session, ref)
    assert render_packet(packet)[:4] == b"%PDF"  # the packet is generated (a draft here)
    with store.transaction() as session:
        demo_bids(session, ref, root / "returned")
    yield store, ref, root
    store.dispose()


def test_four_workbooks_one_late_one_bad_row_refused(world: tuple[Store, str, Path]) -> None:
    store, ref, root = world
    with store.session() as session:
        rows = [r for r in list_bids(session, ref) if r.status == "current"]
    assert len(rows) == 4
    assert [r.vendor for r in rows if r.late] == ["Coastal Plain Computers, LLC"]
    # The refused first file stays in the folder; checked again, it names the cell.
    bad = next((root / "returned").glob("*Coastal*-v1.xlsx"))
    with store.session() as session:
        problems = check_bid_file(session, ref, bad).problems
    assert any(re.match(r"Pricing![A-Z]+\d+: unit price 'TBD' is not a number", p)
               for p in problems), problems


def test_prices_are_hidden_until_the_opening_then_tabulated(
        world: tuple[Store, str, Path]) -> None:
    store, ref, root = world
    with store.session() as session:
        sealed = [r.__dict__ for r in list_bids(session, ref)]
        with pytest.raises(UserError, match="opening"):
            tabulate(session, ref)
        due = deadline_of(session, find_procurement(session, ref))
    assert due is not None
    assert not any("price" in key for row in sealed for key in row)
    with store.transaction() as session:
        open_bids(session, ref, "Dana Whitfield", ["Sam Ortiz"], now=due + timedelta(hours=1))
    with store.session() as session:
        tab = tabulate(session, ref)
        stored = {b.sha256: bid_file(session, b.sha256) for b in tab.bids}
    assert tab.opening.outcome == "bids"
    for sha, content in stored.items():  # every file as received, under its fingerprint
        assert hashlib.sha256(content).hexdigest() == sha
    for lot in tab.lots:
        assert all(b.sha256 in stored for b in lot.bidders)
        for line in lot.lines:
            offers = [cell.unit_price for bidder, cell in zip(lot.bidders, line.cells,
                                                              strict=True)
                      if cell is not None and bidder.responsive]
            assert line.lowest == (min(offers) if offers else None)
            for bidder, cell in zip(lot.bidders, line.cells, strict=True):
                if cell is not None:
                    assert cell.lowest == (bidder.responsive and cell.unit_price == line.lowest)
    # The figures trace back to the received workbooks.
    first = tab.lots[0]
    bidder, cell = next((b, c) for b, c in zip(first.bidders, first.lines[0].cells,
                                               strict=True) if c is not None)
    book = load_workbook(io.BytesIO(stored[bidder.sha256]), data_only=False)
    prices = [row[9].value for row in book["Pricing"].iter_rows(min_row=6)
              if row[1].value == first.lines[0].number]
    assert [float(cell.unit_price)] == [float(p) for p in prices]
    write_tabulation(tab, root / "tab.xlsx")
    write_tabulation(tab, root / "tab.pdf")
    assert load_workbook(root / "tab.xlsx").sheetnames[0]
    text = " ".join(p.extract_text() for p in PdfReader(root / "tab.pdf").pages)
    assert bidder.sha256[:12] in text and "received late, not opened" in " ".join(text.split())


def test_compliance_fails_for_a_listed_vendor_and_a_covered_manufacturer(
        world: tuple[Store, str, Path]) -> None:
    store, ref, root = world
    with store.transaction() as session:
        procurement = find_procurement(session, ref)
        if opening_row(session, procurement) is None:  # run on its own
            open_bids(session, ref, "Dana Whitfield",
                      now=deadline_of(session, procurement) + timedelta(hours=1))
    listed = root / "iran.csv"
    listed.write_text("name\nBLUE RIDGE DATA SYSTEMS INC\n", encoding="utf-8")
    with store.transaction() as session:
        import_list(session, "iran_divestment", listed, date(2026, 4, 15))
        maker = session.scalars(select(BidLine.manufacturer).join(Bid).join(Vendor).where(
            Vendor.name.like("Piedmont%"), BidLine.manufacturer != "")).first()
        add_entry(session, "covered_list", maker, "Huawei Technologies Company")
    with store.session() as session:
        blue = {x.code: x for x in compliance_for(session, "Blue Ridge Data", ref)}
        piedmont = {x.code: x for x in compliance_for(session, "Piedmont Technology", ref)}
        tab = tabulate(session, ref)
    assert blue["iran_divestment"].status == "FAIL"
    assert piedmont["covered"].status == "FAIL" and maker in piedmont["covered"].reason
    responsive = {b.vendor: b.responsive for lot in tab.lots for b in lot.bidders}
    assert responsive["Blue Ridge Data Systems, Inc."] is False
    assert responsive["Piedmont Technology Group, Inc."] is False
