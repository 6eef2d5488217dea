"""Hostile spreadsheets are refused quickly, in bounded memory, with one line naming the
file (issue #11, hole 5): a 194 KB XLSX with one cell in XFD1048576 took 43 s and 1.46 GB,
a 5 MB one 594 s and 7.5 GB. Each is read in a fresh interpreter whose peak resident set
must stay under 500 MB."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from peak_memory import run_measured

from app.errors import UserError
from app.services.tabular import read_table
from app.services.tabular_read import SheetLimits, read_csv_grid, read_xlsx_grid

TARGET_MB = 500
SHEET = "xl/worksheets/sheet1.xml"


def read_in_child(path: Path) -> tuple[str, float]:
    return run_measured(f"""
from pathlib import Path
from app.services.tabular import read_table
read_table(Path({str(path)!r}))
""")


def workbook(path: Path, far_cell: str | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Needs"
    sheet.append(["member", "item", "quantity"])
    sheet.append(["920", "CB-STU-116", "10"])
    if far_cell:
        sheet[far_cell] = "x"
    book.save(path)
    return path


def with_sheet_xml(path: Path, sheet_xml: bytes | list[bytes]) -> Path:
    """Replace the first sheet's XML (written a piece at a time when given a list)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name != SHEET}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(SHEET, "w", force_zip64=True) as handle:
            for piece in sheet_xml if isinstance(sheet_xml, list) else [sheet_xml]:
                handle.write(piece)
    return path


def sheet_xml(dimension: str, rows: int, columns: int) -> list[bytes]:
    cell = b'<c t="inlineStr"><is><t>x</t></is></c>'
    row = b"<row>" + cell * columns + b"</row>"
    head = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<dimension ref="' + dimension.encode() + b'"/><sheetData>')
    block = row * 10_000
    return [head, *([block] * (rows // 10_000)), row * (rows % 10_000),
            b"</sheetData></worksheet>"]


def test_one_cell_in_xfd1048576_is_refused_from_the_declared_range(tmp_path: Path) -> None:
    path = workbook(tmp_path / "far.xlsx", "XFD1048576")
    outcome, peak = read_in_child(path)
    assert f"{path}: sheet 'Needs' declares a used range of 1,048,576 rows × 16,384 " \
        "columns (to XFD1048576)" in outcome
    assert "Nothing was imported" in outcome
    assert peak < TARGET_MB


def test_far_cell_under_a_false_declared_range_is_refused_while_streaming(
        tmp_path: Path) -> None:
    path = workbook(tmp_path / "far.xlsx", "XFD1048576")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET).replace(b'ref="A1:XFD1048576"', b'ref="A1:C2"')
    with_sheet_xml(path, xml)
    outcome, peak = read_in_child(path)
    assert "sheet 'Needs' has values in row 1,048,576, past the 200,000 rows" in outcome
    assert peak < TARGET_MB


def test_large_sheet_is_refused_from_its_declared_range(tmp_path: Path) -> None:
    """5 million cells, honestly declared, in a few MB."""
    path = with_sheet_xml(workbook(tmp_path / "large.xlsx"),
                          sheet_xml("A1:T250000", 250_000, 20))
    assert path.stat().st_size < 10_000_000
    outcome, peak = read_in_child(path)
    assert "declares a used range of 250,000 rows × 20 columns" in outcome
    assert peak < TARGET_MB


@pytest.mark.parametrize(("limits", "match"), [
    (SheetLimits(max_rows=2_000), "has values in row 2,001, past the 2,000 rows"),
    (SheetLimits(max_cells=5_000), "more than 5,000 cells up to row 1,667"),
    (SheetLimits(max_columns=2), "value in column C \\(row 1\\), past the 2 columns"),
])
def test_large_sheet_under_a_false_range_is_refused_while_streaming(
        tmp_path: Path, limits: SheetLimits, match: str) -> None:
    path = with_sheet_xml(workbook(tmp_path / "large.xlsx"), sheet_xml("A1:A1", 3_000, 3))
    with pytest.raises(UserError, match=match):
        read_xlsx_grid(path, "Needs", limits)


def test_oversized_workbook_parts_are_refused_before_loading(tmp_path: Path) -> None:
    path = workbook(tmp_path / "parts.xlsx")
    with pytest.raises(UserError, match="the part .* unpacks to .* over the limit of 100"):
        read_xlsx_grid(path, "Needs", SheetLimits(max_part_bytes=100))
    with pytest.raises(UserError, match="parts.xlsx: the file is .* over the limit"):
        read_xlsx_grid(path, "Needs", SheetLimits(max_file_bytes=100))


def test_csv_with_one_enormous_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(b"member,item\n" + b"," * 60_000_000 + b"\n")
    outcome, peak = read_in_child(path)
    assert f"{path}: line 2 is longer than 1,048,576 characters" in outcome
    assert peak < TARGET_MB


@pytest.mark.parametrize(("limits", "match"), [
    (SheetLimits(max_file_bytes=10), "the file is .* bytes, over the limit of 10"),
    (SheetLimits(max_rows=2), "has values in row 3, past the 2 rows"),
    (SheetLimits(max_columns=2), "value in column C \\(row 1\\), past the 2 columns"),
    (SheetLimits(max_cells=5), "more than 5 cells up to row 2"),
])
def test_csv_limits(tmp_path: Path, limits: SheetLimits, match: str) -> None:
    path = tmp_path / "n.csv"
    path.write_text("member,item,quantity\n920,A,1\n921,B,2\n", encoding="utf-8")
    with pytest.raises(UserError, match=match):
        read_csv_grid(path, limits)


def test_cells_read_as_before(tmp_path: Path) -> None:
    """Numbers, dates, booleans and errors come out as pandas' read_excel(dtype=str) gave
    them, so imports read the same values."""
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Needs"
    sheet.append(["member", "quantity", "unit_price", "needed_by", "notes", "item"])
    sheet.append(["010", 12, 2.5, datetime(2026, 7, 1), True, "#N/A"])
    sheet.append([920, 3.0, None, None, "  text  ", None])
    sheet["F2"].data_type = "e"
    path = tmp_path / "values.xlsx"
    book.save(path)
    rows = [row for _n, row in read_table(path)]
    assert rows[0] == {"member": "010", "quantity": "12", "unit_price": "2.5",
                       "needed_by": "2026-07-01 00:00:00", "notes": "True", "item": None}
    assert rows[1] == {"member": "920", "quantity": "3", "unit_price": None,
                       "needed_by": None, "notes": "text", "item": None}
