"""A planned procurement read back in full: lots with volume-price savings, participants
with their discounts, shares and letter-of-agency gaps, the E-rate figures, the calendar and
the checklist — what the Procurements page, `procurement show` and the bid packet display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Member,
    Need,
)
from app.models.procurement import (
    LotItem,
    PriceTier,
    Procurement,
    ProcurementMember,
)
from app.models.types import quantity_from_thousandths, stored
from app.rules.calendar import CalendarEntry, procurement_calendar
from app.rules.erate import MemberDiscount, member_share
from app.rules.params import YearParams
from app.rules.pricing import PriceBreak, VolumeSavings, volume_savings
from app.rules.procurement import (
    CheckItem,
    LoaCheck,
    MethodChoice,
    OverBudget,
    ProcurementFacts,
    checklist,
    choose_method,
)
from app.services.addenda import substantive_dates
from app.services.erate import (
    ConsortiumMemberLine,
    ConsortiumView,
    consortium_for_procurement,
    discounts_for,
    find_procurement,
    year_params,
)
from app.services.holidays import holiday_dates
from app.services.packet_settings import questions_close_on
from app.services.procurements import (
    DATE_FIELDS,
    ProcurementRow,
    list_procurements_row,
    loa_checks,
    source_codes,
)
from app.services.values import plain_number


@dataclass(frozen=True)
class LotItemView:
    item_code: str
    description: str
    unit: str
    erate_category: str
    quantity: Decimal
    estimated_unit_price: Decimal
    estimated_amount: Decimal
    members: int
    savings: VolumeSavings | None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "item": self.item_code, "description": self.description, "unit": self.unit,
            "erate_category": self.erate_category, "quantity": plain_number(self.quantity),
            "estimated_unit_price": str(self.estimated_unit_price),
            "estimated_amount": str(self.estimated_amount), "members": self.members}
        if self.savings is not None:
            s = self.savings
            out["volume_pricing"] = {
                "consortium_price": str(s.consortium_price),
                "alone_amount": str(s.alone_amount), "savings": str(s.savings),
                "members": [{"member": m.member_code, "quantity": plain_number(m.quantity),
                             "alone_price": str(m.alone_price),
                             "consortium_price": str(m.consortium_price),
                             "savings": str(m.savings)} for m in s.members]}
        return out


@dataclass(frozen=True)
class LotView:
    number: int
    name: str
    basis_code: str
    erate_category: str
    items: list[LotItemView]

    @property
    def amount(self) -> Decimal:
        return sum((i.estimated_amount for i in self.items), start=Decimal(0))

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "name": self.name, "basis": self.basis_code,
                "erate_category": self.erate_category, "amount": str(self.amount),
                "items": [i.as_json() for i in self.items]}


@dataclass(frozen=True)
class ParticipantView:
    code: str
    name: str
    region: int
    estimated_amount: Decimal
    c2_amount: Decimal
    lots_taken: int
    c1: int | None
    c2: int | None
    erate_share: Decimal
    member_share: Decimal
    loa_ok: bool
    loa_problems: tuple[str, ...]
    c2_budget_left: Decimal | None = None
    c2_over_budget: Decimal = Decimal(0)

    def as_json(self) -> dict[str, Any]:
        return {"member": self.code, "name": self.name, "region": self.region,
                "estimated_amount": str(self.estimated_amount),
                "c2_amount": str(self.c2_amount), "lots": self.lots_taken,
                "c1": self.c1, "c2": self.c2, "erate_share": str(self.erate_share),
                "member_share": str(self.member_share), "loa_ok": self.loa_ok,
                "loa_problems": list(self.loa_problems),
                "c2_budget_left": None if self.c2_budget_left is None
                else str(self.c2_budget_left),
                "c2_over_budget": str(self.c2_over_budget)}


@dataclass(frozen=True)
class ProcurementDetail:
    row: ProcurementRow
    dates: dict[str, date | None]
    notes: str
    choice: MethodChoice
    lots: list[LotView]
    participants: list[ParticipantView]
    calendar: list[CalendarEntry]
    checklist: list[CheckItem]
    erate: ConsortiumView

    @property
    def erate_share(self) -> Decimal:
        return sum((p.erate_share for p in self.participants), start=Decimal(0))

    @property
    def volume_savings(self) -> Decimal:
        return sum((i.savings.savings for lot in self.lots for i in lot.items
                    if i.savings is not None), start=Decimal(0))

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checklist)

    def as_json(self) -> dict[str, Any]:
        return {**self.row.as_json(),
                **{k: v.isoformat() if v else None for k, v in self.dates.items()},
                "notes": self.notes, "method_label": self.choice.label,
                "method_steps": list(self.choice.steps),
                "lots": [lot.as_json() for lot in self.lots],
                "members": [p.as_json() for p in self.participants],
                "erate": {**self.erate.as_json(), "erate_share": str(self.erate_share)},
                "volume_savings": str(self.volume_savings),
                "calendar": [{"label": e.label, "date": e.on.isoformat() if e.on else None,
                              "note": e.note} for e in self.calendar],
                "checklist": [{"code": c.code, "rule": c.rule, "passed": c.passed,
                               "reason": c.reason} for c in self.checklist],
                "checklist_passed": self.passed}


def _tiers(session: Session, lot_item_ids: list[int], item_ids: list[int]
           ) -> tuple[dict[int, list[PriceBreak]], dict[int, list[PriceBreak]]]:
    by_lot_item: dict[int, list[PriceBreak]] = {}
    by_item: dict[int, list[PriceBreak]] = {}
    query = select(PriceTier).where(PriceTier.deleted.is_(False),
                                    PriceTier.lot_item_id.in_(lot_item_ids)
                                    | PriceTier.item_id.in_(item_ids))
    for tier in session.scalars(query):
        brk = PriceBreak(tier.min_qty, tier.unit_price)
        if tier.lot_item_id is not None:
            by_lot_item.setdefault(tier.lot_item_id, []).append(brk)
        elif tier.item_id is not None:
            by_item.setdefault(tier.item_id, []).append(brk)
    return by_lot_item, by_item


def _member_quantities(session: Session, procurement: Procurement, priced: list[LotItem],
                       participants: list[ProcurementMember]) -> dict[int, dict[str, Decimal]]:
    """Each participant's confirmed quantity of each priced item in the procurement's year,
    by item id then member code: what volume pricing compares, price alone against price
    together."""
    member_qty: dict[int, dict[str, Decimal]] = {}
    if not priced:
        return member_qty
    query = (select(Need.item_id, Member.code,
                    func.sum(stored(Need.quantity)))
             .join(Member, Need.member_id == Member.id)
             .where(Need.deleted.is_(False), Need.status == "confirmed",
                    Need.funding_year == procurement.funding_year,
                    Need.item_id.in_([li.item_id for li in priced]),
                    Need.member_id.in_([pm.member_id for pm in participants]))
             .group_by(Need.item_id, Member.code))
    for item_id, code, qty in session.execute(query):
        member_qty.setdefault(item_id, {})[code] = quantity_from_thousandths(qty)
    return member_qty


def _lot_item_view(li: LotItem, tiers: list[PriceBreak] | None,
                   member_qty: dict[int, dict[str, Decimal]]) -> LotItemView:
    """One line of a lot; with volume savings when it has price tiers and demand, measured
    from the catalog's reference price (the estimate when the line has no catalog item)."""
    savings = None
    if tiers and li.item_id in member_qty:
        list_price = li.item.reference_price if li.item else li.estimated_unit_price
        savings = volume_savings(member_qty[li.item_id], tiers, list_price)
    return LotItemView(li.item.code if li.item else "", li.description, li.unit,
                       li.item.erate_category if li.item else "", li.quantity,
                       li.estimated_unit_price, li.estimated_amount, li.members, savings)


def _participant_view(pm: ProcurementMember, discount: MemberDiscount | None,
                      line: ConsortiumMemberLine | None, check: LoaCheck | None
                      ) -> ParticipantView:
    """A participant with its discounts, its E-rate and own shares of its consortium amounts
    (none without them), its Category 2 budget and its letter-of-agency check."""
    d = discount
    share = (member_share(line.c1_amount, line.c2_amount, d, line.c2_budget_left)
             if line is not None else None)
    erate = share.erate_share if share is not None else Decimal(0)
    return ParticipantView(
        pm.member.code, pm.member.name, pm.member.region, pm.estimated_amount,
        pm.c2_amount, pm.lots_taken, d.c1 if d else None, d.c2 if d else None, erate,
        pm.estimated_amount - erate, check.ok if check else False,
        check.problems if check else (),
        line.c2_budget_left if line is not None else None,
        share.c2_over_budget if share is not None else Decimal(0))


def get_procurement(session: Session, ref: str | int) -> ProcurementDetail:
    procurement = find_procurement(session, ref)
    params: YearParams = year_params(session, procurement.funding_year)
    participants = sorted((pm for pm in procurement.members if not pm.deleted),
                          key=lambda p: p.member.code)
    lots = [lot for lot in procurement.lots if not lot.deleted]
    all_items = [li for lot in lots for li in lot.items if not li.deleted]
    by_lot_item, by_item = _tiers(session, [li.id for li in all_items],
                                  [li.item_id for li in all_items if li.item_id])
    priced = [li for li in all_items
              if li.id in by_lot_item or (li.item_id and li.item_id in by_item)]
    member_qty = _member_quantities(session, procurement, priced, participants)
    lot_views = [
        LotView(lot.number, lot.name, lot.basis_code, lot.erate_category,
                [_lot_item_view(li, by_lot_item.get(li.id) or by_item.get(li.item_id or -1),
                                member_qty)
                 for li in sorted((i for i in lot.items if not i.deleted),
                                  key=lambda i: i.item.code if i.item else i.description)])
        for lot in lots]

    checks = loa_checks(session, procurement)
    discounts = discounts_for(session, [pm.member_id for pm in participants], params)
    consortium = consortium_for_procurement(session, procurement.id)
    amounts = {m.code: m for m in consortium.members}
    people = [_participant_view(pm, discounts.get(pm.member_id), amounts.get(pm.member.code),
                                checks.get(pm.member_id)) for pm in participants]
    sources = source_codes(procurement.funding_sources)
    choice = choose_method(procurement.estimated_total, sources, params)
    dates = {k: getattr(procurement, k) for k in DATE_FIELDS}
    holidays = holiday_dates(session)
    addenda = substantive_dates(session, procurement)
    facts = ProcurementFacts(
        total=procurement.estimated_total, sources=sources,
        form470_certified_on=procurement.form470_certified_on,
        rfp_posted_on=procurement.rfp_posted_on, nc_advertised_on=procurement.nc_advertised_on,
        bid_due_on=procurement.bid_due_on, contract_on=procurement.contract_on,
        letters=tuple(checks.values()), members=len(participants), lots=len(lot_views),
        holidays=holidays, holiday_years=frozenset(d.year for d in holidays),
        funding_year=procurement.funding_year,
        over_budget=tuple(OverBudget(m.code, m.c2_amount, m.c2_budget_left or Decimal(0))
                          for m in consortium.over_budget),
        unconfirmed=tuple(consortium.unconfirmed), substantive_addenda=addenda)
    calendar = procurement_calendar(
        params, form470_certified_on=procurement.form470_certified_on,
        rfp_posted_on=procurement.rfp_posted_on, nc_advertised_on=procurement.nc_advertised_on,
        bid_due_on=procurement.bid_due_on, contract_on=procurement.contract_on,
        erate=choice.erate, nc_formal=choice.nc == "formal", holidays=holidays,
        questions_close_on=questions_close_on(session, procurement),
        substantive_addenda=addenda)
    return ProcurementDetail(list_procurements_row(session, procurement), dates,
                             procurement.notes, choice, lot_views, people, calendar,
                             checklist(facts, params), consortium)
