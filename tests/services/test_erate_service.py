"""E-rate glue: discounts from a member's schools and the funding year, consortium discount
of a procurement's members, C2 budgets with committed and remaining amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from procurement_samples import add_samples
from reference_samples import drop_reference_schools
from sqlalchemy import select

from app.errors import NotFoundError, UserError, ValidationError
from app.models import Member, School
from app.models.db import Store
from app.services.erate import (
    c2_budget_for,
    consortium_for_procurement,
    discount_for_member,
    year_params,
)
from app.services.figures import confirm_figures
from app.services.funding_years import edit_funding_year
from app.services.procurement_detail import get_procurement
from app.services.procurements import create_procurement
from app.services.schools import edit_school

D = Decimal


def test_member_discount_from_schools(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        wake = discount_for_member(session, "920", 2026).as_json()
        alamance = discount_for_member(session, "010").as_json()
    assert {k: wake[k] for k in ("c1", "c2", "nslp_percent", "rural")} == {
        "c1": 90, "c2": 85, "nslp_percent": 90, "rural": False}
    # 600/1500 = 40 %; 2 of 3 schools rural → rural → 70 %
    assert {k: alamance[k] for k in ("c1", "c2", "nslp_percent", "rural")} == {
        "c1": 70, "c2": 70, "nslp_percent": 40, "rural": True}


def test_discount_follows_the_funding_year_matrix(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        matrix = year_params(session, 2026).discount_matrix
        bands = [{"min_pct": b.min_pct, "max_pct": b.max_pct, "c1_urban": b.c1_urban,
                  "c1_rural": b.c1_rural, "c2_urban": b.c2_urban, "c2_rural": b.c2_rural}
                 for b in matrix]
        bands[-1]["c2_urban"] = 80
        edit_funding_year(session, 2026, {"discount_matrix": bands, "c2_max_discount": 80})
    with state_store.session() as session:
        assert discount_for_member(session, "920", 2026).discount.c2 == 80


def test_member_without_schools(state_store: Store) -> None:
    with state_store.transaction() as session:
        drop_reference_schools(session, "920")
    with pytest.raises(UserError, match="no schools"), state_store.session() as session:
        discount_for_member(session, "920", 2026)
    with pytest.raises(NotFoundError), state_store.session() as session:
        discount_for_member(session, "XYZ", 2026)


def test_consortium_discount_of_a_procurement(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        row = create_procurement(session, title="Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS", "SERVICES"])
    with state_store.session() as session:
        view = consortium_for_procurement(session, row.ref)
        by_id = consortium_for_procurement(session, row.id)
    assert by_id.ref == row.ref
    # members 920 (90/85), 010 (70/70), 600 (50/50): C1 (90+70+50)/3 = 70
    assert (view.c1, view.c2) == (70, 68)  # C2 (85+70+50)/3 = 68.33 → 68
    amounts = {m.code: m.c2_amount for m in view.members}
    assert amounts == {"010": D("32000.00"), "600": D("3499.97"), "920": D("65000.00")}
    best = view.c2_options[0]
    assert best.erate_amount >= max(o.erate_amount for o in view.c2_options)
    single = next(o for o in view.c2_options if o.name == "one application")
    assert single.losses["920"] == D("11050.00")  # 65,000 × (85 − 68) %


def test_c2_budget_with_committed_and_remaining(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        before = c2_budget_for(session, "920", 2026)
    # 2 schools × 1000 students: 2000 × $201.57 = $403,140 > 2 × $30,175
    assert (before.budget.budget, before.budget.method) == (D("403140.00"), "per student")
    with state_store.transaction() as session:
        create_procurement(session, title="Wi-Fi", funding_year=2026, categories=["WIRELESS"])
    with state_store.session() as session:
        after = c2_budget_for(session, "920", 2026).as_json()
        small = c2_budget_for(session, "600", 2026).as_json()
    assert after["committed"] == "65000.00" and after["remaining"] == "338140.00"
    assert after["cycle"] == "FY2026–FY2030"
    # One school of 300: 300 × 201.57 = 60,471 > floor 30,175
    assert small["budget"] == "60471.00"


def test_c2_share_capped_at_the_budget_and_over_budget_flagged(state_store: Store) -> None:
    # Issue 14: a member whose C2 needs exceed its budget got E-rate's share of all of it.
    add_samples(state_store)
    with state_store.transaction() as session:
        # A tiny cycle budget: $10 a student, $1,000 floor → 920 gets 2,000 × 10 = $20,000.
        edit_funding_year(session, 2026, {"c2_multiplier": "10", "c2_floor": "1000"})
        row = create_procurement(session, title="Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"], members=["920"])
    with state_store.session() as session:
        detail = get_procurement(session, row.ref)
        view = consortium_for_procurement(session, row.ref)
    wake = next(p for p in detail.participants if p.code == "920")
    assert wake.c2_budget_left == D("20000.00")
    assert wake.c2_over_budget == D("45000.00")  # 65,000 of C2 against 20,000
    assert wake.erate_share == D("17000.00")  # 85 % of the budget, not of 65,000
    assert view.over_budget[0].code == "920"
    assert view.c2_options[0].applications[0].eligible_amount == D("20000.00")
    check = next(c for c in detail.checklist if c.code == "c2_budget")
    assert not check.passed
    assert "920: C2 $65,000.00 against $20,000.00 left" in check.reason
    data = detail.as_json()["members"][0]
    assert (data["c2_budget_left"], data["c2_over_budget"]) == ("20000.00", "45000.00")


def test_a_later_procurement_gets_what_the_earlier_ones_leave(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        edit_funding_year(session, 2026, {"c2_multiplier": "50", "c2_floor": "1000"})
        first = create_procurement(session, title="Wi-Fi A", funding_year=2026,
                                   categories=["WIRELESS"], members=["920"])
        second = create_procurement(session, title="Wi-Fi B", funding_year=2026,
                                    categories=["WIRELESS"], members=["920"])
    with state_store.session() as session:
        a = consortium_for_procurement(session, first.ref).members[0]
        b = consortium_for_procurement(session, second.ref).members[0]
    # Budget 2,000 × 50 = 100,000: the first takes 65,000, the second finds 35,000 left.
    assert (a.c2_budget_left, a.c2_over_budget) == (D("100000.00"), D(0))
    assert (b.c2_budget_left, b.c2_over_budget) == (D("35000.00"), D("30000.00"))


def test_discount_says_which_figures_are_unconfirmed(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        before = discount_for_member(session, "010", 2026).as_json()
    assert before["figures_confirmed"] is False
    assert before["unconfirmed"] == ["010T00", "010T01", "010T02"]
    with state_store.transaction() as session:
        result = confirm_figures(session, "010", 2026, "Lee Member",
                                 [{"code": "010T00", "nslp_eligible": "400", "rural": "yes"}])
    assert result.unconfirmed == ("010T01", "010T02")
    with state_store.transaction() as session:
        confirm_figures(session, "010", 2026, "Lee Member")
    with state_store.session() as session:
        after = discount_for_member(session, "010", 2026).as_json()
    assert after["figures_confirmed"] is True and after["unconfirmed"] == []
    assert after["nslp_eligible_students"] == 680  # 400 + 80 + 200: the confirmed figure
    with state_store.transaction() as session:
        confirm_figures(session, "600", 2025, "Sam")
    with state_store.session() as session:  # a confirmation is for one funding year
        assert discount_for_member(session, "600", 2026).unconfirmed == ("600T00",)


def test_confirming_refuses_bad_input_and_changes_nothing(state_store: Store) -> None:
    add_samples(state_store)
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        confirm_figures(session, "010", 2031, "", [
            {"code": "010T00", "nslp_eligible": "9999"}, {"code": "920T00"},
            {"code": "010T01", "students": "5"}])
    fields = caught.value.by_field()
    assert set(fields) == {"confirmed_for_year", "nslp_eligible", "school", "students"}
    with state_store.session() as session:
        assert discount_for_member(session, "010", 2026).unconfirmed == (
            "010T00", "010T01", "010T02")


def test_an_edit_by_hand_undoes_the_confirmation(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        confirm_figures(session, "600", 2026, "Sam")
        edit_school(session, "600T00", {"students": "310"})  # not a confirmed figure
    with state_store.session() as session:
        assert discount_for_member(session, "600", 2026).figures_confirmed
    with state_store.transaction() as session:
        edit_school(session, "600T00", {"rural": "yes"})
    with state_store.session() as session:
        school = session.scalar(select(School).where(School.code == "600T00"))
        assert (school.figures_source, school.confirmed_for_year) == ("entered", None)
        assert not discount_for_member(session, "600", 2026).figures_confirmed


def test_a_member_without_schools_confirms_its_own_figures(state_store: Store) -> None:
    with state_store.transaction() as session:
        drop_reference_schools(session, "920")
        session.scalar(select(Member).where(Member.code == "920")).students = 1000
        session.scalar(select(Member).where(Member.code == "920")).nslp_eligible = 400
    with state_store.session() as session:
        assert discount_for_member(session, "920", 2026).unconfirmed == ("920",)
    with state_store.transaction() as session:
        result = confirm_figures(session, "920", 2026, "Pat")
    assert result.confirmed == () and result.unconfirmed == ()
    with state_store.session() as session:
        assert discount_for_member(session, "920", 2026).figures_confirmed
