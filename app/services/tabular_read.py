"""Reading a CSV or XLSX file into a grid of text cells within fixed limits.

A spreadsheet is untrusted input: one cell in XFD1048576 made pandas build a 1M × 16k grid
(43 s, 1.46 GB for a 194 KB file). Here the limits are checked before the data they guard
is held: the file's size; for XLSX the zip's directory and its parts' unpacked sizes, then
the sheet's declared dimension, then rows, columns and cells while streaming (openpyxl
read-only mode); for CSV the line length, columns and cells while streaming. Going over any
of them is refused with one line naming the file and the limit.

An XLSX sheet whose every cell can be bounded by a scan of its XML is read by calamine
(`tabular_xlsx_fast`, ten times openpyxl's speed) into the same cells; any other goes
through openpyxl as described here.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from app.errors import UserError
from app.services.tabular_xlsx_fast import cell_text, read_fast
from app.services.text_encoding import ACCEPTED, HOW_TO_FIX, EncodingRefused, decode_text
from app.services.untrusted_zip import directory_problem, method_problem

Grid = list[list[str | None]]


@dataclass(frozen=True)
class SheetLimits:
    """Caps on a table read from a file; ~300 MB at most once read. The largest real tables
    are a statewide needs sheet (~13k rows, 18 columns) and the 100k-row stress size."""

    max_file_bytes: int = 64 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 256
    max_cells: int = 3_000_000
    max_line_chars: int = 1024 * 1024  # CSV: one physical line
    max_zip_entries: int = 2_000  # XLSX: parts, images, …
    max_zip_directory_bytes: int = 1024 * 1024
    max_part_bytes: int = 32 * 1024 * 1024  # XLSX: any part but a sheet, unpacked
    max_unpacked_bytes: int = 512 * 1024 * 1024  # XLSX: all parts, unpacked


DEFAULT_SHEET_LIMITS = SheetLimits()


class _Grid:
    """Rows as they arrive, refused as soon as one breaks a limit."""

    def __init__(self, path: Path, where: str, limits: SheetLimits) -> None:
        self.path, self.where, self.limits = path, where, limits
        self.rows: Grid = []
        self.cells = 0

    def add(self, number: int, cells: list[str | None]) -> None:
        limits = self.limits
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:  # blank rows are filled in when a row with values follows
            return
        if number > limits.max_rows:
            self.refuse(f"has values in row {number:,}, past the {limits.max_rows:,} rows a "
                        "table may have")
        if len(cells) > limits.max_columns:
            self.refuse(f"has a value in column {column_letter(len(cells))} (row "
                        f"{number:,}), past the {limits.max_columns} columns a table may have")
        self.cells += len(cells)
        if self.cells > limits.max_cells:
            self.refuse(f"has more than {limits.max_cells:,} cells up to row {number:,}, "
                        "more than a table may have")
        while len(self.rows) < number - 1:
            self.rows.append([])
        self.rows.append(cells)

    def refuse(self, what: str) -> None:
        raise UserError(f"{self.path}: {self.where} {what}; delete what is not part of the "
                        "table, or split it into several files. Nothing was imported.")

    def rectangle(self) -> Grid:
        """Every row as wide as the widest (trailing blank rows were never added)."""
        width = max(map(len, self.rows), default=0)
        if width * len(self.rows) > self.limits.max_cells:
            self.refuse(f"spans {len(self.rows):,} rows × {width} columns, more than the "
                        f"{self.limits.max_cells:,} cells a table may have")
        return [row + [None] * (width - len(row)) for row in self.rows]


def column_letter(column: int) -> str:
    """'A' for 1 (openpyxl's, imported here: the messages that need it are rare, and the
    module is imported at the app's start-up)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _check_size(path: Path, limits: SheetLimits) -> None:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UserError(f"{path}: the file is {size:,} bytes, over the limit of "
                        f"{limits.max_file_bytes:,} for a table. Nothing was imported.")


# --- CSV ---------------------------------------------------------------------------------


def read_csv_grid(path: Path, limits: SheetLimits = DEFAULT_SHEET_LIMITS) -> Grid:
    _check_size(path, limits)
    try:
        # Excel on Windows saves "CSV" in the ANSI code page; text_encoding decides which,
        # or refuses rather than guess (CP1250 and Shift-JIS read as CP1252 are garbage).
        text = decode_text(path.read_bytes()).text
    except EncodingRefused as error:
        raise UserError(f"{path}: cannot tell the text encoding: {error}. Accepted: "
                        f"{ACCEPTED}; {HOW_TO_FIX}.") from None
    grid = _Grid(path, "the file", limits)
    with io.StringIO(text, newline="") as handle:
        for number, fields in enumerate(csv.reader(_lines(path, handle, limits)), start=1):
            grid.add(number, [_text(v) for v in fields])
    return grid.rectangle()


def _lines(path: Path, handle: TextIO, limits: SheetLimits) -> Iterator[str]:
    """The file's physical lines, refused once one passes the length cap (csv would build
    a row from it whatever its length)."""
    number = 0
    while line := handle.readline(limits.max_line_chars + 1):
        number += 1
        if len(line) > limits.max_line_chars:
            raise UserError(f"{path}: line {number:,} is longer than "
                            f"{limits.max_line_chars:,} characters. Nothing was imported.")
        yield line


# --- XLSX --------------------------------------------------------------------------------


def read_xlsx_grid(path: Path, sheet: str, limits: SheetLimits = DEFAULT_SHEET_LIMITS) -> Grid:
    """The sheet named `sheet` (any case), or the first sheet."""
    from openpyxl import load_workbook

    _check_size(path, limits)
    _check_parts(path, limits)
    fast = read_fast(path, sheet, limits.max_rows, limits.max_columns, limits.max_cells)
    if fast is not None:
        chosen, rows = fast
        grid = _Grid(path, f"sheet '{chosen}'", limits)
        for number, values in enumerate(rows, start=1):
            grid.add(number, list(map(cell_text, values)))
        return grid.rectangle()
    # Not for the fast reader (see tabular_xlsx_fast): streamed by openpyxl, capped as it
    # comes.
    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        names = [str(n) for n in book.sheetnames]
        chosen = next((n for n in names if n.strip().lower() == sheet.lower()), names[0])
        worksheet = book[chosen]
        grid = _Grid(path, f"sheet '{chosen}'", limits)
        rows, columns = worksheet.max_row or 0, worksheet.max_column or 0
        if rows > limits.max_rows or columns > limits.max_columns or \
                rows * columns > limits.max_cells:
            grid.refuse(f"declares a used range of {rows:,} rows × {columns:,} columns "
                        f"(to {column_letter(max(columns, 1))}{rows}), more than the "
                        f"{limits.max_rows:,} rows, {limits.max_columns} columns and "
                        f"{limits.max_cells:,} cells a table may have")
        # The declared range may also understate: read what is there, capped as it comes.
        worksheet.reset_dimensions()
        for number, row in enumerate(worksheet.iter_rows(), start=1):
            if row:
                grid.add(number, _cells(row))
        return grid.rectangle()
    finally:
        book.close()


def _check_parts(path: Path, limits: SheetLimits) -> None:
    """The zip's directory and declared sizes, before openpyxl unpacks anything (it reads
    the shared strings and styles whole)."""
    problem = directory_problem(path, limits.max_zip_entries, limits.max_zip_directory_bytes)
    if problem is None:
        with zipfile.ZipFile(path) as archive:
            problem = _parts_problem(archive.infolist(), limits)
    if problem is not None:
        raise UserError(f"{path}: {problem} in a workbook. Nothing was imported.")


def _parts_problem(infos: list[zipfile.ZipInfo], limits: SheetLimits) -> str | None:
    if len(infos) > limits.max_zip_entries:
        return f"the zip has {len(infos):,} entries, more than the {limits.max_zip_entries:,}"
    total = 0
    for info in infos:
        problem = method_problem(info)
        if problem:
            return problem
        streamed = info.filename.startswith("xl/worksheets/") and \
            info.filename.endswith(".xml")
        if not streamed and info.file_size > limits.max_part_bytes:
            return (f"the part '{info.filename}' unpacks to {info.file_size:,} bytes, over "
                    f"the limit of {limits.max_part_bytes:,}")
        total += info.file_size
    if total > limits.max_unpacked_bytes:
        return (f"the parts unpack to {total:,} bytes, over the limit of "
                f"{limits.max_unpacked_bytes:,}")
    return None


def _cells(row: Iterable[Any]) -> list[str | None]:
    """Cells as text the way pandas' read_excel(dtype=str) gave them: whole numbers without
    '.0', errors (#N/A) as blanks."""
    out: list[str | None] = []
    for cell in row:
        value = cell.value
        if value is None or cell.data_type == "e":
            out.append(None)
            continue
        if cell.data_type == "n" and isinstance(value, float) and value.is_integer():
            value = int(value)
        out.append(_text(value))
    return out


def _text(value: object) -> str | None:
    text = str(value).strip()
    return text or None
