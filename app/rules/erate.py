"""E-rate discounts, consortium averages, Category 2 budgets and per-line shares
(DOMAIN.md §1.2–§1.4). Every yearly figure comes in through `YearParams`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from app.rules.params import DiscountBand, YearParams

CENT = Decimal("0.01")


def round_half_up(value: Decimal | int | float) -> int:
    """Whole number, halves away from zero (EPC's rounding), never banker's rounding."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SchoolFigures:
    students: int
    nslp_eligible: int = 0
    # CEP identified-student percentage (e.g. Decimal("45.20")), or None for plain NSLP counts.
    cep_isp: Decimal | None = None
    rural: bool = False


def eligible_students(school: SchoolFigures, cep_multiplier: Decimal) -> int:
    """NSLP-eligible students of one school. CEP: enrolment × ISP × multiplier, rounded up to
    a whole student (EPC) and capped at enrolment."""
    if school.students <= 0:
        return 0
    if school.cep_isp is not None:
        raw = Decimal(school.students) * Decimal(school.cep_isp) / 100 * cep_multiplier
        return min(school.students, math.ceil(raw))
    return max(0, min(school.students, school.nslp_eligible))


def nslp_percent(schools: Sequence[SchoolFigures], cep_multiplier: Decimal) -> int:
    """District-wide NSLP percentage: eligible / students over all schools, whole percent."""
    students = sum(s.students for s in schools if s.students > 0)
    if students == 0:
        return 0
    eligible = sum(eligible_students(s, cep_multiplier) for s in schools)
    return round_half_up(Decimal(eligible) * 100 / Decimal(students))


def is_rural(schools: Sequence[SchoolFigures]) -> bool:
    """Rural when MORE than half the schools are rural; exactly half is urban."""
    return sum(1 for s in schools if s.rural) * 2 > len(schools)


def band_for(matrix: Sequence[DiscountBand], percent: int) -> DiscountBand:
    for band in matrix:
        if band.min_pct <= percent <= band.max_pct:
            return band
    raise ValueError(f"the discount matrix has no band for {percent} %")


def matrix_discounts(params: YearParams, percent: int, rural: bool) -> tuple[int, int]:
    """(Category 1, Category 2) discounts for a whole NSLP percentage; C2 capped."""
    band = band_for(params.discount_matrix, percent)
    c1 = band.c1_rural if rural else band.c1_urban
    c2 = band.c2_rural if rural else band.c2_urban
    return c1, min(c2, params.c2_max_discount)


@dataclass(frozen=True)
class MemberDiscount:
    students: int
    eligible: int
    schools: int
    rural_schools: int
    nslp_percent: int
    rural: bool
    c1: int
    c2: int

    def for_category(self, category: str) -> int:
        return self.c2 if category == "C2" else self.c1


def member_discount(schools: Sequence[SchoolFigures], params: YearParams) -> MemberDiscount:
    """A district's (or charter's) discount from all its schools (FY2015 method)."""
    percent = nslp_percent(schools, params.cep_multiplier)
    rural = is_rural(schools)
    c1, c2 = matrix_discounts(params, percent, rural)
    return MemberDiscount(
        students=sum(max(0, s.students) for s in schools),
        eligible=sum(eligible_students(s, params.cep_multiplier) for s in schools),
        schools=len(schools), rural_schools=sum(1 for s in schools if s.rural),
        nslp_percent=percent, rural=rural, c1=c1, c2=c2)


def consortium_discount(discounts: Sequence[int]) -> int:
    """Simple (unweighted) average of the members on one Form 471, rounded half-up."""
    if not discounts:
        return 0
    return round_half_up(Decimal(sum(discounts)) / len(discounts))


@dataclass(frozen=True)
class GroupingMember:
    code: str
    discount: int
    eligible_amount: Decimal  # pre-discount eligible cost this member would put on a 471


@dataclass(frozen=True)
class Application:
    members: tuple[str, ...]
    discount: int
    eligible_amount: Decimal
    erate_amount: Decimal


@dataclass(frozen=True)
class GroupingOption:
    name: str
    applications: tuple[Application, ...]
    erate_amount: Decimal
    # Members who would get less than on their own discount, and how much less.
    losses: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total_loss(self) -> Decimal:
        return sum(self.losses.values(), start=Decimal(0))


def _application(members: Sequence[GroupingMember]) -> Application:
    discount = consortium_discount([m.discount for m in members])
    amount = sum((m.eligible_amount for m in members), start=Decimal(0))
    return Application(tuple(m.code for m in members), discount, amount,
                       cents(amount * discount / 100))


def _option(name: str, groups: Sequence[Sequence[GroupingMember]]) -> GroupingOption:
    applications = tuple(_application(g) for g in groups if g)
    losses: dict[str, Decimal] = {}
    for group, application in zip([g for g in groups if g], applications, strict=True):
        for member in group:
            lost = cents(member.eligible_amount * (member.discount - application.discount) / 100)
            if lost > 0:
                losses[member.code] = lost
    total = sum((a.erate_amount for a in applications), start=Decimal(0))
    return GroupingOption(name, applications, total, losses)


def suggest_groupings(members: Sequence[GroupingMember],
                      bands: Sequence[DiscountBand] | None = None) -> list[GroupingOption]:
    """Ways to put members on Form 471s, best E-rate dollars first.

    Options: one application for all; one application per discount level (nobody loses);
    the best split into two applications at a discount cut. Each shows the dollars it yields
    and which members would lose against their own discount.
    """
    if not members:
        return []
    ordered = sorted(members, key=lambda m: (-m.discount, m.code))
    options = [_option("one application", [ordered])]
    levels = sorted({m.discount for m in ordered}, reverse=True)
    if len(levels) > 1:
        by_level = [[m for m in ordered if m.discount == level] for level in levels]
        options.append(_option("one application per discount level", by_level))
        best: GroupingOption | None = None
        for cut in levels[1:]:
            high = [m for m in ordered if m.discount > cut]
            low = [m for m in ordered if m.discount <= cut]
            candidate = _option(f"two applications: above {cut} % and {cut} % or less",
                                [high, low])
            if best is None or (candidate.erate_amount, -candidate.total_loss) > (
                    best.erate_amount, -best.total_loss):
                best = candidate
        if best is not None and len(levels) > 2:
            options.append(best)
    return sorted(options, key=lambda o: (-o.erate_amount, o.total_loss, len(o.applications)))


@dataclass(frozen=True)
class C2Budget:
    per_student: Decimal
    floor_total: Decimal
    hybrid: Decimal | None  # only for small districts
    budget: Decimal
    method: str  # "per student", "floor" or "small-district hybrid"
    committed: Decimal = Decimal(0)
    returned: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed + self.returned


def c2_budget(school_students: Sequence[int], params: YearParams,
              committed: Decimal = Decimal(0), returned: Decimal = Decimal(0)) -> C2Budget:
    """Five-year pre-discount C2 budget of one district: the larger of multiplier × students
    and floor × schools; districts with at most the small-district number of schools may
    also use each school's own max(multiplier × students, floor), summed.

    Only a school with students counts towards the floor (and the hybrid). The floor is per
    budgeted entity, and entities without students have no budget of their own:
    non-instructional facilities and annexes "are not child entities and add no floor"
    (DOMAIN.md §1.4); a new school not yet open estimates its enrolment (USAC's C2 FAQ,
    Q18–Q19, "new schools ... before they have enrolled students"). So a school on file
    with 0 students is treated like a NIF: it adds nothing until its count is entered. This
    is our reading — no source says in so many words that a 0-student school gets no floor
    — and the cautious one: a floor counted on an empty record would promise a discount
    USAC may refuse. (The shipped 2023-24 file has no school with 0 students.)"""
    students = sum(max(0, s) for s in school_students)
    with_students = [s for s in school_students if s > 0]
    per_student = cents(params.c2_multiplier * students)
    floor_total = cents(params.c2_floor * len(with_students))
    hybrid = None
    if 0 < len(with_students) <= params.c2_small_district_max_schools:
        hybrid = sum((max(cents(params.c2_multiplier * s), params.c2_floor)
                      for s in with_students), start=Decimal(0))
    choices = [(per_student, "per student"), (floor_total, "floor")]
    if hybrid is not None:
        choices.append((hybrid, "small-district hybrid"))
    budget, method = max(choices, key=lambda c: c[0])
    return C2Budget(per_student, floor_total, hybrid, budget, method, committed, returned)


@dataclass(frozen=True)
class LineShare:
    total: Decimal
    eligible: Decimal
    ineligible: Decimal
    discount: int
    erate_share: Decimal
    member_share: Decimal


def c2_discountable(amount: Decimal, c2_budget_left: Decimal | None) -> Decimal:
    """The part of a member's C2 cost that E-rate discounts: all of it up to the member's
    remaining five-year budget, nothing beyond ("equipment beyond budget can be bought but
    gets no discount", DOMAIN.md §1.4). A used-up or overdrawn budget leaves 0; no budget
    known (None) leaves the whole amount. The one home of the cap: shares, consortium
    groupings and over-budget flags all go through it."""
    if c2_budget_left is None:
        return amount
    return max(Decimal(0), min(amount, c2_budget_left))


def line_share(amount: Decimal, erate_category: str, discount: MemberDiscount | None,
               c2_budget_left: Decimal | None = None) -> LineShare:
    """Split one line's cost: eligible (C1/C2) and ineligible parts, E-rate's share of the
    eligible part at the member's discount, and what the member pays. C2 cost above the
    remaining budget gets no discount."""
    eligible = amount if erate_category in ("C1", "C2") and discount is not None else Decimal(0)
    if erate_category == "C2":
        eligible = c2_discountable(eligible, c2_budget_left)
    rate = discount.for_category(erate_category) if discount is not None and eligible else 0
    erate = cents(eligible * rate / 100)
    return LineShare(amount, eligible, amount - eligible, rate, erate, amount - erate)


@dataclass(frozen=True)
class MemberShare:
    c1: LineShare
    c2: LineShare
    c2_budget_left: Decimal | None
    # C2 cost beyond the remaining budget: bought at the member's full cost.
    c2_over_budget: Decimal

    @property
    def erate_share(self) -> Decimal:
        return self.c1.erate_share + self.c2.erate_share

    @property
    def over_budget(self) -> bool:
        return self.c2_over_budget > 0


def member_share(c1_amount: Decimal, c2_amount: Decimal, discount: MemberDiscount | None,
                 c2_budget_left: Decimal | None = None) -> MemberShare:
    """E-rate's share of one member's C1 and C2 cost in a purchase: C1 at its C1 discount,
    C2 at its C2 discount on no more than its remaining C2 budget (the rest is over budget
    and gets no discount). Every E-rate share the app shows comes from here."""
    over = c2_amount - c2_discountable(c2_amount, c2_budget_left)
    return MemberShare(line_share(c1_amount, "C1", discount),
                       line_share(c2_amount, "C2", discount, c2_budget_left),
                       c2_budget_left, over)
