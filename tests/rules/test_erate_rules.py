"""E-rate rules, table-driven, with DOMAIN.md's worked examples and every band edge."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.rules.erate import (
    GroupingMember,
    SchoolFigures,
    c2_budget,
    c2_discountable,
    consortium_discount,
    eligible_students,
    is_rural,
    line_share,
    matrix_discounts,
    member_discount,
    member_share,
    nslp_percent,
    round_half_up,
    suggest_groupings,
)
from app.rules.params import YearParams

D = Decimal


@pytest.mark.parametrize(("percent", "rural", "c1", "c2"), [
    (0, False, 20, 20), (0, True, 25, 25),
    (1, False, 40, 40), (1, True, 50, 50),
    (19, False, 40, 40), (19, True, 50, 50),
    (20, False, 50, 50), (20, True, 60, 60),
    (34, False, 50, 50), (34, True, 60, 60),
    (35, False, 60, 60), (35, True, 70, 70),
    (49, False, 60, 60), (49, True, 70, 70),
    (50, False, 80, 80), (50, True, 80, 80),
    (74, False, 80, 80), (74, True, 80, 80),
    (75, False, 90, 85), (75, True, 90, 85),   # C2 capped at 85 %
    (100, False, 90, 85), (100, True, 90, 85),
])
def test_matrix_band_edges(fy2026: YearParams, percent: int, rural: bool, c1: int,
                           c2: int) -> None:
    assert matrix_discounts(fy2026, percent, rural) == (c1, c2)


def test_c2_cap_comes_from_the_year(fy2026: YearParams) -> None:
    from dataclasses import replace

    assert matrix_discounts(replace(fy2026, c2_max_discount=80), 90, False) == (90, 80)


@pytest.mark.parametrize(("value", "expected"), [
    (D("76.666"), 77), (D("76.5"), 77), (D("76.4999"), 76), (D("0.5"), 1), (D("49.5"), 50),
    (D("74.5"), 75), (D("2.5"), 3),  # half-up, not banker's (which would give 2)
])
def test_round_half_up(value: Decimal, expected: int) -> None:
    assert round_half_up(value) == expected


@pytest.mark.parametrize(("discounts", "expected"), [
    ([90, 90, 50], 77),      # DOMAIN.md §1.3 worked example: 76.67 → 77
    ([90, 80], 85), ([85, 80], 83),  # 82.5 → 83 (half up)
    ([40, 50, 60], 50), ([20], 20), ([], 0), ([90, 90, 90, 20], 73),  # 72.5 → 73
])
def test_consortium_simple_average(discounts: list[int], expected: int) -> None:
    assert consortium_discount(discounts) == expected


@pytest.mark.parametrize(("eligible", "students", "percent"), [
    (0, 1000, 0), (4, 1000, 0), (5, 1000, 1),   # 0.4 % → 0, 0.5 % → 1
    (194, 1000, 19), (195, 1000, 20), (199, 1000, 20),  # 19.5 → 20
    (344, 1000, 34), (345, 1000, 35), (494, 1000, 49), (495, 1000, 50),
    (744, 1000, 74), (745, 1000, 75), (1000, 1000, 100), (0, 0, 0),
])
def test_nslp_percent_rounds_to_whole_percent(eligible: int, students: int,
                                              percent: int) -> None:
    assert nslp_percent([SchoolFigures(students, eligible)], D("1.6")) == percent


def test_nslp_percent_is_district_wide_not_an_average_of_schools() -> None:
    schools = [SchoolFigures(100, 90), SchoolFigures(900, 90)]  # 90 % and 10 %
    assert nslp_percent(schools, D("1.6")) == 18  # 180/1000, not (90+10)/2 = 50


@pytest.mark.parametrize(("students", "isp", "expected"), [
    (500, D("40.00"), 320),     # 500 × 0.40 × 1.6 = 320
    (500, D("62.50"), 500),     # 500 × 1.0 = 500
    (500, D("70.00"), 500),     # 560 capped at enrolment
    (333, D("25.00"), 134),     # 133.2 → rounded up to 134
])
def test_cep_multiplier_capped_at_enrolment(students: int, isp: Decimal, expected: int) -> None:
    assert eligible_students(SchoolFigures(students, cep_isp=isp), D("1.6")) == expected


def test_cep_multiplier_comes_from_the_year() -> None:
    assert eligible_students(SchoolFigures(1000, cep_isp=D("10")), D("1.5")) == 150


@pytest.mark.parametrize(("rural", "total", "expected"), [
    (0, 4, False), (1, 2, False), (2, 4, False),  # exactly half → urban
    (3, 5, True), (3, 4, True), (1, 1, True), (0, 1, False), (5, 11, False), (6, 11, True),
])
def test_rural_when_more_than_half(rural: int, total: int, expected: bool) -> None:
    schools = [SchoolFigures(100, 10, rural=i < rural) for i in range(total)]
    assert is_rural(schools) is expected


def test_member_discount(fy2026: YearParams) -> None:
    schools = [SchoolFigures(400, 320, rural=True), SchoolFigures(600, 480, rural=True),
               SchoolFigures(500, 100, rural=False)]
    result = member_discount(schools, fy2026)
    assert (result.nslp_percent, result.rural, result.c1, result.c2) == (60, True, 80, 80)
    high = member_discount([SchoolFigures(100, 80)], fy2026)
    assert (high.c1, high.c2) == (90, 85)


@pytest.mark.parametrize(("students", "schools", "amount", "method"), [
    # FY2026 cycle: $201.57 × students vs $30,175 × schools
    ([1000] * 20, 20, D("4031400.00"), "per student"),
    ([50] * 12, 12, D("362100.00"), "floor"),        # 12 schools: above the small cutoff
    ([2000, 50], 2, D("433315.00"), "small-district hybrid"),  # 403,140 + 30,175
])
def test_c2_budget(fy2026: YearParams, students: list[int], schools: int, amount: Decimal,
                   method: str) -> None:
    budget = c2_budget(students, fy2026)
    assert (budget.budget, budget.method) == (amount, method)


def test_c2_budget_small_district_cutoff_is_inclusive(fy2026: YearParams) -> None:
    ten = c2_budget([2000] + [50] * 9, fy2026)
    eleven = c2_budget([2000] + [50] * 10, fy2026)
    assert ten.hybrid is not None and eleven.hybrid is None


def test_c2_budget_fy2025_and_remaining(fy2025: YearParams) -> None:
    budget = c2_budget([600, 400], fy2025, committed=D("100000"), returned=D("5000"))
    assert budget.per_student == D("167000.00")
    assert budget.budget == D("167000.00")
    assert budget.remaining == D("72000.00")


def test_line_share(fy2026: YearParams) -> None:
    discount = member_discount([SchoolFigures(100, 80)], fy2026)  # C1 90 %, C2 85 %
    c2 = line_share(D("100000.00"), "C2", discount)
    assert (c2.eligible, c2.erate_share, c2.member_share) == (
        D("100000.00"), D("85000.00"), D("15000.00"))
    c1 = line_share(D("100000.00"), "C1", discount)
    assert c1.erate_share == D("90000.00")
    device = line_share(D("5000.00"), "ineligible", discount)
    assert (device.eligible, device.ineligible, device.erate_share, device.member_share) == (
        D(0), D("5000.00"), D("0.00"), D("5000.00"))
    over = line_share(D("100000.00"), "C2", discount, c2_budget_left=D("40000.00"))
    assert (over.eligible, over.ineligible, over.erate_share) == (
        D("40000.00"), D("60000.00"), D("34000.00"))


def test_school_without_students_adds_no_floor(fy2026: YearParams) -> None:
    # A school on file with 0 students is treated like a NIF: no floor, no hybrid term
    # (DOMAIN.md §1.4; the reasoning is in c2_budget's docstring).
    three = c2_budget([50, 50, 50], fy2026)
    with_empty = c2_budget([50, 50, 50, 0], fy2026)
    assert three.floor_total == with_empty.floor_total == D("90525.00")  # 3 × 30,175
    assert three.hybrid == with_empty.hybrid == D("90525.00")
    assert with_empty.budget == three.budget
    assert c2_budget([0, 0], fy2026).budget == D("0.00")


def test_c2_discountable_caps_at_the_remaining_budget() -> None:
    assert c2_discountable(D("59452.50"), D("56036.46")) == D("56036.46")
    assert c2_discountable(D("100.00"), D("500.00")) == D("100.00")
    assert c2_discountable(D("100.00"), D("-20.00")) == D(0)  # overdrawn: nothing discounted
    assert c2_discountable(D("100.00"), None) == D("100.00")


def test_member_share_respects_the_c2_budget(fy2026: YearParams) -> None:
    # Issue 14's member 39R: $59,452.50 of C2 against a $56,036.46 budget at 80 %.
    discount = member_discount([SchoolFigures(1000, 500)], fy2026)  # 50 % → C1 80 %, C2 80 %
    assert discount.c2 == 80
    share = member_share(D("1000.00"), D("59452.50"), discount, D("56036.46"))
    assert share.c2.eligible == D("56036.46")
    assert share.c2.erate_share == D("44829.17")  # 80 % of the budget, not of 59,452.50
    assert share.erate_share == D("800.00") + D("44829.17")
    assert share.over_budget and share.c2_over_budget == D("3416.04")
    within = member_share(D(0), D("50000.00"), discount, D("56036.46"))
    assert not within.over_budget and within.erate_share == D("40000.00")
    unknown = member_share(D(0), D("50000.00"), None, D("56036.46"))
    assert unknown.erate_share == D(0)


def test_groupings_protect_high_discount_members() -> None:
    members = [GroupingMember("A", 90, D("100000")), GroupingMember("B", 90, D("100000")),
               GroupingMember("C", 50, D("100000"))]
    options = suggest_groupings(members)
    single = next(o for o in options if o.name == "one application")
    assert single.applications[0].discount == 77
    assert single.erate_amount == D("231000.00")
    assert single.losses == {"A": D("13000.00"), "B": D("13000.00")}
    per_level = next(o for o in options if o.name.startswith("one application per"))
    assert per_level.erate_amount == D("230000.00") and per_level.losses == {}
    assert options[0] is single  # more dollars in total, but it shows who loses


def test_groupings_when_low_discount_member_is_small() -> None:
    members = [GroupingMember("A", 90, D("500000")), GroupingMember("B", 40, D("1000")),
               GroupingMember("C", 60, D("1000"))]
    options = suggest_groupings(members)
    assert options[0].losses == {}
    assert options[0].erate_amount == D("451000.00")
    assert suggest_groupings([]) == []
