"""Planning a procurement from demand: lots, participants, LOA checks, method, calendar,
checklist, per-member E-rate shares and volume-price savings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from procurement_samples import add_samples

from app.errors import UserError, ValidationError
from app.models.db import Store
from app.services.demo import fill_demo
from app.services.figures import confirm_figures
from app.services.letters import add_letter
from app.services.procurement_detail import get_procurement
from app.services.procurements import (
    add_price_tier,
    create_procurement,
    edit_procurement,
    list_procurements,
)

D = Decimal


def test_create_by_category_builds_lots_and_participants(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        row = create_procurement(session, title="Wi-Fi FY2026", funding_year=2026,
                                 categories=["WIRELESS", "SERVICES"], lot_basis="category")
    assert row.ref == "P2026-001" and row.lots == 2 and row.members == 3
    assert row.estimated_total == D("100499.97")
    assert row.method == "formal" and row.funding_sources == ("erate", "local")
    with state_store.session() as session:
        detail = get_procurement(session, row.ref)
    lots = {lot.basis_code: lot for lot in detail.lots}
    assert lots["WIRELESS"].amount == D("97000.00") and lots["WIRELESS"].erate_category == "C2"
    ap = lots["WIRELESS"].items[0]
    assert (ap.quantity, ap.estimated_unit_price, ap.members) == (D(150), D("646.67"), 2)
    people = {p.code: p for p in detail.participants}
    assert people["920"].lots_taken == 1 and people["600"].lots_taken == 1
    assert (people["920"].c2, people["920"].erate_share) == (85, D("55250.00"))
    assert people["920"].member_share == D("9750.00")
    assert not people["920"].loa_ok
    assert detail.choice.label == "Formal sealed bids + Form 470"


def test_selection_by_items_and_members_and_drafts(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        only = create_procurement(session, title="APs", funding_year=2026,
                                  items=["AP-WIFI6-IN"], members=["920"])
        drafts = create_procurement(session, title="APs with drafts", funding_year=2026,
                                    items=["AP-WIFI6-IN"], include_drafts=True)
    assert (only.members, only.estimated_total, only.method) == (1, D("65000.00"), "informal")
    assert (drafts.members, drafts.estimated_total) == (3, D("110000.00"))
    with state_store.session() as session:
        assert [r.ref for r in list_procurements(session)] == ["P2026-001", "P2026-002"]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"items": ["NOPE"]}, "items"), ({"categories": ["NOPE"]}, "categories"),
    ({"members": ["ZZZ"]}, "members"), ({"title": ""}, "title"),
    ({"lot_basis": "vendor"}, "lot_basis"),
])
def test_create_refuses_bad_selections(state_store: Store, kwargs: dict, field: str) -> None:
    add_samples(state_store)
    values = {"title": "X", "funding_year": 2026, **kwargs}
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        create_procurement(session, **values)
    assert field in caught.value.by_field()


def test_no_matching_demand(state_store: Store) -> None:
    with pytest.raises(UserError, match="No confirmed demand"), \
            state_store.transaction() as session:
        create_procurement(session, title="X", funding_year=2026, items=["AP-WIFI6-IN"])


def test_regions_do_not_plan_procurements(region3_store: Store) -> None:
    with pytest.raises(UserError, match="state coordinator"), \
            region3_store.transaction() as session:
        create_procurement(session, title="X", funding_year=2026)


def _complete_letter(session, code: str, signed: str = "2025-11-01") -> None:  # noqa: ANN001
    add_letter(session, code, {"lead_name": "NC K-12 Consortium", "first_funding_year": 2026,
                               "last_funding_year": 2027, "official_name": "A. Official",
                               "official_title": "Superintendent", "signed_on": signed,
                               "services": "All E-rate eligible services"})


def test_checklist_goes_from_failing_to_passing(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        row = create_procurement(session, title="Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"], members=["920", "010"])
    with state_store.session() as session:
        before = get_procurement(session, row.ref)
    failing = {c.code for c in before.checklist if not c.passed}
    assert failing == {"form470", "wait", "loa", "nc_ad", "figures"}
    with state_store.transaction() as session:
        _complete_letter(session, "920")
        _complete_letter(session, "010", signed="2026-01-05")  # after the 470: a gap
        edit_procurement(session, row.ref, {
            "form470_certified_on": "2026-01-01", "rfp_posted_on": "2026-01-01",
            "nc_advertised_on": "2026-01-02", "bid_due_on": "2026-01-29",
            "contract_on": "2026-02-10", "status": "bidding"})
    with state_store.session() as session:
        middle = get_procurement(session, row.ref)
    reasons = {c.code: c.reason for c in middle.checklist if not c.passed}
    assert list(reasons) == ["loa", "figures"]
    assert "010 (3 of 3 schools)" in reasons["figures"]
    assert "920 (2 of 2 schools)" in reasons["figures"]
    assert "010: signed 2026-01-05, after the Form 470 certification" in reasons["loa"]
    calendar = {e.label: e.on for e in middle.calendar}
    assert calendar["Allowable contract date"].isoformat() == "2026-01-29"
    with state_store.transaction() as session:
        edit_procurement(session, row.ref, {"form470_certified_on": "2026-01-06",
                                            "bid_due_on": "2026-02-03"})
        confirm_figures(session, "920", 2026, "Pat Member")
        confirm_figures(session, "010", 2026, "Lee Member")
    with state_store.session() as session:
        after = get_procurement(session, row.ref)
    assert after.passed, [c for c in after.checklist if not c.passed]
    assert all(p.loa_ok for p in after.participants)
    assert after.as_json()["checklist_passed"] is True


def test_edit_refuses_unknown_fields_and_bad_values(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        row = create_procurement(session, title="Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"])
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        edit_procurement(session, row.ref, {"colour": "red", "status": "lost",
                                            "bid_due_on": "soon"})
    assert set(caught.value.by_field()) == {"colour", "status", "bid_due_on"}


def test_volume_price_tiers_show_savings(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        add_price_tier(session, "CB-STU-116", "100", "280.00")
        add_price_tier(session, "CB-STU-116", "1000", "260.00")
        row = create_procurement(session, title="Chromebooks", funding_year=2026,
                                 items=["CB-STU-116"])
    with state_store.session() as session:
        detail = get_procurement(session, row.ref)
    savings = detail.lots[0].items[0].savings
    assert savings is not None and savings.consortium_price == D("260.00")
    by_member = {m.member_code: m for m in savings.members}
    assert by_member["010"].alone_price == D("280.00")       # 200 units alone
    assert by_member["010"].savings == D("4000.00")          # 200 × (280 − 260)
    assert by_member["920"].savings == D("0.00")             # already at the top break
    assert detail.volume_savings == D("4000.00")


def test_statewide_demo_to_planned_procurement(state_store: Store) -> None:
    fill_demo(state_store, seed=1)
    with state_store.transaction() as session:
        row = create_procurement(session, title="Statewide Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"], lot_basis="item")
    with state_store.session() as session:
        detail = get_procurement(session, row.ref)
    assert row.members > 100 and row.lots == len(detail.lots) > 3
    assert detail.erate.c2 > 0 and detail.erate_share > 0
    assert detail.checklist and not detail.passed
    assert sum(p.estimated_amount for p in detail.participants) == row.estimated_total
