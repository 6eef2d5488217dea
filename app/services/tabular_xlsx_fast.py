"""The fast way to read a worksheet: python-calamine (Rust), ten times openpyxl's speed.

calamine reads a sheet whole into a dense grid, so a single cell at XFD1048576 would ask
for 17 billion cells before any limit in `tabular_read` could refuse it. The sheet's XML is
therefore scanned first: the declared dimension and the reference of every cell must lie
within the limits, and every cell must carry its reference (one without it is placed by
counting, which the scan cannot bound). Any doubt — a missing reference, a namespace
prefix, an unusual workbook layout — and `read_fast` returns None: the caller reads the
file with openpyxl's streaming reader as before, which refuses or reads it exactly.

Cell values come out as openpyxl's gave them (see `cell_text`): whole numbers without
'.0', dates as 'YYYY-MM-DD 00:00:00', errors and empty cells blank, text as written
(leading zeros kept).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

Cells = list[str | None]

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
# A cell tag: its reference when it comes first (as every writer seen puts it), else empty.
_CELL = re.compile(rb'<c(?: r="([A-Z]{1,3})([0-9]{1,7})"|[\s/>])')
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="([A-Z]{0,3})([0-9]{0,7})'
                        rb'(?::([A-Z]{1,3})([0-9]{1,7}))?"')
# calamine reads a prefixed <x:c> as a cell; the scan does not, so such a sheet goes to openpyxl
_PREFIXED = re.compile(rb":c[\s/>]")
_CHUNK = 1 << 20


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _unescape(text: bytes) -> str:
    return (text.decode("utf-8").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """Sheet name -> its part in the zip, from the standard workbook layout; None if the
    workbook is laid out otherwise."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    targets = {rid: target for rid, target in _REL.findall(rels)}
    targets.update({rid: target for target, rid in _REL_REVERSED.findall(rels)})
    parts = {}
    for name, rid in _SHEET.findall(book):
        target = targets.get(rid)
        if target is None:
            return None
        text = _unescape(target)
        parts[_unescape(name)] = (text.lstrip("/") if text.startswith("/")
                                  else posixpath.normpath(posixpath.join("xl", text)))
    return parts


def within_limits(archive: zipfile.ZipFile, part: str, max_rows: int, max_columns: int,
                  max_cells: int) -> bool:
    """Whether every cell of the sheet `part` has a reference, and the references and the
    declared dimension stay within the limits (streamed: the sheet is never held whole)."""
    rows = columns = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            # Cut at the last '>' so no tag is split between two reads.
            data = tail + chunk
            cut = data.rfind(b">") + 1
            data, tail = data[:cut], data[cut:]
            if len(tail) > _CHUNK or _PREFIXED.search(data):
                return False
            if rows == 0 and columns == 0 and b"<dimension" in data:
                dimension = _DIMENSION.search(data)
                if dimension is None:
                    return False  # a declared range the scan cannot read: calamine may use it
                for letters, digits in (dimension.group(1, 2), dimension.group(3, 4)):
                    if letters:
                        columns = max(columns, column_number(letters))
                    if digits:
                        rows = max(rows, int(digits))
            cells = _CELL.findall(data)
            if cells:
                letters = {col for col, _ in cells}
                if b"" in letters:
                    return False  # a cell whose reference the scan did not find
                rows = max(rows, *map(int, {digits for _, digits in cells}))
                columns = max(columns, *map(column_number, letters))
    return rows <= max_rows and columns <= max_columns and rows * columns <= max_cells


def read_fast(path: Path, sheet: str, max_rows: int, max_columns: int,
              max_cells: int) -> tuple[str, list[list[object]]] | None:
    """(chosen sheet name, its rows from A1) by calamine, or None to read it otherwise.
    The sheet is the one named `sheet` (any case), or the first, as openpyxl chose."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    try:
        return _read(path, sheet, max_rows, max_columns, max_cells, CalamineWorkbook,
                     SheetTypeEnum)
    except (CalamineError, zipfile.BadZipFile, ValueError):
        return None  # a broken file: openpyxl's reading gives the message users know


def _read(path: Path, sheet: str, max_rows: int, max_columns: int, max_cells: int,
          workbook: Any, sheet_type: Any) -> tuple[str, list[list[object]]] | None:
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        if not parts:
            return None
        with workbook.from_path(str(path)) as book:
            metadata = book.sheets_metadata
            names = [m.name for m in metadata]
            if names != list(parts):
                return None
            chosen = next((n for n in names if n.strip().lower() == sheet.lower()),
                          names[0])
            kind = metadata[names.index(chosen)].typ
            if kind != sheet_type.WorkSheet or parts[chosen] not in archive.namelist() \
                    or not within_limits(archive, parts[chosen], max_rows, max_columns,
                                         max_cells):
                return None
            return chosen, book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)


def cell_text(value: object) -> str | None:
    """A calamine value as text, as openpyxl's value gave it in `tabular_read._cells`."""
    kind = type(value)
    if kind is str:
        return value.strip() or None  # type: ignore[union-attr]
    if kind is float:
        if value.is_integer():  # type: ignore[union-attr]
            return str(int(value))  # type: ignore[call-overload]
        return str(value)
    if kind is date:  # openpyxl gives every date cell as a datetime
        return str(datetime.combine(value, time()))  # type: ignore[arg-type]
    text = str(value).strip()
    return text or None
