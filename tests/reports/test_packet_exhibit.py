"""Issue #14: the packet's exhibit by member is compact (one row per member, a column per lot
line) with item codes that never break, and the packet and the region summary carry charts."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable
from synthetic_packet import synthetic_packet

from app.models.db import Store
from app.reports import chart_data, charts
from app.reports.packet.dto import BidPacket
from app.reports.packet.exhibit import HEAD_SIZE, PAD, UpLabel, exhibit_by_member
from app.reports.packet.render import body_story, render_packet
from app.reports.packet.sections import Ctx, qty
from app.reports.packet.tables import code_cell
from app.reports.region_summary import (
    RegionCategoryRow,
    RegionMemberRow,
    RegionSummary,
    _story,
    render_region_summary,
)
from app.reports.styles import FONT, FONT_BOLD, register_fonts
from app.services.demo import fill_demo
from app.services.packets import build_packet
from app.services.procurements import create_procurement

WIDTH = 499.0  # the packet's frame width, less the frame's padding
LONG_CODES = ("CB-11E-4", "CB-STU-116-CNV", "OPT-SFP-10G-LR", "WLC-APPLIANCE",
              "SW-CORE-48P-10G", "SVC-CONFIG-DEVICE-ONSITE")


def pages_of(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def exhibit_pages(pages: list[str]) -> list[int]:
    """Pages from Exhibit B's heading (not the contents' line) to the pricing form."""
    start = next(i for i, p in enumerate(pages)
                 if "Exhibit B — quantities by member Each member" in p)
    end = next(i for i, p in enumerate(pages) if i > start and "Line-item pricing form" in p)
    return list(range(start, end))


def grids(packet: BidPacket) -> list[LongTable]:
    story = exhibit_by_member(Ctx(packet, WIDTH, {"quantities": 5}), 5)
    return [f for f in story if isinstance(f, LongTable)]


def with_codes(packet: BidPacket, codes: tuple[str, ...]) -> BidPacket:
    lots = []
    for index, lot in enumerate(packet.lots):
        items = tuple(dataclasses.replace(item, item_code=codes[(index + n) % len(codes)])
                      for n, item in enumerate(lot.items))
        lots.append(dataclasses.replace(lot, items=items))
    return dataclasses.replace(packet, lots=tuple(lots))


@pytest.fixture(scope="module")
def dense() -> BidPacket:
    """283 members over 8 lines, each member in about three: drawn as a grid."""
    return with_codes(synthetic_packet(members=283, lots=8, lines_per_lot=1,
                                       lots_per_member=3), LONG_CODES)


@pytest.fixture(scope="module")
def sparse() -> BidPacket:
    """283 members over 30 lines, each member in about eight: drawn as lists."""
    return with_codes(synthetic_packet(members=283, lots=15, lots_per_member=4), LONG_CODES)


def test_one_row_per_member_and_a_column_per_line(dense: BidPacket) -> None:
    tables = grids(dense)
    columns = [t._cellvalues[0][2:] for t in tables]
    lines = [label.text.split()[0] for group in columns for label in group]
    assert lines == [item.line for item in dense.lot_lines]  # each line once, in order
    for table, group in zip(tables, columns, strict=True):
        shown = {label.text.split()[0] for label in group}
        takers = {c.member_code for c in dense.member_quantities if c.line in shown}
        codes = [row[0] for row in table._cellvalues[1:-1]]
        assert codes == sorted(takers)  # one row per member, members without any left out
    assert len(tables) == 1


def test_no_header_cell_breaks_an_item_code(dense: BidPacket) -> None:
    register_fonts()
    for table in grids(dense):
        table.wrap(WIDTH, 10_000)
        assert sum(table._colWidths) <= WIDTH + 0.01
        for column, cell in enumerate(table._cellvalues[0][2:], start=2):
            label = cell[0] if isinstance(cell, (list, tuple)) else cell  # wrap() boxes it
            assert isinstance(label, UpLabel)
            line, code = label.lines[0][0], label.lines[1][0]
            assert code in LONG_CODES and label.text == f"{line} {code}"
            # Turned upright: the header row is as tall as the code is long, and the
            # column as wide as the turned lines; nothing is left to wrap.
            assert table._rowHeights[0] >= stringWidth(code, FONT, HEAD_SIZE)
            assert table._colWidths[column] >= label.width + 2 * PAD
            figures = [row[column] for row in table._cellvalues[1:] if row[column]]
            widest = max(stringWidth(f, FONT_BOLD, 7) for f in figures)
            assert table._colWidths[column] >= widest + 2 * PAD


def test_grid_prints_codes_and_names_whole(dense: BidPacket) -> None:
    name = "The Institute for the Development of Young Leaders Charter Academy"
    taker = dense.member_quantities[0].member_code
    members = tuple(dataclasses.replace(m, name=name) if m.code == taker else m
                    for m in dense.members)
    pages = pages_of(render_packet(dataclasses.replace(dense, members=members)))
    exhibit = exhibit_pages(pages)
    assert len(exhibit) <= 6  # 283 members, one row each
    text = " ".join(pages[i] for i in exhibit)
    for item in dense.lot_lines:
        assert f"{item.line} {item.item_code}" in text
    words = text.split()
    assert all(word in words for word in name.split())  # wrapped between words only


def test_sparse_demand_lists_each_members_lines_on_its_row(sparse: BidPacket) -> None:
    story = exhibit_by_member(Ctx(sparse, WIDTH, {"quantities": 5}), 5)
    (table,) = [f for f in story if isinstance(f, LongTable)]
    rows = table._cellvalues[1:]
    assert [r[0] for r in rows] == sorted({c.member_code for c in sparse.member_quantities})
    pages = pages_of(render_packet(sparse))
    exhibit = exhibit_pages(pages)
    # 2,250 member lines: 61 pages at one member per line, 17 as a 283 × 30 grid.
    assert len(exhibit) <= 7
    text = " ".join(pages[i] for i in exhibit)
    for cell in sparse.member_quantities[:40]:
        assert f"{cell.line} {qty(cell.quantity)}" in text, cell


def test_exhibit_without_quantities_says_so() -> None:
    packet = dataclasses.replace(synthetic_packet(members=5, lots=2), member_quantities=())
    text = " ".join(pages_of(render_packet(packet)))
    assert "No member has confirmed a quantity yet." in text


def test_statewide_demo_exhibit_is_a_handful_of_pages(state_store: Store) -> None:
    fill_demo(state_store, seed=1)
    with state_store.transaction() as session:
        row = create_procurement(session, title="Statewide Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"], lot_basis="item")
    with state_store.session() as session:
        packet = build_packet(session, row.ref)
    assert len(packet.members) > 200
    pages = pages_of(render_packet(packet))
    assert len(exhibit_pages(pages)) <= 6  # 14 at one member per line
    text = " ".join(pages)
    assert "Participating members per region" in text
    for number, name in packet.regions:
        if any(m.region == number for m in packet.members):
            assert f"Region {number} {name}" in text


def test_packet_demand_section_carries_the_members_chart() -> None:
    packet = synthetic_packet(members=40, lots=4)
    story = body_story(packet, WIDTH)
    drawings = [f for f in story if isinstance(f, Drawing)]
    assert len(drawings) == 1
    pages = pages_of(render_packet(packet))
    page = next(p for p in pages if "Participating members per region" in p)
    assert "5 Aggregated quantities" in page
    assert "Region 1 Northeast" in page and "LEAs" in page and "Charter schools" in page


SUMMARY = RegionSummary(
    "NC K-12 Technology Purchasing Consortium", "Region 4 (Sandhills)", 2026,
    (RegionMemberRow("260", "Cumberland County Schools", "lea", 40, 12, Decimal(900_000),
                     Decimal(250_000)),),
    tuple(RegionCategoryRow(name, 1, 3, 1, Decimal(c), Decimal(d)) for name, c, d in (
        ("Student and staff devices", 700_000, 200_000),
        ("Wireless LAN (access points, controllers, licences)", 150_000, 50_000),
        ("Switching and routing", 50_000, 0))))


def test_region_summary_carries_the_dollars_chart() -> None:
    story = _story(SUMMARY, 500, "FY2026")
    assert sum(isinstance(f, Drawing) for f in story) == 1
    text = " ".join(pages_of(render_region_summary(SUMMARY)))
    assert "Dollars per category (confirmed and draft)" in text
    assert "Wireless LAN" in text and "Confirmed" in text and "Draft" in text
    assert "$900k" in text  # the largest bar's total


def test_region_summary_without_dollars_has_no_empty_chart() -> None:
    empty = dataclasses.replace(SUMMARY, categories=())
    assert not any(isinstance(f, Drawing) for f in _story(empty, 500, "FY2026"))


def test_chart_helpers() -> None:
    d = Decimal
    rows = [(f"C{n}", d(100 - n), d(1)) for n in range(10)]
    shown = chart_data.top_rows(rows, 7)
    assert shown[-1] == ("Other categories (3)", d(93 + 92 + 91), d(3))
    assert chart_data.top_rows(rows[:8], 7)[-1] == rows[7]  # one left over keeps its name
    assert charts.nice_ceiling(59.4) == (60, 20)
    assert charts.nice_ceiling(0) == (1.0, 0.25)
    assert charts.nice_ceiling(1.12, whole=True) == (2, 1)  # not 0, 0.25, 0.5 … as "0 0 1"
    assert charts.nice_ceiling(26.9, whole=True) == (30, 10)
    end, step = charts.nice_ceiling(21_583_244)
    assert end >= 21_583_244 and end / step <= 5
    assert chart_data.short_money(19_200_000) == "$19.2M"
    assert chart_data.short_money(86) == "$86"
    drawing = charts.members_by_region([("Region 1", 4, 0, 0)], 400)
    legend = [s for s in drawing.contents if s.__class__.__name__ == "Legend"][0]
    assert [name for _c, name in legend.colorNamePairs] == ["LEAs"]


def test_twenty_character_codes_stay_whole_in_every_table() -> None:
    """Codes run to 20 characters: the lot, summary, exhibit A and pricing tables draw a
    long one smaller rather than break it."""
    register_fonts()
    code = "SVC-CONFIG-DEVICE-ON"
    cell = code_cell(code, 1.15 * 72)
    assert stringWidth(code, FONT, cell.style.fontSize) <= 1.15 * 72 - 8
    packet = with_codes(synthetic_packet(members=6, lots=2, lots_per_member=2), (code,))
    reader = PdfReader(io.BytesIO(render_packet(packet)))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    text = "\n".join(lines)
    broken = [k for k in range(1, len(code)) if f"{code[:k]}\n{code[k:]}" in text]
    assert not broken
    assert sum(code in line for line in lines) >= 4 * len(packet.lot_lines)
