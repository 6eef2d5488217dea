"""Allocation of an awarded procurement back to its members (rules: `app.rules.allocation`):
each participating member's confirmed need lines for the procurement's lot lines matched to
an awarded vendor, priced at the contract, with the savings and the E-rate split its award
letter prints. Members that joined later (piggyback) are allocated the same way, without
E-rate.

`allocate` (state) stores the result as `Allocation` records that travel to the regions;
`list_allocations` reads them back anywhere, so a region prints what the state decided.
Running `allocate` again (after a member's choice, a piggyback join, a changed line) keeps
each line's record and the member's choice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import STATE_OWNER, Member, Need
from app.models.allocation import Allocation, PiggybackJoin
from app.models.award import Award
from app.models.procurement import LotItem, Procurement
from app.rules.allocation import (
    NOT_AWARDED,
    PIGGYBACK_NO_ERATE,
    AllocatedMoney,
    AwardedVendor,
    MemberLine,
    allocated_unit_price,
    amount,
    member_figures,
    pick_vendor,
)
from app.rules.erate import MemberDiscount
from app.rules.money import money
from app.rules.pricing import PriceBreak
from app.services.erate import c2_budgets_left, discounts_for, find_procurement, year_params
from app.services.packets import lot_lines
from app.services.procurements import source_codes
from app.services.scope import require_state
from app.services.vendors import get_vendor


@dataclass(frozen=True)
class _Offer:
    """An awarded vendor's contract on one lot line."""

    award: Award
    vendor: AwardedVendor
    base: Decimal
    tiers: tuple[PriceBreak, ...]


def _offers(session: Session, procurement: Procurement) -> dict[int, list[_Offer]]:
    """Per lot item, the contracts awarded on it (a lot's award covers each of its lines, a
    per-line award only its own)."""
    awards = list(session.scalars(select(Award).where(
        Award.procurement_id == procurement.id, Award.deleted.is_(False),
        Award.vendor_id.is_not(None))))
    items_of_lot: dict[int, list[LotItem]] = defaultdict(list)
    for lot in procurement.lots:
        if not lot.deleted:
            items_of_lot[lot.number].extend(i for i in lot.items if not i.deleted)
    offers: dict[int, list[_Offer]] = defaultdict(list)
    for award in awards:
        contract = award.contract
        if contract is None or contract.deleted or award.vendor is None:
            continue
        prices: dict[int, list[PriceBreak]] = defaultdict(list)
        for price in contract.prices:
            if not price.deleted:
                prices[price.lot_item_id].append(PriceBreak(price.min_qty, price.unit_price))
        covered = [i for i in items_of_lot[award.lot_number]
                   if award.lot_item_id in (None, i.id) and i.id in prices]
        bases = {i.id: next((p.unit_price for p in prices[i.id] if p.min_qty == 0),
                            min(p.unit_price for p in prices[i.id])) for i in covered}
        evaluated = sum((amount(i.quantity, bases[i.id]) for i in covered), Decimal(0))
        vendor = AwardedVendor(award.vendor.name, award.vendor.dba or "", evaluated)
        for item in covered:
            offers[item.id].append(_Offer(
                award, vendor, bases[item.id],
                tuple(p for p in prices[item.id] if p.min_qty > 0)))
    return offers


def _need_lines(session: Session, procurement: Procurement, item_to_lot_item: dict[int, int],
                member_ids: Iterable[int]) -> list[Need]:
    return list(session.scalars(select(Need).where(
        Need.deleted.is_(False), Need.status == "confirmed",
        Need.funding_year == procurement.funding_year,
        Need.item_id.in_(list(item_to_lot_item)), Need.member_id.in_(list(member_ids)))
        .order_by(Need.member_id, Need.id)))


def undecided_lots(procurement: Procurement, session: Session) -> list[int]:
    """The lots without a recorded award or no-award (allocation waits for them)."""
    decided = set(session.scalars(select(Award.lot_number).where(
        Award.procurement_id == procurement.id, Award.deleted.is_(False))))
    return sorted(x.number for x in procurement.lots if not x.deleted
                  and x.number not in decided)


def allocate(session: Session, ref: str | int) -> list[AllocatedLine]:
    """Allocate every participating (and piggyback) member's confirmed lines of an awarded
    procurement. Refused, nothing stored, before every lot is decided."""
    require_state(session, "The allocation of an award")
    procurement = find_procurement(session, ref)
    waiting = undecided_lots(procurement, session)
    if waiting:
        raise UserError(f"{procurement.ref}: allocation follows the award; lot(s) "
                        f"{', '.join(map(str, waiting))} not yet awarded (consortium award "
                        "record)")
    order = {item.id: index for index, (_line, item, _c) in enumerate(
        (row for _lot, rows in lot_lines(session, procurement.id) for row in rows))}
    lot_items = {i.id: i for x in procurement.lots if not x.deleted for i in x.items
                 if not i.deleted}
    item_to_lot_item = {i.item_id: i.id for i in lot_items.values() if i.item_id is not None}
    participants = {pm.member_id for pm in procurement.members if not pm.deleted}
    joined = {j.member_id for j in session.scalars(select(PiggybackJoin).where(
        PiggybackJoin.procurement_id == procurement.id, PiggybackJoin.deleted.is_(False)))}
    needs = _need_lines(session, procurement, item_to_lot_item, participants | joined)
    existing = {a.need_id: a for a in session.scalars(select(Allocation).where(
        Allocation.procurement_id == procurement.id))}
    offers = _offers(session, procurement)

    picks = {}
    volume: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for need in needs:
        lot_item = item_to_lot_item[need.item_id]  # type: ignore[index]
        previous = existing.get(need.id)
        chosen = previous.chosen_vendor if previous is not None and not previous.deleted else ""
        line_offers = offers.get(lot_item, [])
        pick = pick_vendor([o.vendor for o in line_offers], need.preferred_vendor, chosen)
        offer = next((o for o in line_offers if o.vendor is pick.vendor), None)
        picks[need.id] = (lot_item, offer, pick, chosen)
        if offer is not None:
            volume[(offer.award.id, lot_item)] += need.quantity

    params = year_params(session, procurement.funding_year)
    member_ids = {n.member_id for n in needs}
    # Without E-rate money in the procurement, E-rate pays nothing on any line.
    discounts: dict[int, MemberDiscount | None] = (
        discounts_for(session, member_ids, params)
        if "erate" in source_codes(procurement.funding_sources) else {})
    budgets = c2_budgets_left(session, procurement, params, member_ids)
    by_member: dict[int, list[Need]] = defaultdict(list)
    for need in sorted(needs, key=lambda n: (order.get(picks[n.id][0], 0), n.id)):
        by_member[need.member_id].append(need)
    kept = set()
    for member_id, lines in by_member.items():
        piggyback = member_id in joined and member_id not in participants
        priced = []
        for need in lines:
            lot_item, offer, _pick, _chosen = picks[need.id]
            price = (allocated_unit_price(offer.base, offer.tiers,
                                          volume[(offer.award.id, lot_item)])
                     if offer is not None else Decimal(0))
            category = lot_items[lot_item].item.erate_category \
                if lot_items[lot_item].item is not None else "ineligible"
            priced.append(MemberLine(need.quantity, price, need.unit_price, category))
        budget = budgets.get(member_id)
        figures = member_figures(priced, discounts.get(member_id),
                                 budget.remaining if budget is not None else None, piggyback)
        for need, line, figures_of in zip(lines, priced, figures, strict=True):
            lot_item, offer, pick, chosen = picks[need.id]
            row = existing.get(need.id) or Allocation(
                procurement=procurement, need=need, member=need.member, owner=STATE_OWNER)
            values = {"lot_item": lot_items[lot_item], "award": offer.award if offer else None,
                      "how": pick.how, "chosen_vendor": chosen, "piggyback": piggyback,
                      "quantity": need.quantity, "unit_price": line.unit_price,
                      "own_unit_price": need.unit_price, "erate_category": line.erate_category,
                      "discount": figures_of.discount, "eligible": figures_of.eligible,
                      "erate_share": figures_of.erate_share, "over_budget": figures_of.over_budget,
                      "note": "; ".join(n for n in (pick.note, PIGGYBACK_NO_ERATE
                                                    if piggyback else "") if n),
                      "deleted": False}
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
            session.add(row)
            kept.add(need.id)
    for need_id, row in existing.items():
        if need_id not in kept and not row.deleted:
            row.deleted = True  # the line left the procurement (withdrawn, moved, deleted)
    session.flush()
    return list_allocations(session, procurement.ref)


def choose_vendor(session: Session, ref: str | int, member: str, lot: int,
                  vendor: str | None) -> list[AllocatedLine]:
    """Record a member's choice among a lot's awarded vendors (None: back to the rule) for
    all its lines of that lot, and allocate again. Refused for a vendor not awarded there."""
    require_state(session, "A member's choice of vendor")
    procurement = find_procurement(session, ref)
    code = member.strip().upper()
    row_member = session.scalar(select(Member).where(Member.code == code,
                                                     Member.deleted.is_(False)))
    if row_member is None:
        raise UserError(f"No member with code '{member}'.")
    lot_row = next((x for x in procurement.lots if x.number == lot and not x.deleted), None)
    if lot_row is None:
        raise UserError(f"{procurement.ref} has no lot {lot}")
    rows = [a for a in session.scalars(select(Allocation).where(
        Allocation.procurement_id == procurement.id, Allocation.member_id == row_member.id,
        Allocation.deleted.is_(False)))
        if a.lot_item.lot_id == lot_row.id]
    if not rows:
        raise UserError(f"{procurement.ref} lot {lot}: member {code} has no allocated lines "
                        "(run consortium allocate run first)")
    name = ""
    if vendor:
        name = get_vendor(session, vendor).name
        offers = _offers(session, procurement)
        awarded = {o.vendor.name for r in rows for o in offers.get(r.lot_item_id, [])}
        if name not in awarded:
            raise UserError(f"{procurement.ref} lot {lot}: {name} is not awarded this lot "
                            f"(awarded: {', '.join(sorted(awarded)) or 'nobody'})")
    for row in rows:
        row.chosen_vendor = name
    session.flush()
    return allocate(session, procurement.ref)


@dataclass(frozen=True)
class AllocatedLine(AllocatedMoney):
    """One allocated line as the award letter and the savings report read it."""

    member_code: str
    member_name: str
    region: int | None
    lot: int
    lot_name: str
    line: str  # "2.3": lot 2, third line, as the packet numbers it
    description: str
    unit: str
    quantity: Decimal
    vendor: str | None
    vendor_498: str
    contract: str
    contract_signed_on: date | None
    how: str
    note: str
    piggyback: bool
    unit_price: Decimal
    own_unit_price: Decimal
    erate_category: str
    discount: int
    eligible: Decimal
    erate_share: Decimal
    over_budget: Decimal

    @property
    def awarded(self) -> bool:
        return self.vendor is not None

    def as_json(self) -> dict[str, Any]:
        return {"member": self.member_code, "region": self.region, "lot": self.lot,
                "line": self.line, "description": self.description, "unit": self.unit,
                "quantity": f"{self.quantity.normalize():f}", "vendor": self.vendor,
                "vendor_498": self.vendor_498 or None, "contract": self.contract or None,
                "contract_signed_on": self.contract_signed_on.isoformat()
                if self.contract_signed_on else None,
                "how": self.how, "note": self.note or None, "piggyback": self.piggyback,
                "unit_price": str(self.unit_price), "own_unit_price": str(self.own_unit_price),
                "amount": str(self.amount), "own_amount": str(self.own_amount),
                "savings": str(self.savings), "erate_category": self.erate_category,
                "discount": self.discount, "eligible": str(self.eligible),
                "erate_share": str(self.erate_share), "member_share": str(self.member_share),
                "over_budget": str(self.over_budget)}


def list_allocations(session: Session, ref: str | int, member: str | None = None
                     ) -> list[AllocatedLine]:
    """The stored allocation of a procurement (one member's with `member`), by member and
    packet line; on any instance that received it."""
    procurement = find_procurement(session, ref)
    numbering = {item.id: (lot, line) for lot, rows in lot_lines(session, procurement.id)
                 for line, item, _c in rows}
    query = select(Allocation).where(Allocation.procurement_id == procurement.id,
                                     Allocation.deleted.is_(False))
    if member:
        query = query.join(Member, Allocation.member_id == Member.id).where(
            Member.code == member.strip().upper())
    out = []
    for row in session.scalars(query):
        lot, line = numbering.get(row.lot_item_id, (row.lot_item.lot, "?"))
        award = row.award if row.award is not None and not row.award.deleted else None
        vendor = award.vendor if award is not None else None
        contract = award.contract if award is not None else None
        out.append(AllocatedLine(
            row.member.code, row.member.name, row.member.region, lot.number, lot.name,
            line, row.lot_item.description, row.lot_item.unit, row.quantity,
            vendor.name if vendor else None, vendor.spin_498 if vendor else "",
            contract.number if contract else "", contract.signed_on if contract else None,
            row.how if award is not None else NOT_AWARDED, row.note, row.piggyback,
            row.unit_price, row.own_unit_price, row.erate_category, row.discount,
            row.eligible, row.erate_share, row.over_budget))
    return sorted(out, key=lambda a: (a.member_code, a.lot, _line_key(a.line)))


def _line_key(line: str) -> tuple[int, ...]:
    return tuple(int(p) for p in line.split(".") if p.isdigit())


def totals_line(lines: Sequence[AllocatedLine]) -> str:
    """One line of totals under an allocation (the CLI prints it, the Allocation tab shows
    it): amount at contract prices, savings, E-rate, and the members over their C2 budget."""
    amount_ = sum((a.amount for a in lines), Decimal(0))
    savings = sum((a.savings for a in lines), Decimal(0))
    erate = sum((a.erate_share for a in lines), Decimal(0))
    over = sorted({a.member_code for a in lines if a.over_budget > 0})
    members = len({a.member_code for a in lines})
    text = (f"{len(lines)} line(s) of {members} member(s): {money(amount_)} at contract "
            f"prices, {money(savings)} saved, E-rate {money(erate)}")
    if over:
        text += (f"; {len(over)} member(s) over their Category 2 budget: " + ", ".join(over))
    return text
