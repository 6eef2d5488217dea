"""The catalog of standard items: read by everyone, written by the state instance only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from app.errors import NotFoundError, UserError
from app.models import STATE_OWNER, CatalogItem, Category, Need
from app.rules.catalog import printed_spec
from app.services.record_rules import CATALOG_ITEM, ITEM_CODE
from app.services.scope import current_identity
from app.services.values import Checker


@dataclass(frozen=True)
class CatalogItemRow:
    uid: str
    code: str
    name: str
    category_code: str
    category_name: str
    unit: str
    erate_category: str
    reference_price: Decimal
    spec: str
    active: bool
    brand: str = ""

    @property
    def retired(self) -> bool:
        return not self.active

    @property
    def printed_spec(self) -> str:
        """The specification with "<brand> or equivalent", as every printout shows it."""
        return printed_spec(self.spec, self.brand)

    def as_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "code": self.code, "name": self.name,
                "category": self.category_code, "unit": self.unit,
                "erate_category": self.erate_category,
                "reference_price": str(self.reference_price), "spec": self.spec,
                "brand": self.brand, "active": self.active, "retired": self.retired}


@dataclass(frozen=True)
class CategoryRow:
    uid: str
    code: str
    name: str


def item_row(item: CatalogItem) -> CatalogItemRow:
    return CatalogItemRow(item.uid, item.code, item.name, item.category.code, item.category.name,
                          item.unit, item.erate_category, item.reference_price, item.spec,
                          item.active, item.brand or "")


def list_categories(session: Session) -> list[CategoryRow]:
    query = select(Category).where(Category.deleted.is_(False)).order_by(Category.name)
    return [CategoryRow(c.uid, c.code, c.name) for c in session.scalars(query)]


def list_items(session: Session, include_inactive: bool = False) -> list[CatalogItemRow]:
    query = (select(CatalogItem).options(joinedload(CatalogItem.category))
             .where(CatalogItem.deleted.is_(False)).order_by(CatalogItem.code))
    if not include_inactive:
        query = query.where(CatalogItem.active.is_(True))
    return [item_row(i) for i in session.scalars(query)]


def find_item(session: Session, code: str) -> CatalogItem | None:
    return session.scalar(select(CatalogItem).where(CatalogItem.code == code.strip().upper(),
                                                    CatalogItem.deleted.is_(False)))


def require_state(session: Session) -> None:
    if current_identity(session).role != "state":
        raise UserError("The catalog is kept by the state coordinator; a regional instance "
                        "receives it in the state's sync bundle.")


ITEM_FIELDS = ("code", "name", "category", "unit", "erate_category", "reference_price",
               "spec", "brand", "active")


def check_item_values(session: Session, raw: dict[str, Any], creating: bool,
                      row: int | None = None) -> tuple[dict[str, Any], Checker]:
    """Typed values of the fields present in `raw` (all required ones when creating), with
    the problems found; shared by the forms, the CLI and the spreadsheet import."""
    check = Checker(row=row, record=str(raw.get("code") or "").strip().upper() or None)
    values: dict[str, Any] = {}
    for key in sorted(set(raw) - set(ITEM_FIELDS)):
        check.fail(key, "is not a catalog item field (fields: " + ", ".join(ITEM_FIELDS) + ")")
    if creating:
        code = CATALOG_ITEM.field(check, "code", raw.get("code")).upper()
        if code and ITEM_CODE.match(code) and find_item(session, code):
            check.fail("code", f"an item with code {code} already exists")
        values["code"] = code
    if creating or "name" in raw:
        values["name"] = CATALOG_ITEM.field(check, "name", raw.get("name"))
    if creating or "category" in raw:
        category_code = check.text("category", raw.get("category"), required=True).upper()
        category = session.scalar(select(Category).where(Category.code == category_code,
                                                         Category.deleted.is_(False)))
        if category_code and category is None:
            known = ", ".join(c.code for c in list_categories(session))
            check.fail("category", f"no category with code '{category_code}' "
                                   f"(categories: {known})")
        values["category"] = category
    for name in ("unit", "erate_category", "reference_price", "spec", "brand", "active"):
        if name in raw or (creating and CATALOG_ITEM.fields[name].required):
            values[name] = CATALOG_ITEM.field(check, name, raw.get(name))
    if values.get("active") is None:  # blank: unchanged (new items are offered)
        values.pop("active", None)
    return values, check


def create_item(session: Session, raw: dict[str, Any]) -> CatalogItemRow:
    require_state(session)
    values, check = check_item_values(session, raw, creating=True)
    check.raise_if_errors("catalog item")
    values.setdefault("spec", "")
    values.setdefault("brand", "")
    item = CatalogItem(owner=STATE_OWNER, **values)
    session.add(item)
    session.flush()
    return item_row(item)


def edit_item(session: Session, code: str, raw: dict[str, Any]) -> CatalogItemRow:
    require_state(session)
    item = find_item(session, code)
    if item is None:
        raise NotFoundError(f"No catalog item with code '{code}'.")
    code_given = str(raw.get("code") or item.code).strip().upper()
    values, check = check_item_values(session, {k: v for k, v in raw.items() if k != "code"},
                                      creating=False)
    if code_given != item.code:
        # The code is how regions, spreadsheets and need lines know the item.
        check.fail("code", f"an item's code cannot change ({item.code}); retire it and add "
                           "a new item instead")
    check.raise_if_errors(f"catalog item {item.code}")
    for key, value in values.items():
        setattr(item, key, value)
    session.flush()
    return item_row(item)


@dataclass(frozen=True)
class RetireResult:
    item: CatalogItemRow
    changed: bool  # False when the item already was in that state
    lines: int  # need lines that name the item (they keep it either way)


def set_item_retired(session: Session, code: str, retired: bool) -> RetireResult:
    """Retire an item (no longer offered: it cannot be picked for a NEW need line) or offer
    it again. Lines that already name it keep it, and demand still counts them."""
    require_state(session)
    item = find_item(session, code)
    if item is None:
        raise NotFoundError(f"No catalog item with code '{code}'.")
    changed = item.active == retired
    if changed:
        item.active = not retired
        session.flush()
    lines = session.scalar(select(func.count()).select_from(Need).where(
        Need.item_id == item.id, Need.deleted.is_(False))) or 0
    return RetireResult(item_row(item), changed, lines)
