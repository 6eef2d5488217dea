"""E-rate glue: discounts from a member's schools and the funding year, consortium discount
of a procurement's members, C2 budgets with committed and remaining amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from procurement_samples import add_samples
from reference_samples import drop_reference_schools

from app.errors import NotFoundError, UserError
from app.models.db import Store
from app.services.erate import (
    c2_budget_for,
    consortium_for_procurement,
    discount_for_member,
    year_params,
)
from app.services.funding_years import edit_funding_year
from app.services.procurements import create_procurement

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
