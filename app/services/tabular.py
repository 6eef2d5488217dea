"""The spreadsheet boundary: reading CSV/XLSX tables and writing them back.

Files are read by `tabular_read`, streaming within fixed limits with openpyxl and the csv
module (a spreadsheet is untrusted input; pandas, which read them before, built the whole
grid first: 1M × 16k cells for one cell in XFD1048576). `tabular_needs` and
`tabular_members` build the need-line and member imports and exports on these helpers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import FieldError, UserError
from app.services.spreadsheet_write import FORMULA_STARTS
from app.services.tabular_read import read_csv_grid, read_xlsx_grid

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
# A text cell starting with one of these is run as a formula by Excel and LibreOffice
# (CSV/formula injection); exported text gets a leading apostrophe, imports remove it again.


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
    # Set when this file's content was imported before and it would add lines again.
    already_imported: str = ""

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
        warning = f" Warning: {self.already_imported}." if self.already_imported else ""
        return f"{self.file}: {rows} read; {', '.join(parts)}{tail}.{warning}"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "rows_read": self.rows_read, "added": self.added,
                "updated": self.updated, "unchanged": self.unchanged, "dry_run": self.dry_run,
                "already_imported": self.already_imported or None,
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
    """All cells as text or None, row 0 being the sheet's first row, read within the limits
    of `tabular_read` (a hostile file is refused before it is loaded)."""
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        raise UserError(f"{path}: cannot read '{suffix or 'no extension'}' files; save the "
                        "table as .xlsx or .csv.")
    if not path.is_file():
        raise UserError(f"{path}: file not found.")
    try:
        if suffix == ".csv":
            return read_csv_grid(path)
        return read_xlsx_grid(path, sheet)
    except UserError:
        raise
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror or error}).") from error
    except Exception as error:  # openpyxl/zipfile/csv raise many types for a bad file
        raise UserError(f"{path}: not a readable {suffix[1:].upper()} file "
                        f"({error.__class__.__name__}: {error}).") from error


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
                from openpyxl.utils import get_column_letter  # only for this message

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


def row_errors(errors: list[FieldError], record: str | None) -> list[FieldError]:
    """Give errors of a new record (which has no uid yet) a record name the user knows."""
    if not record:
        return errors
    return [e if e.record else FieldError(e.field, e.message, e.row, record) for e in errors]
