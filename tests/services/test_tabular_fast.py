"""The fast XLSX reader (python-calamine) reads exactly what openpyxl's streaming reader
read, and leaves to it every sheet whose size it cannot bound before loading."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from app.errors import UserError
from app.services import tabular_read
from app.services.tabular_read import DEFAULT_SHEET_LIMITS, SheetLimits, read_xlsx_grid
from app.services.tabular_xlsx_fast import read_fast

SHEET = "xl/worksheets/sheet1.xml"
ROW = ["010", "00A", 12, 2.5, 0.1, 1e20, -0.0, 3e-7, True, False, "#N/A", date(2026, 7, 1),
       datetime(2026, 7, 1, 13, 45, 10), time(12, 30), timedelta(hours=30), "  pad  ", "",
       "=1+1", "Straße ÉCRAN", 12345678901234567]


def _fast(path: Path, sheet: str = "Needs", limits: SheetLimits = DEFAULT_SHEET_LIMITS
          ) -> object:
    return read_fast(path, sheet, limits.max_rows, limits.max_columns, limits.max_cells)


def _slow(path: Path, sheet: str = "Needs", limits: SheetLimits = DEFAULT_SHEET_LIMITS,
          ) -> list[list[str | None]]:
    """What openpyxl's streaming reader gives (the fast reader switched off)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tabular_read, "read_fast", lambda *_args: None)
        return read_xlsx_grid(path, sheet, limits)


def _book(path: Path) -> Path:
    book = openpyxl.Workbook()
    other = book.active
    assert other is not None
    other.title = "Notes"
    other.append(["not this one"])
    sheet = book.create_sheet("Needs")
    sheet.append(["member", *(f"c{i}" for i in range(len(ROW) - 1))])
    sheet.append(ROW)
    sheet.append([])
    sheet.append([None, "after a blank row", None, 7])
    sheet["C6"] = date(1900, 3, 1)
    book.save(path)
    return path


def test_fast_reader_gives_openpyxls_cells(tmp_path: Path) -> None:
    path = _book(tmp_path / "values.xlsx")
    assert _fast(path) is not None  # the fast reader takes this file
    grid = read_xlsx_grid(path, "needs")
    assert grid == _slow(path, "needs")
    assert grid[1][:14] == ["010", "00A", "12", "2.5", "0.1", "100000000000000000000", "0",
                            "3e-07", "True", "False", None, "2026-07-01 00:00:00",
                            "2026-07-01 13:45:10", "12:30:00"]
    assert grid[1][14:] == ["1 day, 6:00:00", "pad", None, None, "Straße ÉCRAN",
                            "12345678901234570"]
    assert grid[2] == [None] * len(ROW) and grid[3][1] == "after a blank row"
    assert grid[5][2] == "1900-03-01 00:00:00"
    assert read_xlsx_grid(path, "no such sheet") == _slow(path, "no such sheet") \
        == [["not this one"]]


def _rewrite_sheet(path: Path, change: tuple[bytes, bytes], part: str = SHEET) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert change[0] in parts[part]
    parts[part] = parts[part].replace(*change)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _small(path: Path, far_cell: str | None = None) -> Path:
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


def test_a_far_cell_is_left_to_the_streaming_reader(tmp_path: Path) -> None:
    path = _small(tmp_path / "far.xlsx", "C250000")
    assert _fast(path) is None
    with pytest.raises(UserError, match="declares a used range of 250,000 rows"):
        read_xlsx_grid(path, "Needs")
    # declared small but a cell far away: still bounded by the scan of every cell
    _rewrite_sheet(path, (b'ref="A1:C250000"', b'ref="A1:C2"'))
    assert _fast(path) is None
    with pytest.raises(UserError, match="has values in row 250,000, past the 200,000"):
        read_xlsx_grid(path, "Needs")


def test_limits_apply_to_the_fast_reader_too(tmp_path: Path) -> None:
    path = _small(tmp_path / "small.xlsx")
    assert _fast(path, limits=SheetLimits(max_columns=2)) is None
    with pytest.raises(UserError, match="more than the 200,000 rows, 2 columns"):
        read_xlsx_grid(path, "Needs", SheetLimits(max_columns=2))


@pytest.mark.parametrize("change", [
    (b'<c r="B2"', b"<c"),  # a cell placed by counting
    (b'<c r="B2"', b'<c s="0" r="B2"'),  # its reference not first
])
def test_cells_the_scan_cannot_place_go_to_openpyxl(tmp_path: Path,
                                                    change: tuple[bytes, bytes]) -> None:
    path = _rewrite_sheet(_small(tmp_path / "odd.xlsx"), change)
    assert _fast(path) is None
    assert read_xlsx_grid(path, "Needs")[1] == ["920", "CB-STU-116", "10"]


def test_what_calamine_cannot_read_goes_to_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["member", 1e20])
    sheet["B1"].data_type = "e"  # an error cell whose "error" is a number
    book.save(tmp_path / "odd.xlsx")
    assert _fast(tmp_path / "odd.xlsx") is None
    assert read_xlsx_grid(tmp_path / "odd.xlsx", "Needs") == [["member"]]


def test_a_declared_range_the_scan_cannot_read_is_not_for_calamine(tmp_path: Path) -> None:
    path = _rewrite_sheet(_small(tmp_path / "odd.xlsx"), (b'ref="A1:C2"', b'ref="A1:AAAA9"'))
    assert _fast(path) is None


def test_prefixed_cells_go_to_openpyxl(tmp_path: Path) -> None:
    path = _rewrite_sheet(_small(tmp_path / "prefixed.xlsx"), (b"<c ", b"<x:c "))
    assert _fast(path) is None
