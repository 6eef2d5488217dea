"""E-rate figures from the store: a member's discount from its schools, a procurement's
consortium discount with grouping suggestions, and Category 2 budgets with what is already
committed. The arithmetic is in app.rules.erate; this module only gathers the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models import CatalogItem, FundingYear, Member, Need, School
from app.models.procurement import Lot, LotItem, Procurement, ProcurementMember
from app.models.types import line_cents, money_from_cents
from app.rules.erate import (
    C2Budget,
    GroupingMember,
    GroupingOption,
    MemberDiscount,
    SchoolFigures,
    c2_budget,
    c2_discountable,
    consortium_discount,
    member_discount,
    suggest_groupings,
)
from app.rules.params import YearParams
from app.rules.procurement import UnconfirmedFigures
from app.services.figures import figure_status
from app.services.funding_years import get_funding_year
from app.services.needs import default_funding_year


def year_params(session: Session, year: int | None = None) -> YearParams:
    """The rules' parameters for a funding year (the focus or newest year by default)."""
    if year is None:
        year = default_funding_year(session)
        if year is None:
            raise NotFoundError("No funding years are set up.")
    return YearParams.from_values(get_funding_year(session, year))


def _member(session: Session, code: str) -> Member:
    member = session.scalar(select(Member).where(Member.code == code.strip().upper(),
                                                 Member.deleted.is_(False)))
    if member is None:
        raise NotFoundError(f"No member with code '{code}'.")
    return member


def school_figures(session: Session, member_ids: Iterable[int]) -> dict[int, list[SchoolFigures]]:
    """Each member's schools as plain figures, in one query. A member without schools on
    file is described by its own totals, as a one-school district."""
    ids = list(member_ids)
    out: dict[int, list[SchoolFigures]] = {i: [] for i in ids}
    if not ids:
        return out
    query = select(School.member_id, School.students, School.nslp_eligible, School.cep_isp,
                   School.rural).where(School.member_id.in_(ids), School.deleted.is_(False))
    for member_id, students, eligible, isp, rural in session.execute(query):
        out[member_id].append(SchoolFigures(students or 0, eligible or 0, isp, bool(rural)))
    missing = [i for i, schools in out.items() if not schools]
    if missing:
        for m in session.execute(select(Member.id, Member.students, Member.nslp_eligible,
                                        Member.cep_isp, Member.rural)
                                 .where(Member.id.in_(missing))):
            if m.students:
                out[m.id] = [SchoolFigures(m.students, m.nslp_eligible or 0, m.cep_isp,
                                           bool(m.rural))]
    return out


@dataclass(frozen=True)
class MemberDiscountView:
    code: str
    name: str
    funding_year: int
    discount: MemberDiscount
    # Schools whose NSLP/CEP and rural figures the member has not confirmed for the year.
    unconfirmed: tuple[str, ...] = ()

    @property
    def figures_confirmed(self) -> bool:
        return not self.unconfirmed

    def as_json(self) -> dict[str, Any]:
        d = self.discount
        return {"member": self.code, "name": self.name, "funding_year": self.funding_year,
                "c1": d.c1, "c2": d.c2, "nslp_percent": d.nslp_percent, "rural": d.rural,
                "students": d.students, "nslp_eligible_students": d.eligible,
                "schools": d.schools, "rural_schools": d.rural_schools,
                "figures_confirmed": self.figures_confirmed,
                "unconfirmed": list(self.unconfirmed)}


def discount_for_member(session: Session, code: str, year: int | None = None
                        ) -> MemberDiscountView:
    member = _member(session, code)
    params = year_params(session, year)
    schools = school_figures(session, [member.id])[member.id]
    if not schools:
        raise UserError(f"{member.code} {member.name} has no schools or enrolment on file, "
                        "so its discount cannot be computed.")
    status = figure_status(session, [member.id], params.year)[member.id]
    return MemberDiscountView(member.code, member.name, params.year,
                              member_discount(schools, params), status.unconfirmed)


def discounts_for(session: Session, member_ids: Iterable[int], params: YearParams
                  ) -> dict[int, MemberDiscount | None]:
    figures = school_figures(session, member_ids)
    return {mid: member_discount(s, params) if s else None for mid, s in figures.items()}


@dataclass(frozen=True)
class ConsortiumMemberLine:
    code: str
    name: str
    c1: int | None
    c2: int | None
    c1_amount: Decimal
    c2_amount: Decimal
    # What is left of the member's C2 budget for this procurement (None: no schools on file).
    c2_budget_left: Decimal | None = None

    @property
    def c2_over_budget(self) -> Decimal:
        """C2 cost beyond the remaining budget, which E-rate does not discount."""
        return self.c2_amount - c2_discountable(self.c2_amount, self.c2_budget_left)


@dataclass(frozen=True)
class ConsortiumView:
    ref: str
    funding_year: int
    members: list[ConsortiumMemberLine]
    c1: int
    c2: int
    c1_options: list[GroupingOption]
    c2_options: list[GroupingOption]
    without_discount: list[str]
    # Members whose figures are not all confirmed for the funding year, with how many
    # schools are not: the averages and groupings rest on them.
    unconfirmed: list[UnconfirmedFigures] = field(default_factory=list)

    @property
    def figures_confirmed(self) -> bool:
        return not self.unconfirmed

    @property
    def over_budget(self) -> list[ConsortiumMemberLine]:
        return [m for m in self.members if m.c2_over_budget > 0]

    def as_json(self) -> dict[str, Any]:
        unconfirmed = {u.member_code for u in self.unconfirmed}

        def options(opts: list[GroupingOption]) -> list[dict[str, Any]]:
            # Each Form 471 says which of its members' discounts rest on unconfirmed figures.
            return [{"name": o.name, "erate_amount": str(o.erate_amount),
                     "applications": [{"members": list(a.members), "discount": a.discount,
                                       "eligible_amount": str(a.eligible_amount),
                                       "erate_amount": str(a.erate_amount),
                                       "figures_confirmed": not unconfirmed & set(a.members),
                                       "unconfirmed": sorted(unconfirmed & set(a.members))}
                                      for a in o.applications],
                     "losses": {k: str(v) for k, v in o.losses.items()}} for o in opts]

        return {"procurement": self.ref, "funding_year": self.funding_year,
                "c1": self.c1, "c2": self.c2,
                "members": [{"member": m.code, "name": m.name, "c1": m.c1, "c2": m.c2,
                             "c1_amount": str(m.c1_amount), "c2_amount": str(m.c2_amount),
                             "c2_budget_left": None if m.c2_budget_left is None
                             else str(m.c2_budget_left),
                             "c2_over_budget": str(m.c2_over_budget)}
                            for m in self.members],
                "over_budget": [m.code for m in self.over_budget],
                "figures_confirmed": self.figures_confirmed,
                "unconfirmed": [{"member": u.member_code, "schools": u.schools,
                                 "of": u.of} for u in self.unconfirmed],
                "members_without_discount": self.without_discount,
                "c1_groupings": options(self.c1_options),
                "c2_groupings": options(self.c2_options)}


def find_procurement(session: Session, ref: str | int) -> Procurement:
    text = str(ref).strip()
    query = select(Procurement).where(Procurement.deleted.is_(False))
    if text.isdigit():
        query = query.where(Procurement.id == int(text))
    else:
        query = query.where(func.upper(Procurement.ref) == text.upper())
    procurement = session.scalar(query)
    if procurement is None:
        raise NotFoundError(f"No procurement '{ref}'.")
    return procurement


def member_category_amounts(session: Session, procurement: Procurement
                            ) -> dict[int, dict[str, Decimal]]:
    """Each participant's estimated amount per E-rate category in this procurement's lots
    (its confirmed lines for the lot items, in the procurement's funding year)."""
    item_ids = select(LotItem.item_id).join(Lot, LotItem.lot_id == Lot.id).where(
        Lot.procurement_id == procurement.id, LotItem.deleted.is_(False))
    member_ids = select(ProcurementMember.member_id).where(
        ProcurementMember.procurement_id == procurement.id,
        ProcurementMember.deleted.is_(False))
    cents = line_cents(Need.quantity, Need.unit_price)
    query = (select(Need.member_id, CatalogItem.erate_category, func.sum(cents))
             .join(CatalogItem, Need.item_id == CatalogItem.id)
             .where(Need.deleted.is_(False), Need.status == "confirmed",
                    Need.funding_year == procurement.funding_year,
                    Need.item_id.in_(item_ids), Need.member_id.in_(member_ids))
             .group_by(Need.member_id, CatalogItem.erate_category))
    out: dict[int, dict[str, Decimal]] = {}
    for member_id, category, total in session.execute(query):
        out.setdefault(member_id, {})[category] = money_from_cents(total)
    return out


def c2_budgets_left(session: Session, procurement: Procurement, params: YearParams,
                    member_ids: Iterable[int],
                    figures: dict[int, list[SchoolFigures]] | None = None
                    ) -> dict[int, C2Budget]:
    """Each member's five-year C2 budget as this procurement finds it: less the C2 amounts of
    the member's other (not cancelled) procurements of the cycle that come first — an
    earlier funding year, or the same year and created earlier. Those are planned first, so
    this one gets what they leave; counting later ones too would let two procurements each
    squeeze the other out. Members without schools on file have no budget (left out)."""
    ids = list(member_ids)
    if figures is None:
        figures = school_figures(session, ids)
    students = {mid: [s.students for s in figures.get(mid, [])] for mid in ids
                if figures.get(mid)}
    start = params.c2_cycle_start or params.year
    end = params.c2_cycle_end or params.year
    earlier = ((Procurement.funding_year < procurement.funding_year)
               | ((Procurement.funding_year == procurement.funding_year)
                  & (Procurement.id < procurement.id)))
    committed: dict[int, Decimal] = {}
    for member_id, amount in session.execute(
            select(ProcurementMember.member_id, ProcurementMember.c2_amount)
            .join(Procurement, ProcurementMember.procurement_id == Procurement.id)
            .where(ProcurementMember.member_id.in_(list(students)),
                   ProcurementMember.deleted.is_(False), Procurement.deleted.is_(False),
                   Procurement.status != "cancelled", Procurement.id != procurement.id,
                   Procurement.funding_year.between(start, end), earlier)):
        committed[member_id] = committed.get(member_id, Decimal(0)) + amount
    return {mid: c2_budget(s, params, committed=committed.get(mid, Decimal(0)))
            for mid, s in students.items()}


def consortium_for_procurement(session: Session, ref: str | int) -> ConsortiumView:
    """The consortium discount and Form 471 groupings of a procurement. A member's C2
    amount counts in a grouping only up to its remaining C2 budget: E-rate discounts
    nothing beyond it."""
    procurement = find_procurement(session, ref)
    params = year_params(session, procurement.funding_year)
    participants = [pm for pm in procurement.members if not pm.deleted]
    ids = [pm.member_id for pm in participants]
    figures = school_figures(session, ids)  # read once for discounts and budgets
    discounts = {mid: member_discount(f, params) if f else None for mid, f in figures.items()}
    budgets = c2_budgets_left(session, procurement, params, ids, figures)
    amounts = member_category_amounts(session, procurement)
    lines = []
    without = []
    for pm in sorted(participants, key=lambda p: p.member.code):
        d = discounts.get(pm.member_id)
        if d is None:
            without.append(pm.member.code)
        money = amounts.get(pm.member_id, {})
        budget = budgets.get(pm.member_id)
        lines.append(ConsortiumMemberLine(
            pm.member.code, pm.member.name, d.c1 if d else None, d.c2 if d else None,
            money.get("C1", Decimal(0)), money.get("C2", Decimal(0)),
            budget.remaining if budget is not None else None))
    with_discount = [m for m in lines if m.c1 is not None]
    c1 = consortium_discount([m.c1 for m in with_discount if m.c1 is not None])
    c2 = consortium_discount([m.c2 for m in with_discount if m.c2 is not None])
    c1_options = suggest_groupings([GroupingMember(m.code, m.c1 or 0, m.c1_amount)
                                    for m in with_discount if m.c1_amount > 0])
    c2_in_budget = [(m, c2_discountable(m.c2_amount, m.c2_budget_left))
                    for m in with_discount]
    c2_options = suggest_groupings([GroupingMember(m.code, m.c2 or 0, amount)
                                    for m, amount in c2_in_budget if amount > 0])
    status = figure_status(session, ids, procurement.funding_year)
    unconfirmed = sorted((s.as_gap() for s in status.values() if not s.confirmed),
                         key=lambda u: u.member_code)
    return ConsortiumView(procurement.ref, procurement.funding_year, lines, c1, c2,
                          c1_options, c2_options, without, unconfirmed)


@dataclass(frozen=True)
class BudgetView:
    code: str
    name: str
    cycle: str
    budget: C2Budget
    committed_in: list[tuple[str, Decimal]]

    def as_json(self) -> dict[str, Any]:
        b = self.budget
        return {"member": self.code, "name": self.name, "cycle": self.cycle,
                "budget": str(b.budget), "method": b.method,
                "per_student": str(b.per_student), "floor_total": str(b.floor_total),
                "small_district_hybrid": str(b.hybrid) if b.hybrid is not None else None,
                "committed": str(b.committed), "remaining": str(b.remaining),
                "committed_in": [{"procurement": r, "c2_amount": str(a)}
                                 for r, a in self.committed_in]}


def c2_budget_for(session: Session, code: str, year: int | None = None) -> BudgetView:
    """The member's five-year C2 budget for the cycle holding `year`, less the C2 amounts
    of the (not cancelled) procurements it takes part in during that cycle."""
    member = _member(session, code)
    params = year_params(session, year)
    students = [s.students for s in school_figures(session, [member.id])[member.id]]
    if not students:
        raise UserError(f"{member.code} {member.name} has no schools on file, so its C2 "
                        "budget cannot be computed.")
    start = params.c2_cycle_start or params.year
    end = params.c2_cycle_end or params.year
    rows = session.execute(
        select(Procurement.ref, ProcurementMember.c2_amount)
        .join(Procurement, ProcurementMember.procurement_id == Procurement.id)
        .where(ProcurementMember.member_id == member.id, ProcurementMember.deleted.is_(False),
               Procurement.deleted.is_(False), Procurement.status != "cancelled",
               Procurement.funding_year.between(start, end),
               ProcurementMember.c2_amount > 0)
        .order_by(Procurement.ref)).all()
    committed = sum((r[1] for r in rows), start=Decimal(0))
    budget = c2_budget(students, params, committed=committed)
    return BudgetView(member.code, member.name, f"FY{start}–FY{end}", budget,
                      [(r[0], r[1]) for r in rows])


def funding_year_numbers(session: Session) -> list[int]:
    return list(session.scalars(select(FundingYear.year).where(FundingYear.deleted.is_(False))
                                .order_by(FundingYear.year)))
