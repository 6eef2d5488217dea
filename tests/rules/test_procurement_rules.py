"""Method selection at every threshold edge, and the checklist's pass/fail reasons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.rules.params import YearParams
from app.rules.pricing import PriceBreak, tier_price, volume_savings
from app.rules.procurement import (
    LetterFacts,
    OverBudget,
    ProcurementFacts,
    UnconfirmedFigures,
    check_letter,
    checklist,
    choose_method,
    federal_method,
    nc_method,
)

D = Decimal


@pytest.mark.parametrize(("total", "method"), [
    (D("0.00"), "none"), (D("29999.99"), "none"), (D("30000.00"), "informal"),
    (D("89999.99"), "informal"), (D("90000.00"), "formal"), (D("5000000"), "formal"),
])
def test_nc_thresholds(fy2026: YearParams, total: Decimal, method: str) -> None:
    assert nc_method(total, fy2026) == method


@pytest.mark.parametrize(("year", "total", "method"), [
    (2025, D("10000.00"), "micro-purchase"), (2025, D("10000.01"), "simplified"),
    (2025, D("250000.00"), "simplified"), (2025, D("250000.01"), "formal"),
    (2026, D("15000.00"), "micro-purchase"), (2026, D("15000.01"), "simplified"),
    (2026, D("350000.00"), "simplified"), (2026, D("350000.01"), "formal"),
])
def test_federal_thresholds_come_from_the_year(fy2025: YearParams, fy2026: YearParams,
                                               year: int, total: Decimal,
                                               method: str) -> None:
    assert federal_method(total, fy2025 if year == 2025 else fy2026) == method


@pytest.mark.parametrize(("total", "sources", "method", "federal", "erate"), [
    (D("20000"), ("local",), "none", None, False),
    (D("20000"), ("federal", "local"), "informal", "simplified", False),  # federal stricter
    (D("12000"), ("federal",), "none", "micro-purchase", False),
    (D("60000"), ("erate", "local"), "informal", None, True),
    (D("400000"), ("federal",), "formal", "formal", False),
    (D("100000"), ("state",), "formal", None, False),
])
def test_choose_method_strictest_applies(fy2026: YearParams, total: Decimal,
                                         sources: tuple[str, ...], method: str,
                                         federal: str | None, erate: bool) -> None:
    choice = choose_method(total, sources, fy2026)
    assert (choice.method, choice.federal, choice.erate) == (method, federal, erate)
    assert choice.label.endswith("Form 470") is erate


def _letter(**kw: object) -> LetterFacts:
    values: dict = {"missing": (), "first_funding_year": 2026, "last_funding_year": 2027,
                    "signed_on": date(2025, 11, 1)}
    values.update(kw)
    return LetterFacts(**values)


@pytest.mark.parametrize(("letters", "problems"), [
    ([_letter()], ()),
    ([], ("no letter of agency on file",)),
    ([_letter(first_funding_year=2024, last_funding_year=2025)], ("does not cover FY2026",)),
    ([_letter(signed_on=date(2026, 1, 2))],
     ("signed 2026-01-02, after the Form 470 certification on 2026-01-01",)),
    ([_letter(signed_on=date(2026, 1, 1))], ()),  # same day is fine
    ([_letter(missing=("member's name",))], ("missing member's name",)),
    ([_letter(missing=("member's name",)), _letter()], ()),  # the good letter counts
])
def test_letter_check(letters: list[LetterFacts], problems: tuple[str, ...]) -> None:
    assert check_letter("920", letters, 2026, date(2026, 1, 1)).problems == problems


def test_checklist_passes_a_well_run_erate_procurement(fy2026: YearParams) -> None:
    facts = ProcurementFacts(
        total=D("250000"), sources=("erate", "local"), form470_certified_on=date(2026, 1, 1),
        rfp_posted_on=date(2026, 1, 1), nc_advertised_on=date(2026, 1, 2),
        bid_due_on=date(2026, 1, 29), contract_on=date(2026, 2, 10),
        letters=(check_letter("920", [_letter()], 2026, date(2026, 1, 1)),), members=1, lots=2,
        holiday_years=frozenset({2026}))
    items = checklist(facts, fy2026)
    assert all(i.passed for i in items), [i for i in items if not i.passed]
    assert {i.code for i in items} >= {"scope", "method", "form470", "wait", "acd",
                                       "before471", "loa", "nc_ad", "business_day",
                                       "c2_budget", "figures"}


def test_bids_due_on_a_weekend_or_holiday_or_unlisted_year_fail(fy2026: YearParams) -> None:
    def reason(due: date, years: frozenset[int] = frozenset({2026})) -> tuple[bool, str]:
        facts = ProcurementFacts(total=D("5000"), sources=("local",), bid_due_on=due,
                                 holidays=frozenset({date(2026, 1, 19)}), holiday_years=years)
        item = next(i for i in checklist(facts, fy2026) if i.code == "business_day")
        return item.passed, item.reason

    assert reason(date(2026, 1, 30)) == (True, "bids due Fri 2026-01-30")
    assert reason(date(2026, 1, 31)) == (
        False, "bids due Sat 2026-01-31, a Saturday: move the bid due date to a business day")
    assert "an NC state holiday" in reason(date(2026, 1, 19))[1]
    passed, why = reason(date(2026, 1, 30), frozenset({2025}))
    assert not passed and "no dates for 2026" in why



def test_checklist_names_over_budget_members_and_unconfirmed_figures(
        fy2026: YearParams) -> None:
    # Issue 14's member 39R and issue 13's unconfirmed figures: each a failing line that
    # names the member, amount against budget, and how many schools are unconfirmed.
    facts = ProcurementFacts(
        total=D("250000"), sources=("erate",), members=2, lots=1, funding_year=2026,
        over_budget=(OverBudget("39R", D("59452.50"), D("56036.46")),
                     OverBudget("920", D("100.00"), D("-5.00"))),
        unconfirmed=(UnconfirmedFigures("630", 21, 23),))
    failed = {i.code: (i.rule, i.reason) for i in checklist(facts, fy2026) if not i.passed}
    rule, reason = failed["c2_budget"]
    assert reason == ("2 member(s) over budget, no discount beyond it: 39R: C2 $59,452.50 against "
                      "$56,036.46 left; 920: C2 $100.00 against $0.00 left")
    rule, reason = failed["figures"]
    assert rule == "Members' NSLP/CEP and rural figures confirmed for FY2026"
    assert reason == "discounts rest on unconfirmed figures of 1 member(s): 630 (21 of 23 schools)"
    local = checklist(ProcurementFacts(total=D("250000"), sources=("local",), members=1,
                                       unconfirmed=(UnconfirmedFigures("630", 1, 1),)), fy2026)
    assert "figures" not in {i.code for i in local}  # no E-rate money: nothing to confirm


def test_checklist_fails_with_reasons(fy2026: YearParams) -> None:
    facts = ProcurementFacts(
        total=D("95000"), sources=("erate",), form470_certified_on=date(2026, 3, 5),
        rfp_posted_on=date(2026, 3, 10), nc_advertised_on=date(2026, 3, 20),
        bid_due_on=date(2026, 3, 25), contract_on=date(2026, 4, 2),
        letters=(check_letter("920", [], 2026, date(2026, 3, 5)),), members=1, lots=1)
    failed = {i.code: i.reason for i in checklist(facts, fy2026) if not i.passed}
    assert "last date is the 471 window close 2026-04-01" in failed["form470"]
    assert "allowable contract date 2026-04-07" in failed["wait"]
    assert "acd" in failed and "before471" in failed
    assert failed["loa"] == "920: no letter of agency on file"
    assert failed["nc_ad"].endswith("4 full days")


def test_checklist_without_dates_names_what_is_missing(fy2026: YearParams) -> None:
    items = checklist(ProcurementFacts(total=D("10"), sources=("erate",)), fy2026)
    reasons = {i.code: i.reason for i in items if not i.passed}
    assert reasons["form470"] == "the Form 470 is not certified yet"
    assert "scope" in reasons and "nc_ad" not in reasons


TIERS = [PriceBreak(D("1"), D("300")), PriceBreak(D("500"), D("280")),
         PriceBreak(D("2000"), D("260"))]


@pytest.mark.parametrize(("qty", "price"), [
    (D("0"), D("310")), (D("1"), D("300")), (D("499"), D("300")), (D("500"), D("280")),
    (D("1999"), D("280")), (D("2000"), D("260")), (D("1000000"), D("260")),
])
def test_tier_price_edges(qty: Decimal, price: Decimal) -> None:
    assert tier_price(TIERS, qty, D("310")) == price


def test_volume_savings() -> None:
    result = volume_savings({"A": D("100"), "B": D("1500"), "C": D("600")}, TIERS, D("310"))
    assert result.total_quantity == D("2200") and result.consortium_price == D("260")
    by_code = {m.member_code: m for m in result.members}
    assert by_code["A"].savings == D("4000.00")    # 100 × (300 − 260)
    assert by_code["B"].savings == D("30000.00")   # 1500 × (280 − 260)
    assert result.savings == D("46000.00")


def test_last_form470_date_in_the_checklist_is_the_calendars(fy2026: YearParams) -> None:
    """The checklist judges against the same moved date the packet's schedule prints."""
    facts = ProcurementFacts(total=D("5000"), sources=("erate",),
                             form470_certified_on=date(2026, 3, 4),
                             holidays=frozenset({date(2026, 3, 4)}),
                             holiday_years=frozenset({2026}))
    item = next(i for i in checklist(facts, fy2026) if i.code == "form470")
    assert not item.passed and "(2026-03-03)" in item.rule
