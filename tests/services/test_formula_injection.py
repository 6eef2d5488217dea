"""No user text enters a spreadsheet we produce as a formula: the vendors' pricing workbook,
the needs template, and every table written through app.services.spreadsheet_write."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import openpyxl
import pytest
from packet_samples import add_packet_samples
from sqlalchemy import select

from app.models import CatalogItem, Member
from app.models.db import Store
from app.services.packets import build_packet
from app.services.spreadsheet_write import FORMULA_STARTS, neutralise, write_table
from app.services.tabular_needs import write_needs_template
from app.services.tabular_pricing import write_pricing_form

# One payload per character a spreadsheet may start a formula with.
PAYLOADS = ('=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")
# The formulas the program writes itself into the pricing form.
OWN_FORMULA = re.compile(r"=(IF|SUM|SUMIF|AND)\(")


def user_cells(path: Path) -> list[tuple[str, str, object, str]]:
    """(sheet, cell, value, data type) of every filled cell."""
    book = openpyxl.load_workbook(path)
    return [(sheet.title, cell.coordinate, cell.value, cell.data_type)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None]


def assert_no_injection(path: Path) -> None:
    for sheet, coordinate, value, kind in user_cells(path):
        where = f"{path.name} {sheet}!{coordinate}: {value!r}"
        if kind == "f":
            assert OWN_FORMULA.match(str(value)) and "cmd" not in str(value) \
                and "evil" not in str(value), where
        elif isinstance(value, str):
            assert not value.startswith(FORMULA_STARTS), where


def test_neutralise_covers_tab_and_carriage_return() -> None:
    for payload in PAYLOADS:
        assert neutralise(payload) == "'" + payload
    assert neutralise("Wake County") == "Wake County" and neutralise(5) == 5


def test_pricing_form_neutralises_consortium_name_title_lots_and_lines(
        state_store: Store, tmp_path: Path) -> None:
    ref = add_packet_samples(state_store)
    with state_store.session() as session:
        packet = build_packet(session, ref)
    evil = iter(PAYLOADS * 20)
    lots = tuple(dataclasses.replace(
        lot, name=next(evil), items=tuple(dataclasses.replace(
            item, description=next(evil), unit=next(evil), item_code=next(evil))
            for item in lot.items)) for lot in packet.lots)
    packet = dataclasses.replace(packet, consortium_name=PAYLOADS[0], title=PAYLOADS[1],
                                 contact=PAYLOADS[3], lots=lots)
    path = tmp_path / "pricing.xlsx"
    write_pricing_form(packet, path)
    assert_no_injection(path)
    values = {str(v) for _s, _c, v, _k in user_cells(path)}
    assert "'" + PAYLOADS[0] in values  # the consortium name heads the instructions
    assert "'" + PAYLOADS[1] in values  # the title on the hidden _form sheet
    # The program's own formulas are still formulas.
    assert any(k == "f" and str(v).startswith("=SUM(") for _s, _c, v, k in user_cells(path))


def test_needs_template_neutralises_catalog_and_member_text(region3_store: Store,
                                                            tmp_path: Path) -> None:
    with region3_store.transaction() as session:
        item = session.scalars(select(CatalogItem).order_by(CatalogItem.code)).first()
        assert item is not None
        item.name, item.unit = PAYLOADS[0], PAYLOADS[2]
        member = session.scalars(select(Member).where(Member.code == "920")).one()
        member.name = PAYLOADS[3]
    with region3_store.session() as session:
        write_needs_template(session, tmp_path / "t.xlsx")
    assert_no_injection(tmp_path / "t.xlsx")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tables_neutralise_headers_and_values(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"t{suffix}"
    write_table(out, "T", ["name", PAYLOADS[0]], [[p, 1] for p in PAYLOADS])
    if suffix == ".xlsx":
        assert_no_injection(out)
    else:
        with out.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert len(cells) == 2 * (len(PAYLOADS) + 1)
        for cell in cells:
            assert not cell.startswith(FORMULA_STARTS), cell
