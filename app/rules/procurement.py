"""Which procurement method the law requires, and the checklist of every rule with pass or
fail and why (DOMAIN.md §1.5, §1.7, §2.1–§2.2, §3.1–§3.2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.rules.calendar import (
    allowable_contract_date,
    is_business_day,
    last_form470_date,
    nc_full_days_between,
    previous_business_day,
    why_not_business_day,
)
from app.rules.money import money
from app.rules.params import YearParams

NC_METHODS = {"none": "below the NC bidding threshold (local policy, quotes)",
              "informal": "NC informal bids (G.S. 143-131)",
              "formal": "NC formal sealed bids, advertised (G.S. 143-129)"}
FEDERAL_METHODS = {"micro-purchase": "federal micro-purchase (2 CFR 200.320(a)(1))",
                   "simplified": "federal simplified acquisition: quotes from an adequate "
                                 "number of sources (2 CFR 200.320(a)(2))",
                   "formal": "federal formal procurement: sealed bids or proposals "
                             "(2 CFR 200.320(b))"}
RANK = {"none": 0, "micro-purchase": 0, "informal": 1, "simplified": 1, "formal": 2}


def nc_method(total: Decimal, params: YearParams) -> str:
    """< informal threshold: none; informal ≤ total < formal: informal; ≥ formal: formal."""
    if total >= params.nc_formal_bid_threshold:
        return "formal"
    if total >= params.nc_informal_bid_threshold:
        return "informal"
    return "none"


def federal_method(total: Decimal, params: YearParams) -> str:
    """≤ MPT: micro-purchase; ≤ SAT: simplified acquisition; above the SAT: formal."""
    if total <= params.federal_micro_purchase_threshold:
        return "micro-purchase"
    if total <= params.federal_simplified_acquisition_threshold:
        return "simplified"
    return "formal"


@dataclass(frozen=True)
class MethodChoice:
    nc: str
    federal: str | None  # None when no federal money
    erate: bool
    method: str  # the strictest: "formal", "informal" or "none"
    steps: tuple[str, ...]

    @property
    def label(self) -> str:
        base = {"formal": "Formal sealed bids", "informal": "Informal bids",
                "none": "Quotes (below bid thresholds)"}[self.method]
        return base + (" + Form 470" if self.erate else "")


def choose_method(total: Decimal, sources: Sequence[str], params: YearParams) -> MethodChoice:
    """The stricter of NC and federal rules applies; E-rate adds Form 470 and the wait."""
    nc = nc_method(total, params)
    federal = federal_method(total, params) if "federal" in sources else None
    erate = "erate" in sources
    rank = max(RANK[nc], RANK[federal] if federal else 0)
    method = {0: "none", 1: "informal", 2: "formal"}[rank]
    steps = [NC_METHODS[nc]]
    if federal:
        steps.append(FEDERAL_METHODS[federal])
        if federal == "formal":
            steps.append("cost or price analysis (2 CFR 200.324) and Appendix II clauses")
    if erate:
        steps.append(f"FCC Form 470 (with the RFP) public ≥ {params.erate_bidding_days} days "
                     "before choosing a vendor; price of eligible items the top factor")
    return MethodChoice(nc, federal, erate, method, tuple(steps))


@dataclass(frozen=True)
class LoaCheck:
    member_code: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_letter(member_code: str, letters: Sequence[LetterFacts], funding_year: int,
                 certify_on: date | None) -> LoaCheck:
    """A member is covered by a letter with all five elements, covering the funding year,
    signed on or before the Form 470 certification date. Names what the best letter lacks."""
    if not letters:
        return LoaCheck(member_code, ("no letter of agency on file",))
    best: tuple[str, ...] | None = None
    for letter in letters:
        problems = [f"missing {m}" for m in letter.missing]
        if not letter.covers(funding_year):
            problems.append(f"does not cover FY{funding_year}")
        if certify_on and letter.signed_on and letter.signed_on > certify_on:
            problems.append(f"signed {letter.signed_on.isoformat()}, after the Form 470 "
                            f"certification on {certify_on.isoformat()}")
        if best is None or len(problems) < len(best):
            best = tuple(problems)
    return LoaCheck(member_code, best or ())


@dataclass(frozen=True)
class LetterFacts:
    missing: tuple[str, ...]
    first_funding_year: int | None
    last_funding_year: int | None
    signed_on: date | None

    def covers(self, year: int) -> bool:
        return (self.first_funding_year is not None and self.last_funding_year is not None
                and self.first_funding_year <= year <= self.last_funding_year)


@dataclass(frozen=True)
class OverBudget:
    """A member whose C2 amount in a procurement is beyond what is left of its budget."""
    member_code: str
    c2_amount: Decimal
    budget_left: Decimal


@dataclass(frozen=True)
class UnconfirmedFigures:
    """A member with schools whose NSLP/CEP and rural figures are not confirmed for the
    procurement's funding year (`schools` of `of` unconfirmed)."""
    member_code: str
    schools: int
    of: int


@dataclass(frozen=True)
class ProcurementFacts:
    total: Decimal
    sources: tuple[str, ...]
    form470_certified_on: date | None = None
    rfp_posted_on: date | None = None
    nc_advertised_on: date | None = None
    bid_due_on: date | None = None
    contract_on: date | None = None
    letters: tuple[LoaCheck, ...] = ()
    members: int = 0
    lots: int = 0
    holidays: frozenset[date] = frozenset()
    holiday_years: frozenset[int] = frozenset()  # years the holiday list covers
    funding_year: int | None = None
    over_budget: tuple[OverBudget, ...] = ()
    unconfirmed: tuple[UnconfirmedFigures, ...] = ()
    # Issue dates of the substantive addenda: each restarts the 28 days (DOMAIN.md §1.5).
    substantive_addenda: tuple[date, ...] = ()


@dataclass(frozen=True)
class CheckItem:
    code: str
    rule: str
    passed: bool
    reason: str


def _listed(parts: Sequence[str], limit: int = 8) -> str:
    """The first few of a long list, and how many more: a checklist line stays readable."""
    more = f"; and {len(parts) - limit} more" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def _business_day(facts: ProcurementFacts) -> list[CheckItem]:
    """Bids are due on a business day (not a weekend nor an NC state holiday); a due date
    in a year the holiday list does not cover fails until its holidays are added."""
    if facts.bid_due_on is None:
        return []
    due = facts.bid_due_on
    rule = "Bids are due on a business day"
    if due.year not in facts.holiday_years:
        return [CheckItem("business_day", rule, False,
                          f"the NC state holiday list has no dates for {due.year}: add them "
                          "(consortium holidays set) so that deadlines can avoid them")]
    why = why_not_business_day(due, facts.holidays)
    return [CheckItem("business_day", rule, is_business_day(due, facts.holidays),
                      f"bids due {due:%a} {due.isoformat()}" + (
                          f", {why}: move the bid due date to a business day" if why else ""))]


def _erate_dates(facts: ProcurementFacts, params: YearParams) -> list[CheckItem]:
    """E-rate's calendar: the Form 470 certified by the last date (the 471 window close less
    the bidding days, moved back off a weekend or holiday), bids open that many days after
    the 470, the RFP and the last substantive addendum, and the contract signed on or after
    the allowable contract date and before the 471 window closes."""
    days = params.erate_bidding_days
    items = []
    if facts.form470_certified_on is None:
        items.append(CheckItem("form470", "Form 470 certified", False,
                               "the Form 470 is not certified yet"))
    else:
        # The calendar's date: moved off a weekend or holiday, as the packet prints it.
        last = previous_business_day(last_form470_date(params.form471_window_closes, days),
                                     facts.holidays)
        items.append(CheckItem(
            "form470", f"Form 470 certified by the last date ({last.isoformat()})",
            facts.form470_certified_on <= last,
            f"certified {facts.form470_certified_on.isoformat()}; the last date is the "
            f"471 window close {params.form471_window_closes.isoformat()} − {days} days"))
    acd = allowable_contract_date(facts.form470_certified_on, facts.rfp_posted_on, days,
                                  facts.substantive_addenda)
    wait = f"Bids stay open {days} days after the 470 and RFP"
    if facts.substantive_addenda:
        wait += f" and the last substantive addendum ({max(facts.substantive_addenda)})"
    if acd is None or facts.bid_due_on is None:
        items.append(CheckItem("wait", wait, False,
                               "needs the Form 470 certification and the bid due date"))
    else:
        items.append(CheckItem("wait", wait, facts.bid_due_on >= acd,
                               f"bids due {facts.bid_due_on.isoformat()}, allowable contract "
                               f"date {acd.isoformat()}"))
    if facts.contract_on is not None:
        ok = acd is not None and facts.contract_on >= acd
        items.append(CheckItem(
            "acd", "Contract signed on or after the allowable contract date", ok,
            f"contract {facts.contract_on.isoformat()}, allowable contract date "
            f"{acd.isoformat() if acd else 'unknown (470 not certified)'}"))
        items.append(CheckItem(
            "before471", "Contract signed before the Form 471 window closes",
            facts.contract_on <= params.form471_window_closes,
            f"contract {facts.contract_on.isoformat()}, window closes "
            f"{params.form471_window_closes.isoformat()}"))
    return items


def _erate_members(facts: ProcurementFacts) -> list[CheckItem]:
    """E-rate's member checks: a complete letter of agency from every member, Category 2
    within each member's remaining five-year budget, and every member's NSLP/CEP and rural
    figures confirmed for the funding year."""
    bad = [c for c in facts.letters if not c.ok]
    year = f"FY{facts.funding_year}" if facts.funding_year else "the funding year"
    return [
        CheckItem(
            "loa", "Letter of agency from every member (five elements, FY covered, signed "
                   "before the 470)", not bad and bool(facts.letters),
            "all letters complete" if not bad and facts.letters else
            "no participating members" if not facts.letters else
            _listed([f"{c.member_code}: {', '.join(c.problems)}" for c in bad])),
        CheckItem(
            "c2_budget", "Category 2 within each member's five-year budget",
            not facts.over_budget,
            "every member's C2 is within its remaining budget" if not facts.over_budget else
            f"{len(facts.over_budget)} member(s) over budget, no discount beyond it: " + _listed(
                [f"{o.member_code}: C2 {money(o.c2_amount)} against "
                 f"{money(max(o.budget_left, Decimal(0)))} left" for o in facts.over_budget])),
        CheckItem(
            "figures", f"Members' NSLP/CEP and rural figures confirmed for {year}",
            not facts.unconfirmed and facts.members > 0,
            "no participating members" if not facts.members else
            f"all {facts.members} member(s) confirmed" if not facts.unconfirmed else
            f"discounts rest on unconfirmed figures of {len(facts.unconfirmed)} member(s): "
            + _listed([f"{u.member_code} ({u.schools} of {u.of} schools)"
                       for u in facts.unconfirmed]))]


def _nc_ad(facts: ProcurementFacts, params: YearParams) -> CheckItem:
    """An NC formal bid is advertised at least the minimum full days before the opening."""
    minimum = params.nc_formal_ad_min_days
    rule = f"NC formal-bid advertisement ≥ {minimum} full days before opening"
    if facts.nc_advertised_on is None or facts.bid_due_on is None:
        return CheckItem("nc_ad", rule, False,
                         "needs the advertisement date and the bid due date")
    full = nc_full_days_between(facts.nc_advertised_on, facts.bid_due_on)
    return CheckItem("nc_ad", rule, full >= minimum,
                     f"advertised {facts.nc_advertised_on.isoformat()}, opening "
                     f"{facts.bid_due_on.isoformat()}: {full} full days")


def checklist(facts: ProcurementFacts, params: YearParams) -> list[CheckItem]:
    """Every rule that applies to this procurement, each passed or failed with its reason."""
    items: list[CheckItem] = []
    choice = choose_method(facts.total, facts.sources, params)
    days = params.erate_bidding_days

    def add(code: str, rule: str, passed: bool, reason: str) -> None:
        items.append(CheckItem(code, rule, passed, reason))

    add("scope", "Lots and participating members",
        facts.lots > 0 and facts.members > 0,
        f"{facts.lots} lot(s), {facts.members} member(s)" if facts.lots and facts.members
        else "a procurement needs at least one lot and one participating member")
    add("method", "Procurement method fits the estimated value", True,
        f"{money(facts.total)} → {'; '.join(choice.steps)}")
    items += _business_day(facts)
    if choice.erate:
        items += _erate_dates(facts, params) + _erate_members(facts)
    if choice.nc == "formal":
        items.append(_nc_ad(facts, params))
    if choice.erate and facts.nc_advertised_on and facts.rfp_posted_on and choice.nc != "none":
        add("nc_parallel", "NC advertisement runs alongside the E-rate posting",
            facts.nc_advertised_on <= facts.rfp_posted_on + timedelta(days=days),
            f"advertised {facts.nc_advertised_on.isoformat()}, RFP posted "
            f"{facts.rfp_posted_on.isoformat()}")
    if choice.federal == "formal":
        add("federal", "Federal formal method above the simplified acquisition threshold",
            choice.method == "formal",
            f"{money(facts.total)} > "
            f"{money(params.federal_simplified_acquisition_threshold)}: sealed bids or "
            "proposals, cost or price analysis")
    return items
