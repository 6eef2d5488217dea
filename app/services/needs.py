"""Need lines: what a member wants to buy. Create, edit, confirm, withdraw, list."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, select, type_coerce
from sqlalchemy.orm import Session

from app.errors import FieldError, NotFoundError, UserError, ValidationError
from app.models import CatalogItem, FundingYear, Member, Need
from app.models.types import utcnow
from app.services.catalog import find_item
from app.services.record_rules import NEED
from app.services.scope import current_identity, member_write_error
from app.services.values import Checker, is_blank, plain_number

NEED_FIELDS = ("member", "item", "description", "unit", "quantity", "unit_price",
               "funding_year", "needed_by", "funding_sources", "current_vendor",
               "preferred_vendor", "notes")
# Editing what a member signed for sends the line back to draft for re-confirmation.
SIGNED_FIELDS = frozenset({"item", "description", "unit", "quantity", "unit_price",
                           "funding_year"})


@dataclass(frozen=True)
class NeedRow:
    uid: str
    member_code: str
    member_name: str
    region: int
    item_code: str
    description: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    funding_year: int
    needed_by: date | None
    funding_sources: tuple[str, ...]
    current_vendor: str
    preferred_vendor: str
    notes: str
    status: str
    confirmed_by: str
    confirmed_at: datetime | None
    version: int

    @property
    def amount(self) -> Decimal:
        # Half up, as the demand totals round in SQL: the two must agree to the cent.
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def as_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "member_code": self.member_code,
                "member_name": self.member_name, "region": self.region,
                "item_code": self.item_code, "description": self.description,
                "unit": self.unit, "quantity": plain_number(self.quantity),
                "unit_price": str(self.unit_price), "amount": str(self.amount),
                "funding_year": self.funding_year,
                "needed_by": self.needed_by.isoformat() if self.needed_by else None,
                "funding_sources": list(self.funding_sources),
                "current_vendor": self.current_vendor,
                "preferred_vendor": self.preferred_vendor, "notes": self.notes,
                "status": self.status, "confirmed_by": self.confirmed_by,
                "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
                "version": self.version}


@dataclass
class Lookups:
    """Members and items by code, loaded once for a bulk import instead of once per row."""

    members: dict[str, Member]
    items: dict[str, CatalogItem]

    @classmethod
    def load(cls, session: Session) -> Lookups:
        members = {m.code: m for m in session.scalars(select(Member).where(
            Member.deleted.is_(False)))}
        items = {i.code: i for i in session.scalars(select(CatalogItem).where(
            CatalogItem.deleted.is_(False)))}
        return cls(members, items)


def default_funding_year(session: Session) -> int | None:
    identity = current_identity(session)
    if identity.focus_funding_year:
        return identity.focus_funding_year
    return session.scalar(select(FundingYear.year).order_by(FundingYear.year.desc()))


def _check_member(session: Session, check: Checker, raw: dict[str, Any], row: int | None,
                  lookups: Lookups | None) -> Member | None:
    """A new line's member: required, a live member by code, and one this installation may
    write for (the scope's refusal is reported as is)."""
    code = check.text("member", raw.get("member"), required=True, max_len=8).upper()
    member = (lookups.members.get(code) if lookups else
              session.scalar(select(Member).where(Member.code == code,
                                                  Member.deleted.is_(False))))
    if code and member is None:
        check.fail("member", f"no member with code '{code}'")
    elif member is not None:
        problem = member_write_error(session, member, "member", row)
        if problem:
            check.errors.append(problem)
        return member
    return None


def _check_item(session: Session, check: Checker, raw: dict[str, Any],
                existing: Need | None, lookups: Lookups | None) -> CatalogItem | None:
    """The catalog item given (blank: none): it must exist, and be still offered unless the
    line already had it."""
    code = check.text("item", raw.get("item"), max_len=20).upper()
    if not code:
        return None
    item = lookups.items.get(code) if lookups else find_item(session, code)
    if item is None:
        check.fail("item", f"'{code}' is not in the catalog")
    elif not item.active and (existing is None or existing.item_id != item.id):
        # A retired item stays on the lines that have it (an export of them
        # re-imports as is); it is only refused for a line that did not have it.
        check.fail("item", f"'{code}' is no longer offered in the catalog")
        return None
    return item


def _text_or_catalog(check: Checker, raw: dict[str, Any], item: CatalogItem | None,
                     name: str, from_item: str) -> str:
    """A text the catalog item supplies when left blank; required when there is no item."""
    text = NEED.field(check, name, raw.get(name), required=False)
    if not text and item is not None:
        text = getattr(item, from_item)
    if not text:
        check.fail(name, "is required when no catalog item is given")
    return text


def _check_price(check: Checker, raw: dict[str, Any], item: CatalogItem | None) -> Any:
    """The unit price; blank takes the item's reference price, and is refused without one."""
    price = NEED.field(check, "unit_price", raw.get("unit_price"), required=False)
    if price is None and is_blank(raw.get("unit_price")):
        if item is not None:
            price = item.reference_price
        else:
            check.fail("unit_price", "is required when no catalog item is given")
    return price


def _check_year(session: Session, check: Checker, raw: dict[str, Any],
                creating: bool) -> Any:
    """The funding year; blank on a new line takes the default year (refused when there is
    none), blank on an edit is refused."""
    year = NEED.field(check, "funding_year", raw.get("funding_year"), required=False)
    if year is None and is_blank(raw.get("funding_year")) and not creating:
        check.fail("funding_year", "is required")
    elif year is None and is_blank(raw.get("funding_year")):
        year = default_funding_year(session)
        if year is None:
            check.fail("funding_year", "is required")
    return year


def check_need_values(session: Session, raw: dict[str, Any], *, row: int | None = None,
                      existing: Need | None = None, lookups: Lookups | None = None
                      ) -> tuple[dict[str, Any], Checker]:
    """Validate and type a need's fields; fills unit, price and description from the catalog.

    `raw` holds user values (strings or typed); only keys present are checked on an edit.
    """
    creating = existing is None
    check = Checker(row=row, record=None if creating else existing.uid)
    values: dict[str, Any] = {}
    unknown = set(raw) - set(NEED_FIELDS)
    for key in sorted(unknown):
        check.fail(key, "is not a need field")

    if creating:
        member = _check_member(session, check, raw, row, lookups)
        if member is not None:
            values["member"] = member

    item = existing.item if existing else None
    if "item" in raw:
        item = values["item"] = _check_item(session, check, raw, existing, lookups)

    def present(name: str) -> bool:
        # On an edit only the fields given are checked; a new line checks them all.
        return name in raw or creating

    for name, from_item in (("description", "name"), ("unit", "unit")):
        if present(name):
            values[name] = _text_or_catalog(check, raw, item, name, from_item)
    if present("quantity"):
        values["quantity"] = NEED.field(check, "quantity", raw.get("quantity"))
    if present("unit_price"):
        values["unit_price"] = _check_price(check, raw, item)
    if present("funding_year"):
        values["funding_year"] = _check_year(session, check, raw, creating)
    for name in ("needed_by", "funding_sources", "current_vendor", "preferred_vendor", "notes"):
        if name in raw:
            values[name] = NEED.field(check, name, raw.get(name))
    return values, check


def _row(need: Need) -> NeedRow:
    return NeedRow(
        need.uid, need.member.code, need.member.name, need.member.region,
        need.item.code if need.item else "", need.description, need.unit, need.quantity,
        need.unit_price, need.funding_year, need.needed_by,
        tuple(s for s in need.funding_sources.split(",") if s), need.current_vendor,
        need.preferred_vendor, need.notes, need.status, need.confirmed_by, need.confirmed_at,
        need.version)


def get_need(session: Session, uid: str) -> Need:
    need = session.scalar(select(Need).where(Need.uid == uid, Need.deleted.is_(False)))
    if need is None:
        raise NotFoundError(f"No need line with id '{uid}'.")
    return need


def create_need(session: Session, raw: dict[str, Any], row: int | None = None) -> NeedRow:
    values, check = check_need_values(session, raw, row=row)
    check.raise_if_errors("need")
    need = Need(owner=values["member"].owner, **values)
    session.add(need)
    session.flush()
    return _row(need)


def edit_need(session: Session, uid: str, raw: dict[str, Any]) -> NeedRow:
    need = get_need(session, uid)
    problem = member_write_error(session, need.member)
    if problem:
        raise ValidationError([problem], "need")
    if need.status == "withdrawn":
        raise UserError("This need line is withdrawn; reopen it before editing.")
    if "member" in raw:
        raise ValidationError([FieldError("member", "cannot be changed; withdraw the line and "
                                                    "enter it for the other member")], "need")
    values, check = check_need_values(session, raw, existing=need)
    check.raise_if_errors("need")
    changed = {k for k, v in values.items() if getattr(need, k) != v}
    for key, value in values.items():
        setattr(need, key, value)
    if need.status == "confirmed" and changed & SIGNED_FIELDS:
        need.status, need.confirmed_by, need.confirmed_at = "draft", "", None
    session.flush()
    session.refresh(need)
    return _row(need)


def set_status(session: Session, uid: str, status: str, by: str = "") -> NeedRow:
    """confirm (draft → confirmed), withdraw (any → withdrawn) or reopen (→ draft)."""
    need = get_need(session, uid)
    problem = member_write_error(session, need.member)
    if problem:
        raise ValidationError([problem], "need")
    if status == "confirmed":
        if need.status == "withdrawn":
            raise UserError("A withdrawn line must be reopened before it is confirmed.")
        check = Checker(record=need.uid)
        who = NEED.field(check, "confirmed_by", by or session.info.get("operator", ""),
                         required=True)  # a confirmed line names who confirmed it
        check.raise_if_errors("need")
        need.status, need.confirmed_by, need.confirmed_at = "confirmed", who, utcnow()
    elif status == "withdrawn":
        need.status = "withdrawn"
    elif status == "draft":
        need.status, need.confirmed_by, need.confirmed_at = "draft", "", None
    else:
        raise UserError(f"'{status}' is not a need status (draft, confirmed, withdrawn).")
    session.flush()
    return _row(need)


def need_rows_query() -> Select[Any]:
    """The columns of a NeedRow with member and item joined, in display order; callers add
    their filters and read the result with `need_rows`."""
    # Quantity and price as their stored integers: `need_rows` makes the Decimals, one per
    # distinct value, instead of a type-processor call per cell.
    return (select(Need.uid, Member.code, Member.name, Member.region, CatalogItem.code,
                   Need.description, Need.unit, type_coerce(Need.quantity, BigInteger),
                   type_coerce(Need.unit_price, BigInteger),
                   Need.funding_year, Need.needed_by, Need.funding_sources,
                   Need.current_vendor, Need.preferred_vendor, Need.notes, Need.status,
                   Need.confirmed_by, Need.confirmed_at, Need.version)
            .join(Member, Need.member_id == Member.id)
            .outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
            .order_by(Member.code, Need.id))


def need_rows(session: Session, query: Select[Any]) -> list[NeedRow]:
    """Run a `need_rows_query` and build plain rows (fast for 100k lines: no ORM objects,
    Core execution and one fetch; the ORM's row processing cost more than the query)."""
    quantity_type, price_type = Need.quantity.type, Need.unit_price.type
    quantities: dict[int, Decimal] = {}
    prices: dict[int, Decimal] = {}
    sources: dict[str, tuple[str, ...]] = {"": ()}
    out = []
    for r in session.connection().execute(query).all():
        quantity = quantities.get(r[7])
        if quantity is None:
            quantity = quantities[r[7]] = quantity_type.from_stored(r[7])
        price = prices.get(r[8])
        if price is None:
            price = prices[r[8]] = price_type.from_stored(r[8])
        funding = sources.get(r[11])
        if funding is None:
            funding = sources[r[11]] = tuple(s for s in r[11].split(",") if s)
        # The frozen dataclass's __init__ sets 19 fields one call at a time; filling its
        # __dict__ at once gives the same row in half the time (a tenth of a 100k load).
        row = new_row(NeedRow)
        row.__dict__.update(zip(NEED_ROW_FIELDS, (
            r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], quantity, price, r[9], r[10],
            funding, r[12], r[13], r[14], r[15], r[16], r[17], r[18]), strict=True))
        out.append(row)
    return out


NEED_ROW_FIELDS = tuple(f.name for f in fields(NeedRow))
new_row = object.__new__


def list_needs(session: Session, member_code: str | None = None, region: int | None = None,
               status: str | None = None, funding_year: int | None = None) -> list[NeedRow]:
    """Need lines with their member and item."""
    query = need_rows_query().where(Need.deleted.is_(False))
    if member_code:
        query = query.where(Member.code == member_code.strip().upper())
    if region is not None:
        query = query.where(Member.region == region)
    if status:
        query = query.where(Need.status == status)
    if funding_year is not None:
        query = query.where(Need.funding_year == funding_year)
    return need_rows(session, query)
