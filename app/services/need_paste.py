"""Rows copied from Excel (tab-separated text on the clipboard) turned into need lines.

Qt-free so it can be tested without a window. A pasted block is "keep the good rows": every
row is one `create_need` in the caller's transaction; a bad row is reported by its row in the
pasted text and its column, and the other rows are kept. (An import from a file is all or
nothing instead: a file can be fixed and imported again, a paste is usually a few lines typed
at a meeting.)

Kept free of `app.services.tabular` on purpose: that module loads pandas, which the UI must
not reach even indirectly (an import-linter contract). The header names below mirror its
`NEED_INPUT_COLUMNS` and `NEED_ALIASES`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationError
from app.services.needs import NeedRow, create_need

INPUT_FIELDS = ("member", "item", "description", "quantity", "unit", "unit_price",
                "funding_year", "needed_by", "funding_sources", "current_vendor",
                "preferred_vendor", "notes")
# Columns that may be copied along (from an export or from the grid) and are not entered.
IGNORED_FIELDS = ("uid", "member_name", "amount", "status", "confirmed_by", "confirmed_at")
HEADER_ALIASES = {"qty": "quantity", "price": "unit_price", "item_code": "item",
                  "code": "item", "member_code": "member", "lea": "member", "fy": "funding_year",
                  "sources": "funding_sources", "id": "uid", "funding_source": "funding_sources",
                  "vendor": "current_vendor", "name": "description"}
# Without a header row, columns are read in the order of the needs spreadsheets (the
# template and the export).
GRID_ORDER = ("item", "description", "quantity", "unit", "unit_price", "amount",
              "funding_year", "funding_sources", "current_vendor", "preferred_vendor", "notes",
              "status")
SEPARATOR = " — "


@dataclass
class PastedRows:
    """Raw need dicts by row number (1-based, counting the header row when there is one)."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    has_header: bool = False


@dataclass
class PasteResult:
    created: list[NeedRow] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})


def header_key(text: str) -> str:
    """'Unit price' / 'unit_price' / 'QTY' → 'unit_price' / 'quantity'."""
    key = re.sub(r"[\s_\-]+", "_", str(text).strip().lower()).strip("_")
    return HEADER_ALIASES.get(key, key)


def split_cells(text: str) -> list[list[str]]:
    """Excel puts tabs between cells and quotes cells holding tabs, quotes or line breaks."""
    grid = [list(r) for r in csv.reader(io.StringIO(text.replace("\r\n", "\n")),
                                        delimiter="\t")]
    return [r for r in grid if any(c.strip() for c in r)]


def _header(cells: Sequence[str]) -> list[str] | None:
    keys = [header_key(c) if c.strip() else "" for c in cells]
    known = set(INPUT_FIELDS) | set(IGNORED_FIELDS)
    named = [k for k in keys if k]
    if named and all(k in known for k in named):
        return keys
    return None


def resolve_item(text: str, items: Mapping[str, str]) -> str:
    """The catalog code for what was typed: a code, 'CODE — name' (from the completer) or an
    exact item name; anything else is returned as typed, for the service to refuse."""
    typed = text.strip()
    if not typed:
        return ""
    if SEPARATOR in typed:
        typed = typed.split(SEPARATOR, 1)[0].strip()
    if typed.upper() in items:
        return typed.upper()
    by_name = [code for code, name in items.items() if name.casefold() == typed.casefold()]
    return by_name[0] if len(by_name) == 1 else typed


def matching_items(text: str, items: Mapping[str, str]) -> list[str]:
    """The catalog codes whose code or name holds every word typed, in any order and any
    case ('cam 4k' finds DOC-CAM-4K, 'Document camera, USB, 4K'); codes that start with
    what was typed come first, then by code. Nothing typed matches nothing."""
    words = [w for w in re.split(r"[\s,]+", text.split(SEPARATOR, 1)[0].casefold()) if w]
    if not words:
        return []
    found = [code for code, name in items.items()
             if all(w in f"{code} {name}".casefold() for w in words)]
    head = words[0]
    return sorted(found, key=lambda code: (not code.casefold().startswith(head), code))


def parse_paste(text: str, member_code: str, items: Mapping[str, str] | None = None,
                order: Sequence[str] = GRID_ORDER) -> PastedRows:
    """Split pasted text into raw need dicts for `member_code`; a first row made only of
    column names is taken as the header, otherwise columns follow `order`."""
    grid = split_cells(text)
    result = PastedRows()
    if not grid:
        return result
    keys = _header(grid[0])
    if keys is not None:
        result.has_header = True
        body = list(enumerate(grid[1:], start=2))
    else:
        keys = list(order)
        body = list(enumerate(grid, start=1))
    code = member_code.strip().upper()
    for number, cells in body:
        raw: dict[str, str] = {}
        for key, cell in zip(keys, cells, strict=False):
            if key in INPUT_FIELDS and cell.strip():
                raw[key] = cell.strip()
        if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys):]):
            result.errors.append(FieldError("columns", f"has {len(cells)} cells; only "
                                                       f"{len(keys)} columns are known", number))
            continue
        other = raw.pop("member", "").upper()
        if other and other != code:
            result.errors.append(FieldError("member", f"is {other}, but the lines are being "
                                                      f"entered for {code}", number))
            continue
        if not any(k in raw for k in ("item", "description", "quantity")):
            continue  # a row of notes or amounts only: nothing to enter
        if items is not None and "item" in raw:
            raw["item"] = resolve_item(raw["item"], items)
        raw["member"] = code
        result.rows.append((number, raw))
    return result


def create_pasted(session: Session, pasted: PastedRows) -> PasteResult:
    """Create one need line per good row; bad rows are reported and skipped."""
    result = PasteResult(errors=list(pasted.errors))
    for number, raw in pasted.rows:
        try:
            result.created.append(create_need(session, dict(raw), row=number))
        except ValidationError as error:
            result.errors.extend(error.errors)
    result.errors.sort(key=lambda e: (e.row or 0, e.field))
    return result


def describe_errors(errors: Iterable[FieldError], labels: Mapping[str, str]) -> list[str]:
    """'Row 3, Qty: 'abc' is not a number' — with the grid's column names."""
    return [f"Row {e.row}, {labels.get(e.field, e.field)}: {e.message}" for e in errors]


def pasted_summary(result: PasteResult) -> str:
    made = len(result.created)
    text = f"Pasted {made} line{'s' if made != 1 else ''}"
    bad = result.bad_rows
    if bad:
        rows = ", ".join(str(r) for r in bad)
        text += f"; {len(bad)} row{'s' if len(bad) != 1 else ''} not entered (row {rows})"
    return text + "."

