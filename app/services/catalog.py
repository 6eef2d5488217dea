"""The catalog of standard items: read by everyone, written by the state instance only."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.errors import NotFoundError, UserError
from app.models import STATE_OWNER, CatalogItem, Category
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

    def as_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "code": self.code, "name": self.name,
                "category": self.category_code, "unit": self.unit,
                "erate_category": self.erate_category,
                "reference_price": str(self.reference_price), "active": self.active}


@dataclass(frozen=True)
class CategoryRow:
    uid: str
    code: str
    name: str


def item_row(item: CatalogItem) -> CatalogItemRow:
    return CatalogItemRow(item.uid, item.code, item.name, item.category.code, item.category.name,
                          item.unit, item.erate_category, item.reference_price, item.spec,
                          item.active)


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


def _require_state(session: Session) -> None:
    if current_identity(session).role != "state":
        raise UserError("The catalog is kept by the state coordinator; a regional instance "
                        "receives it in the state's sync bundle.")


def _check_item(session: Session, raw: dict[str, Any], creating: bool
                ) -> tuple[dict[str, Any], Checker]:
    check = Checker(record=raw.get("code"))
    values: dict[str, Any] = {}
    if creating:
        code = CATALOG_ITEM.field(check, "code", raw.get("code")).upper()
        if code and ITEM_CODE.match(code) and find_item(session, code):
            check.fail("code", f"an item with code {code} already exists")
        values["code"] = code
    if creating or "name" in raw:
        values["name"] = CATALOG_ITEM.field(check, "name", raw.get("name"))
    if creating or "category" in raw:
        category_code = check.text("category", raw.get("category"), required=True).upper()
        category = session.scalar(select(Category).where(Category.code == category_code))
        if category_code and category is None:
            check.fail("category", f"no category with code '{category_code}'")
        values["category"] = category
    for name in ("unit", "erate_category", "reference_price", "spec", "active"):
        if name in raw or (creating and CATALOG_ITEM.fields[name].required):
            values[name] = CATALOG_ITEM.field(check, name, raw.get(name))
    if "active" in values:
        values["active"] = bool(values["active"])
    return values, check


def create_item(session: Session, raw: dict[str, Any]) -> CatalogItemRow:
    _require_state(session)
    values, check = _check_item(session, raw, creating=True)
    check.raise_if_errors("catalog item")
    item = CatalogItem(owner=STATE_OWNER, **values)
    session.add(item)
    session.flush()
    return item_row(item)


def edit_item(session: Session, code: str, raw: dict[str, Any]) -> CatalogItemRow:
    _require_state(session)
    item = find_item(session, code)
    if item is None:
        raise NotFoundError(f"No catalog item with code '{code}'.")
    values, check = _check_item(session, raw, creating=False)
    check.raise_if_errors(f"catalog item {item.code}")
    for key, value in values.items():
        setattr(item, key, value)
    session.flush()
    return item_row(item)
