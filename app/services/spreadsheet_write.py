"""Writing spreadsheets (CSV and XLSX with openpyxl) without pandas, so that screens which
only export — the Demand page, say — never pull pandas into the GUI.

Every file is written to a temporary file beside the target and moved over it only when
writing succeeded. This module is the one home of the formula-injection rule: every value
that enters a sheet or a CSV we produce passes `neutralise` (through `put`, `fill_sheet`,
`write_csv`); the formulas the program means to write go through `put_formula`.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError

# openpyxl (and the numpy it loads) is imported where a sheet is written, not here: the
# app imports this module at start-up through the services its pages use.
if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

WRITE_SUFFIXES = (".csv", ".xlsx")
# A text cell starting with one of these is run as a formula by Excel or LibreOffice (CSV /
# formula injection, OWASP); tab and carriage return because some programs strip them and
# then see the formula. Exported text gets a leading apostrophe, imports remove it again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write `value` into a cell, text neutralised: how user text (a consortium name, a
    title, a description) enters any sheet we produce."""
    return sheet.cell(row, column, neutralise(value))


def put_formula(sheet: Worksheet, ref: str, formula: str) -> Cell:
    """Write a formula the program built itself (never from user text)."""
    assert formula.startswith("="), formula
    cell = sheet[ref]
    cell.value = formula
    return cell


def check_out_path(out: Path, suffixes: Sequence[str] = WRITE_SUFFIXES) -> str:
    """The lower-case suffix of `out`, or a UserError before anything is computed."""
    suffix = out.suffix.lower()
    if suffix not in suffixes:
        raise UserError(f"{out}: cannot write '{suffix or 'no extension'}' files; "
                        f"name the file {' or '.join(suffixes)}.")
    if not out.parent.is_dir():
        raise UserError(f"{out}: folder {out.parent} does not exist.")
    return suffix


@contextmanager
def atomic_target(out: Path) -> Iterator[Path]:
    """A temporary path next to `out`, moved over it only when writing succeeded, so a
    failed export never leaves half a file (or destroys the previous one)."""
    handle, temp = tempfile.mkstemp(prefix=".tmp-", suffix=out.suffix, dir=out.parent)
    os.close(handle)
    try:
        yield Path(temp)
        os.replace(temp, out)
    except PermissionError as error:
        raise UserError(f"{out}: cannot be written (is it open in Excel?).") from error
    except OSError as error:
        raise UserError(f"{out}: cannot be written ({error.strerror or error}).") from error
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(neutralise(value))


def write_csv(target: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    # utf-8-sig: Excel opens a UTF-8 CSV correctly only with the byte-order mark.
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_text(h) for h in headers])
        writer.writerows([csv_text(v) for v in row] for row in rows)


def xlsx_value(value: object) -> tuple[object, str | None]:
    """A cell value and number format: Decimals as numbers, dates as dates, text neutralised."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        number = int(value) if value == value.to_integral_value() else float(value)
        return number, "#,##0.00" if places == 2 else "#,##0.###"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds"), None  # Excel has no time zones
    if isinstance(value, date):
        return value, "yyyy-mm-dd"
    return neutralise(value), None


def fill_sheet(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[object]],
               widths: Mapping[str, int] | None = None) -> None:
    """Header row in bold and frozen, values typed, columns wide enough to read."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            typed, number_format = xlsx_value(value)
            if typed is None:
                continue
            cell = sheet.cell(number, col, typed)  # by index: sheet.max_row is O(cells)
            if number_format:
                cell.number_format = number_format
    for col, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(str(r[col - 1] or "")) for r in rows[:200]])
        width = (widths or {}).get(header, min(max(longest + 2, 10), 60))
        sheet.column_dimensions[get_column_letter(col)].width = width


def write_xlsx(target: Path, sheet_name: str, headers: Sequence[str],
               rows: Sequence[Sequence[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheet_name
    fill_sheet(sheet, headers, rows)
    book.save(target)


def write_table(out: Path, sheet_name: str, headers: Sequence[str],
                rows: Sequence[Sequence[object]]) -> None:
    """CSV or XLSX by the suffix of `out`, written atomically."""
    suffix = check_out_path(out)
    with atomic_target(out) as target:
        if suffix == ".csv":
            write_csv(target, headers, rows)
        else:
            write_xlsx(target, sheet_name, headers, rows)
