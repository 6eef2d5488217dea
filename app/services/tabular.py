"""The spreadsheet boundary: reading CSV/XLSX tables with pandas and writing them back.

This is the only module that imports pandas (an import-linter contract keeps it out of
models, rules, reports and the UI). `tabular_needs` and `tabular_members` build the
need-line and member imports and exports on these helpers.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import FieldError, UserError

Row = dict[str, object]
READ_SUFFIXES = (".csv", ".xlsx", ".xlsm")
# Columns a needs table may have: the fields a member fills in, the uid that makes a row an
# update, and the read-only columns of an export (accepted so an export re-imports as is).
NEED_INPUT_COLUMNS = ("member", "item", "description", "quantity", "unit", "unit_price",
                      "funding_year", "needed_by", "funding_sources", "current_vendor",
                      "preferred_vendor", "notes")
NEED_READ_ONLY_COLUMNS = ("member_name", "amount", "status", "confirmed_by", "confirmed_at")
NEED_COLUMNS = ("uid", *NEED_INPUT_COLUMNS, *NEED_READ_ONLY_COLUMNS)
NEED_ALIASES = {"qty": "quantity", "price": "unit_price", "item_code": "item", "code": "item",
                "member_code": "member", "lea": "member", "fy": "funding_year",
                "sources": "funding_sources", "id": "uid"}
WRITE_SUFFIXES = (".csv", ".xlsx")
# A text cell starting with one of these is run as a formula by Excel and LibreOffice
# (CSV/formula injection); exported text gets a leading apostrophe, imports remove it again.
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with dry_run, would do). `errors` are the rows refused."""

    file: str
    rows_read: int
    added: int
    updated: int
    unchanged: int
    errors: list[FieldError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        parts = [f"{self.added} {verb}added", f"{self.updated} {verb}updated",
                 f"{self.unchanged} unchanged"]
        if self.errors:
            parts.append(f"{self.bad_rows} bad row{'s' if self.bad_rows != 1 else ''} skipped")
        tail = " (dry run: nothing written)" if self.dry_run else ""
        rows = f"{self.rows_read} row{'s' if self.rows_read != 1 else ''}"
        return f"{self.file}: {rows} read; {', '.join(parts)}{tail}."

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "rows_read": self.rows_read, "added": self.added,
                "updated": self.updated, "unchanged": self.unchanged, "dry_run": self.dry_run,
                "errors": [{"row": e.row, "field": e.field, "record": e.record,
                            "message": e.message} for e in self.errors]}


# --- reading ---------------------------------------------------------------------------


def normalise_header(text: object) -> str:
    """' Unit-Price ' / 'unit_price' / 'UNIT PRICE' → 'unit_price'."""
    return re.sub(r"[\s_\-]+", "_", str(text).strip().lower()).strip("_")


def read_table(path: Path, columns: Collection[str] = NEED_COLUMNS,
               aliases: Mapping[str, str] | None = None, *,
               sheet: str = "Needs") -> list[tuple[int, Row]]:
    """Rows of a CSV or XLSX table as (row number the user sees, {column: value or None}).

    Every cell is read as text (codes like "010" keep their zeros; numbers are parsed later
    by `Checker`, which refuses what it cannot read instead of guessing). The header is the
    first non-blank row; fully blank rows are skipped. Headers are matched to `columns`
    ignoring case, spaces, underscores and hyphens, after `aliases`.
    """
    grid = _read_grid(Path(path), sheet)
    header_at = next((i for i, cells in enumerate(grid) if any(cells)), None)
    if header_at is None:
        raise UserError(f"{path}: the file is empty (no header row).")
    if aliases is None:
        aliases = NEED_ALIASES if columns is NEED_COLUMNS else {}
    names = _match_headers(path, grid, header_at, columns, aliases)
    rows: list[tuple[int, Row]] = []
    for index in range(header_at + 1, len(grid)):
        cells = grid[index]
        if not any(cells):
            continue
        row = {name: _unneutralise(cells[col]) for col, name in names.items()}
        rows.append((index + 1, row))
    return rows


def _read_grid(path: Path, sheet: str) -> list[list[str | None]]:
    """All cells as text or None, row 0 being the sheet's first row."""
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        raise UserError(f"{path}: cannot read '{suffix or 'no extension'}' files; save the "
                        "table as .xlsx or .csv.")
    if not path.is_file():
        raise UserError(f"{path}: file not found.")
    try:
        frame = _read_csv(path) if suffix == ".csv" else _read_xlsx(path, sheet)
    except UserError:
        raise
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror or error}).") from error
    except Exception as error:  # pandas/openpyxl/zipfile raise many types for a bad file
        raise UserError(f"{path}: not a readable {suffix[1:].upper()} file "
                        f"({error.__class__.__name__}: {error}).") from error
    return [[_cell(v) for v in values] for values in frame.itertuples(index=False, name=None)]


def _read_csv(path: Path) -> pd.DataFrame:
    options: dict[str, Any] = {"dtype": str, "header": None, "keep_default_na": False,
                               "skip_blank_lines": False}
    try:
        return pd.read_csv(path, encoding="utf-8-sig", **options)
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; cp1252 decodes every byte.
        return pd.read_csv(path, encoding="cp1252", **options)
    except pd.errors.EmptyDataError as error:
        raise UserError(f"{path}: the file is empty (no header row).") from error


def _read_xlsx(path: Path, sheet: str) -> pd.DataFrame:
    with pd.ExcelFile(path, engine="openpyxl") as book:
        names = [str(n) for n in book.sheet_names]
        chosen = next((n for n in names if n.strip().lower() == sheet.lower()), names[0])
        return pd.read_excel(book, sheet_name=chosen, dtype=str, header=None,
                             keep_default_na=False)


def _cell(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _unneutralise(value: str | None) -> str | None:
    """Undo the apostrophe an export put before a formula-like text, so round trips match."""
    if value and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _match_headers(path: Path, grid: list[list[str | None]], header_at: int,
                   columns: Collection[str], aliases: Mapping[str, str]) -> dict[int, str]:
    """Column index → field name; refuses unknown, repeated and unnamed-but-filled columns."""
    names: dict[int, str] = {}
    seen: dict[str, str] = {}
    for col, raw in enumerate(grid[header_at]):
        if raw is None:
            if any(r[col] for r in grid[header_at + 1:]):
                raise UserError(f"{path}: column {get_column_letter(col + 1)} has values but "
                                "no header; give it one of the column names or delete it.")
            continue
        key = normalise_header(raw)
        name = aliases.get(key, key)
        if name not in columns:
            raise UserError(f"{path}: unknown column '{raw}' (row {header_at + 1}). "
                            f"Known columns: {', '.join(columns)}.")
        if name in seen:
            raise UserError(f"{path}: columns '{seen[name]}' and '{raw}' both mean '{name}'.")
        seen[name] = raw
        names[col] = name
    return names


# --- writing ---------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
        writer.writerow(headers)
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
    sheet.append(list(headers))
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


def row_errors(errors: list[FieldError], record: str | None) -> list[FieldError]:
    """Give errors of a new record (which has no uid yet) a record name the user knows."""
    if not record:
        return errors
    return [e if e.record else FieldError(e.field, e.message, e.row, record) for e in errors]
