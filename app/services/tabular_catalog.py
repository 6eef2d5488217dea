"""Catalog items from a spreadsheet, kept by the state.

A known code updates that item (as `edit_item` would), a new code adds one (as
`create_item` would). Blank cells leave the stored value alone, as in the members import:
a price list that lacks the brand column must not erase the brands. The file is all or
nothing: one bad row and nothing is stored, every bad row named by file, row and field.
A preview (`dry_run`) lists each change, field by field, before anything is written.
`export_catalog` writes the same columns, so an export edited in a spreadsheet imports back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.errors import FieldError, ValidationError
from app.models import STATE_OWNER, CatalogItem
from app.services.catalog import ITEM_FIELDS, check_item_values, list_items, require_state
from app.services.spreadsheet_write import write_table
from app.services.tabular import ImportReport, read_table
from app.services.values import is_blank

CATALOG_COLUMNS = (*ITEM_FIELDS, "retired")
EXPORT_COLUMNS = (*(c for c in ITEM_FIELDS if c != "active"), "retired")
CATALOG_ALIASES = {"item": "code", "item_code": "code", "description": "name",
                   "item_name": "name", "erate": "erate_category", "e_rate": "erate_category",
                   "e_rate_category": "erate_category", "price": "reference_price",
                   "unit_price": "reference_price", "specification": "spec",
                   "manufacturer": "brand", "category_code": "category"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    """One row's effect: an item added, or an existing one's changed fields."""

    code: str
    row: int
    added: bool
    fields: tuple[FieldChange, ...]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "row": self.row, "action": "add" if self.added else "update",
                "fields": [{"field": f.field, "old": f.old, "new": f.new}
                           for f in self.fields]}


@dataclass(frozen=True)
class CatalogImport:
    report: ImportReport
    changes: tuple[ItemChange, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        return {**self.report.as_json(), "changes": [c.as_json() for c in self.changes]}


def import_catalog(session: Session, path: Path, dry_run: bool = False) -> CatalogImport:
    """Add and update catalog items from CSV/XLSX; refused whole if any row is bad."""
    require_state(session)
    path = Path(path)
    rows = read_table(path, CATALOG_COLUMNS, CATALOG_ALIASES, sheet="Catalog")
    items = {i.code: i for i in session.scalars(
        select(CatalogItem).options(joinedload(CatalogItem.category)))}
    errors: list[FieldError] = []
    plans: list[tuple[ItemChange, CatalogItem | None, dict[str, Any]]] = []
    first_row: dict[str, int] = {}
    unchanged = 0
    for number, row in rows:
        raw = _raw(row)
        code = str(raw.get("code") or "").strip().upper()
        if not code:
            errors.append(FieldError("code", "is required", number))
            continue
        if code in first_row:
            errors.append(FieldError("code", f"{code} is also on row {first_row[code]}",
                                     number, code))
            continue
        first_row[code] = number
        item = items.get(code)
        if item is not None and item.deleted:
            errors.append(FieldError("code", "this item was deleted", number, code))
            continue
        values, check = check_item_values(session, raw if item is None else
                                          {k: v for k, v in raw.items() if k != "code"},
                                          creating=item is None, row=number)
        if check.errors:
            # A bad `retired` cell is named as the user wrote it, not as `active`.
            said = "retired" if not is_blank(row.get("retired")) else "active"
            errors.extend(FieldError(said if e.field == "active" else e.field, e.message,
                                     e.row, e.record or code) for e in check.errors)
            continue
        if item is None:
            change = ItemChange(code, number, True, tuple(
                FieldChange(k, "", _shown(v)) for k, v in values.items() if k != "code"))
            plans.append((change, None, values))
            continue
        changed = {k: v for k, v in values.items() if _stored(getattr(item, k)) != _stored(v)}
        if not changed:
            unchanged += 1
            continue
        plans.append((ItemChange(code, number, False, tuple(
            FieldChange(k, _shown(getattr(item, k)), _shown(v)) for k, v in changed.items())),
            item, changed))
    if errors:
        raise ValidationError(errors, f"{path}: nothing imported")
    if not dry_run:
        for _change, item, values in plans:
            if item is None:
                values = {"spec": "", "brand": "", **values}
                session.add(CatalogItem(owner=STATE_OWNER, **values))
            else:
                for key, value in values.items():
                    setattr(item, key, value)
        session.flush()
    added = sum(1 for c, _i, _v in plans if c.added)
    report = ImportReport(str(path), len(rows), added, len(plans) - added, unchanged, [],
                          dry_run)
    return CatalogImport(report, tuple(c for c, _i, _v in plans))


def _raw(row: dict[str, object]) -> dict[str, Any]:
    """The row's filled cells; a `retired` column (yes/no) is the opposite of `active`."""
    raw = {k: v for k, v in row.items() if not is_blank(v)}
    if "retired" in raw:
        flag = str(raw.pop("retired")).strip().lower()
        flips = {"yes": "no", "y": "no", "true": "no", "1": "no",
                 "no": "yes", "n": "yes", "false": "yes", "0": "yes"}
        # An unknown word goes on as is, so `active`'s check names it.
        raw.setdefault("active", flips.get(flag, flag))
    return raw


def _stored(value: Any) -> Any:
    """Compare as stored: money at two places, a category by its code."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    if hasattr(value, "code") and not isinstance(value, str):
        return value.code
    return value


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "offered" if value else "retired"
    value = _stored(value)
    return "" if value is None else str(value)


def export_catalog(session: Session, out: Path, include_retired: bool = True) -> int:
    """Write the catalog to CSV/XLSX (sheet "Catalog"); returns how many items. Anyone may
    export it; importing the file back changes nothing until a cell is edited."""
    rows = [[r.code, r.name, r.category_code, r.unit, r.erate_category, r.reference_price,
             r.spec, r.brand, "yes" if r.retired else "no"]
            for r in list_items(session, include_inactive=include_retired)]
    write_table(Path(out), "Catalog", EXPORT_COLUMNS, rows)
    return len(rows)
