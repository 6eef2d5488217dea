"""Procurements planned from demand (state coordinator): lots by item or category, the
participating members with their letter-of-agency check, the method the law requires, the
calendar, the checklist, E-rate figures and volume-price savings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError, ValidationError
from app.models import (
    FUNDING_SOURCES,
    STATE_OWNER,
    CatalogItem,
    Category,
    LetterOfAgency,
    Member,
    Need,
)
from app.models.procurement import (
    LOT_BASES,
    Lot,
    LotItem,
    PriceTier,
    Procurement,
    ProcurementMember,
)
from app.models.types import line_cents, money_from_cents, quantity_from_thousandths, stored
from app.rules.pricing import PriceBreak
from app.rules.procurement import (
    LetterFacts,
    LoaCheck,
    check_letter,
    choose_method,
)
from app.services.erate import (
    find_procurement,
    year_params,
)
from app.services.letters import LOA_FIELDS, LetterRow
from app.services.record_rules import PRICE_TIER, PROCUREMENT
from app.services.scope import current_identity
from app.services.values import Checker

CENT = Decimal("0.01")
DATE_FIELDS = ("form470_certified_on", "rfp_posted_on", "nc_advertised_on", "bid_due_on",
               "contract_on")
# Statuses the award service and the opening set from the facts (app.rules.award).
FACT_STATUSES = ("evaluating", "awarded")
EDITABLE = ("title", "status", "notes", *DATE_FIELDS)

_CENTS = line_cents(Need.quantity, Need.unit_price)


def _require_state(session: Session) -> None:
    if current_identity(session).role != "state":
        raise UserError("Procurements are planned by the state coordinator.")


@dataclass(frozen=True)
class ProcurementRow:
    id: int
    ref: str
    title: str
    funding_year: int
    method: str
    status: str
    lots: int
    members: int
    estimated_total: Decimal
    funding_sources: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "ref": self.ref, "title": self.title,
                "funding_year": self.funding_year, "method": self.method,
                "status": self.status, "lots": self.lots, "members": self.members,
                "estimated_total": str(self.estimated_total),
                "funding_sources": list(self.funding_sources)}


def source_codes(text: str) -> tuple[str, ...]:
    return tuple(s for s in text.split(",") if s)


def list_procurements(session: Session, funding_year: int | None = None
                      ) -> list[ProcurementRow]:
    lots = (select(Lot.procurement_id, func.count().label("n")).where(Lot.deleted.is_(False))
            .group_by(Lot.procurement_id).subquery())
    members = (select(ProcurementMember.procurement_id, func.count().label("n"))
               .where(ProcurementMember.deleted.is_(False))
               .group_by(ProcurementMember.procurement_id).subquery())
    query = (select(Procurement, func.coalesce(lots.c.n, 0), func.coalesce(members.c.n, 0))
             .outerjoin(lots, lots.c.procurement_id == Procurement.id)
             .outerjoin(members, members.c.procurement_id == Procurement.id)
             .where(Procurement.deleted.is_(False)).order_by(Procurement.ref))
    if funding_year is not None:
        query = query.where(Procurement.funding_year == funding_year)
    return [ProcurementRow(p.id, p.ref, p.title, p.funding_year, p.method, p.status, int(nl),
                           int(nm), p.estimated_total, source_codes(p.funding_sources))
            for p, nl, nm in session.execute(query)]


def _next_ref(session: Session, year: int) -> str:
    refs = set(session.scalars(select(Procurement.ref)))
    number = 1
    while f"P{year}-{number:03d}" in refs:
        number += 1
    return f"P{year}-{number:03d}"


def letters_by_member(session: Session, member_ids: Sequence[int]) -> dict[int, list[LetterRow]]:
    out: dict[int, list[LetterRow]] = {m: [] for m in member_ids}
    if not member_ids:
        return out
    query = (select(LetterOfAgency, Member.code)
             .join(Member, LetterOfAgency.member_id == Member.id)
             .where(LetterOfAgency.member_id.in_(list(member_ids)),
                    LetterOfAgency.deleted.is_(False)))
    for letter, code in session.execute(query):
        out[letter.member_id].append(
            LetterRow(letter.uid, code, *(getattr(letter, k) for k in LOA_FIELDS)))
    return out


def loa_checks(session: Session, procurement: Procurement) -> dict[int, LoaCheck]:
    """Each participant's letter check against the FY and the 470 certification date."""
    participants = [pm for pm in procurement.members if not pm.deleted]
    letters = letters_by_member(session, [pm.member_id for pm in participants])
    certify_on = procurement.form470_certified_on
    return {pm.member_id: check_letter(
        pm.member.code,
        [LetterFacts(tuple(row.missing_elements()), row.first_funding_year,
                     row.last_funding_year, row.signed_on) for row in letters[pm.member_id]],
        procurement.funding_year, certify_on) for pm in participants}


def _store_loa(session: Session, procurement: Procurement) -> None:
    checks = loa_checks(session, procurement)
    for pm in procurement.members:
        check = checks.get(pm.member_id)
        if check is None:
            continue
        problems = "; ".join(check.problems)
        if pm.loa_ok != check.ok or pm.loa_problems != problems:
            pm.loa_ok, pm.loa_problems = check.ok, problems


def _codes(raw: Sequence[str]) -> list[str]:
    """Codes as typed: blanks dropped, surrounding space trimmed, upper-cased."""
    return [c.strip().upper() for c in raw if c.strip()]


def _check_known(session: Session, check: Checker, field: str, column: Any,
                 codes: list[str], message: str) -> None:
    """Every given code exists in its table; each unknown one is a failure on ``field``
    (``message`` is formatted with the code)."""
    found = set(session.scalars(select(column).where(column.in_(codes)))) if codes else set()
    for code in codes:
        if code not in found:
            check.fail(field, message.format(code=code))


def _demand_where(funding_year: int, status: tuple[str, ...], item_codes: list[str],
                  category_codes: list[str], member_codes: list[str]) -> list[Any]:
    """The need lines a procurement draws on: live catalog lines of the year in the given
    statuses, of the given items or categories (either matches; all when neither is given),
    of the given members (all when none)."""
    where = [Need.deleted.is_(False), Need.status.in_(status),
             Need.funding_year == funding_year, Need.item_id.is_not(None)]
    selectors = []
    if item_codes:
        selectors.append(CatalogItem.code.in_(item_codes))
    if category_codes:
        selectors.append(CatalogItem.category_id.in_(
            select(Category.id).where(Category.code.in_(category_codes))))
    if len(selectors) == 2:
        where.append(selectors[0] | selectors[1])
    elif selectors:
        where.append(selectors[0])
    if member_codes:
        where.append(Need.member_id.in_(select(Member.id).where(Member.code.in_(member_codes))))
    return where


@dataclass
class _Grouped:
    """Demand grouped for a procurement. ``lot_items``: lot key -> item id -> [quantity,
    amount, member ids]; ``member_lots``: member id -> lot keys it takes;
    ``member_totals``: member id -> [amount, of which E-rate C2]."""
    lot_items: dict[str, dict[int, list[Any]]]
    member_lots: dict[int, set[str]]
    member_totals: dict[int, list[Decimal]]


def _group_demand(per_member_item: list[tuple[int, int, Decimal, Decimal]],
                  item_rows: dict[int, CatalogItem], lot_basis: str) -> _Grouped:
    """Lots: one per item, or one per category holding its items; each member's total and
    its Category 2 part."""
    grouped = _Grouped({}, {}, {})
    for member_id, item_id, qty, amount in per_member_item:
        item = item_rows[item_id]
        key = item.code if lot_basis == "item" else item.category.code
        entry = grouped.lot_items.setdefault(key, {}).setdefault(
            item_id, [Decimal(0), Decimal(0), set()])
        entry[0] += qty
        entry[1] += amount
        entry[2].add(member_id)
        grouped.member_lots.setdefault(member_id, set()).add(key)
        totals = grouped.member_totals.setdefault(member_id, [Decimal(0), Decimal(0)])
        totals[0] += amount
        if item.erate_category == "C2":
            totals[1] += amount
    return grouped


def _add_lots(session: Session, procurement: Procurement, grouped: _Grouped,
              item_rows: dict[int, CatalogItem], lot_basis: str) -> None:
    """Lots numbered by estimated amount, largest first; a lot's E-rate category is its
    items' one category, else "mixed"; its items in code order, each priced at the average
    estimated unit price (amount / quantity, to the cent)."""
    lot_items = grouped.lot_items
    ordered = sorted(lot_items, key=lambda k: -sum(v[1] for v in lot_items[k].values()))
    for number, key in enumerate(ordered, start=1):
        items_in_lot = lot_items[key]
        first = item_rows[next(iter(items_in_lot))]
        categories_in_lot = {item_rows[i].erate_category for i in items_in_lot}
        lot = Lot(procurement=procurement, number=number,
                  name=first.name if lot_basis == "item" else first.category.name,
                  basis_code=key, owner=STATE_OWNER,
                  erate_category=categories_in_lot.pop() if len(categories_in_lot) == 1
                  else "mixed")
        session.add(lot)
        for item_id, (qty, amount, lot_members) in sorted(
                items_in_lot.items(), key=lambda kv: item_rows[kv[0]].code):
            item = item_rows[item_id]
            price = (amount / qty).quantize(CENT, ROUND_HALF_UP) if qty else Decimal(0)
            session.add(LotItem(lot=lot, item=item, description=item.name, unit=item.unit,
                                quantity=qty, estimated_unit_price=price,
                                estimated_amount=amount, members=len(lot_members),
                                owner=STATE_OWNER))


def _add_members(session: Session, procurement: Procurement, grouped: _Grouped) -> None:
    """The participating members in code order, each with its estimated amount, its C2
    part and the number of lots it takes."""
    member_totals = grouped.member_totals
    member_rows = {m.id: m for m in session.scalars(select(Member).where(
        Member.id.in_(list(member_totals))))}
    for member_id in sorted(member_totals, key=lambda m: member_rows[m].code):
        amount, c2 = member_totals[member_id]
        session.add(ProcurementMember(procurement=procurement, member=member_rows[member_id],
                                      estimated_amount=amount, c2_amount=c2,
                                      lots_taken=len(grouped.member_lots[member_id]),
                                      owner=STATE_OWNER))


def create_procurement(session: Session, *, title: str, funding_year: int,
                       items: Sequence[str] = (), categories: Sequence[str] = (),
                       members: Sequence[str] = (), lot_basis: str = "item",
                       include_drafts: bool = False, notes: str = "") -> ProcurementRow:
    """A procurement from the selected demand of one funding year: the lines for the given
    items and/or categories (all demand when neither is given), of the given members (all
    with demand when none), grouped into one lot per item or per category."""
    _require_state(session)
    check = Checker(record="procurement")
    title = PROCUREMENT.field(check, "title", title)
    notes = PROCUREMENT.field(check, "notes", notes)
    if lot_basis not in LOT_BASES:
        check.fail("lot_basis", f"must be one of {', '.join(LOT_BASES)}")
    params = year_params(session, funding_year)
    item_codes, category_codes = _codes(items), _codes(categories)
    member_codes = _codes(members)
    _check_known(session, check, "items", CatalogItem.code, item_codes,
                 "'{code}' is not in the catalog")
    _check_known(session, check, "categories", Category.code, category_codes,
                 "'{code}' is not a catalog category")
    _check_known(session, check, "members", Member.code, member_codes,
                 "no member with code '{code}'")
    check.raise_if_errors("procurement")

    status = ("confirmed", "draft") if include_drafts else ("confirmed",)
    where = _demand_where(funding_year, status, item_codes, category_codes, member_codes)
    query = (select(Need.member_id, Need.item_id, func.sum(stored(Need.quantity)),
                    func.sum(_CENTS))
             .join(CatalogItem, Need.item_id == CatalogItem.id)
             .where(*where).group_by(Need.member_id, Need.item_id))
    per_member_item = [(m, i, quantity_from_thousandths(q), money_from_cents(c))
                       for m, i, q, c in session.execute(query)]
    if not per_member_item:
        raise UserError(f"No {' or '.join(status)} demand in FY{funding_year} matches that "
                        "selection.")
    source_texts = set(session.scalars(select(Need.funding_sources).distinct()
                                       .join(CatalogItem, Need.item_id == CatalogItem.id)
                                       .where(*where)))
    sources = tuple(s for s in FUNDING_SOURCES
                    if any(s in source_codes(t) for t in source_texts))

    item_rows = {i.id: i for i in session.scalars(select(CatalogItem).where(
        CatalogItem.id.in_({i for _m, i, _q, _c in per_member_item})))}
    grouped = _group_demand(per_member_item, item_rows, lot_basis)
    total = sum((t[0] for t in grouped.member_totals.values()), start=Decimal(0))
    choice = choose_method(total, sources, params)
    procurement = Procurement(
        ref=_next_ref(session, funding_year), title=title, funding_year=funding_year,
        method=choice.method, status="planning", lot_basis=lot_basis,
        funding_sources=",".join(sources), estimated_total=total, notes=notes,
        owner=STATE_OWNER)
    session.add(procurement)
    _add_lots(session, procurement, grouped, item_rows, lot_basis)
    _add_members(session, procurement, grouped)
    session.flush()
    _store_loa(session, procurement)
    session.flush()
    return list_procurements_row(session, procurement)


def list_procurements_row(session: Session, procurement: Procurement) -> ProcurementRow:
    return next(r for r in list_procurements(session, procurement.funding_year)
                if r.id == procurement.id)


def edit_procurement(session: Session, ref: str | int, raw: dict[str, Any]) -> ProcurementRow:
    """Change title, status, notes or milestone dates (ISO dates; empty clears one)."""
    _require_state(session)
    procurement = find_procurement(session, ref)
    check = Checker(record=procurement.ref)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        wanted = str(value or "").strip().lower()
        # Saving the status it already has is no change (the milestones dialog sends it).
        if key == "status" and wanted in FACT_STATUSES and wanted != procurement.status:
            check.fail(key, f"'{wanted}' follows the facts, it is not "
                       "set by hand: evaluating once the bids are opened, awarded once every "
                       "lot (a lot awarded per line: every line) is awarded or recorded as "
                       "not awarded (consortium award record)")
        elif key in DATE_FIELDS or key in ("status", "title", "notes"):
            values[key] = PROCUREMENT.field(check, key, value)
        else:
            check.fail(key, f"is not a procurement field ({', '.join(EDITABLE)})")
    if check.errors:
        raise ValidationError(check.errors, f"procurement {procurement.ref}")
    for key, value in values.items():
        setattr(procurement, key, value)
    session.flush()
    _store_loa(session, procurement)
    session.flush()
    return list_procurements_row(session, procurement)


# --- the detail view ----------------------------------------------------------------------

def add_price_tier(session: Session, item_code: str, min_qty: Any, unit_price: Any,
                   vendor: str = "") -> PriceBreak:
    """A quantity break on a catalog item (state only)."""
    _require_state(session)
    item = session.scalar(select(CatalogItem).where(CatalogItem.code == item_code.upper()))
    if item is None:
        raise NotFoundError(f"'{item_code}' is not in the catalog.")
    check = Checker(record=f"price tier of {item.code}")
    qty = PRICE_TIER.field(check, "min_qty", min_qty)
    price = PRICE_TIER.field(check, "unit_price", unit_price)
    vendor = PRICE_TIER.field(check, "vendor", vendor)
    check.raise_if_errors("price tier")
    assert qty is not None and price is not None
    session.add(PriceTier(item_id=item.id, min_qty=qty, unit_price=price, vendor=vendor,
                          owner=STATE_OWNER))
    session.flush()
    return PriceBreak(qty, price)
