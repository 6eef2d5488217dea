"""Demand aggregation in SQL: sums, statuses, drill-down, vendor shares, effort saved."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from procurement_samples import add_samples

from app.errors import UserError
from app.models.db import Store
from app.services.demand import aggregate_demand, demand_lines, effort_saved, vendor_shares
from app.services.demo import fill_demo
from app.services.needs import list_needs
from app.services.procurements import create_procurement

D = Decimal


def _by_key(report):  # noqa: ANN001, ANN202
    return {row.key: row for row in report.rows}


def test_by_item_confirmed_only(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        report = aggregate_demand(session, "item", funding_year=2026)
    rows = _by_key(report)
    ap, cb, svc = rows[("AP-WIFI6-IN",)], rows[("CB-STU-116",)], rows[("SVC-INSTALL-HR",)]
    assert (ap.quantity, ap.amount, ap.members, ap.lines) == (D(150), D("97000.00"), 2, 2)
    assert (cb.quantity, cb.amount, cb.members) == (D(1200), D("343000.00"), 2)
    # 10.5 × 333.33 = 3499.965 → 3499.97 (each line rounded half up before summing)
    assert (svc.quantity, svc.amount, svc.erate_category) == (D("10.5"), D("3499.97"), "C2")
    assert [r.key[0] for r in report.rows] == ["CB-STU-116", "AP-WIFI6-IN", "SVC-INSTALL-HR"]
    assert report.amount == D("443499.97") and report.members == 3 and report.lines == 5
    assert report.potential.as_json() == {"source": "potential", "consortium_procurements": 3,
                                          "separate_procurements": 5, "saved": 2}


def test_drafts_on_request_and_other_groupings(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        with_drafts = _by_key(aggregate_demand(session, "item", include_drafts=True))
        categories = _by_key(aggregate_demand(session, "category"))
        members = _by_key(aggregate_demand(session, "member"))
        regions = aggregate_demand(session, "region")
        crossed = aggregate_demand(session, "item,region")
        years = aggregate_demand(session, "fy")
    assert with_drafts[("AP-WIFI6-IN",)].amount == D("110000.00")
    assert with_drafts[("AP-WIFI6-IN",)].members == 3
    assert categories[("WIRELESS",)].amount == D("97000.00")
    assert categories[("DEVICES",)].amount == D("343000.00")
    assert members[("920",)].amount == D("350000.00")
    assert members[("010",)].amount == D("90000.00")
    assert members[("920",)].label("member") == "Wake County Public School System"
    assert sum(r.amount for r in regions.rows) == D("443499.97")
    assert sum(r.amount for r in crossed.rows) == D("443499.97")
    assert len(crossed.rows) == 5
    assert [(r.key, r.amount) for r in years.rows] == [((2026,), D("443499.97"))]


def test_drill_down_matches_the_figure(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        report = aggregate_demand(session, "item,member")
        for row in report.rows:
            lines = demand_lines(session, dict(zip(row.dims, row.key, strict=True)))
            assert len(lines) == row.lines
            # Half up, as money is stored (NeedRow.amount uses the context's half-even).
            assert sum((line.quantity * line.unit_price).quantize(D("0.01"), ROUND_HALF_UP)
                       for line in lines) == row.amount
        drafts = demand_lines(session, {"item": "AP-WIFI6-IN"}, include_drafts=True)
    assert sorted(line.status for line in drafts) == ["confirmed", "confirmed", "draft"]


def test_vendor_shares(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.session() as session:
        groups = {g.code: g for g in vendor_shares(session, "item")}
        by_category = {g.code: g for g in vendor_shares(session, "category")}
    ap = groups["AP-WIFI6-IN"]
    assert [(v.vendor, v.amount, v.members) for v in ap.preferred.vendors] == [
        ("Cisco", D("65000.00"), 1), ("Juniper", D("32000.00"), 1)]
    assert ap.preferred.cover(D("0.8")) == 2 and ap.preferred.cover(D("0.6")) == 1
    assert [v.vendor for v in ap.current.vendors] == ["Cisco"]
    assert ap.current.as_json()["vendors_for_80"] == 1
    svc = groups["SVC-INSTALL-HR"]
    assert svc.current.vendors[0].vendor == "(none given)"
    assert by_category["DEVICES"].preferred.as_json()["vendors"][0]["share_percent"] == "83.1"
    with pytest.raises(UserError), state_store.session() as session:
        vendor_shares(session, "region")


def test_bad_grouping_is_a_user_error(state_store: Store) -> None:
    with pytest.raises(UserError, match="one or more of"), state_store.session() as session:
        aggregate_demand(session, "colour")


def test_effort_saved_counts_members_times_lots(state_store: Store) -> None:
    add_samples(state_store)
    with state_store.transaction() as session:
        create_procurement(session, title="Wi-Fi", funding_year=2026,
                           categories=["WIRELESS", "SERVICES"])  # 2 lots: 920,010 | 600
        create_procurement(session, title="Chromebooks", funding_year=2026,
                           items=["CB-STU-116"])
    with state_store.session() as session:
        rows = {r.source: r for r in effort_saved(session)}
        totals = aggregate_demand(session, "item").totals_json()
    assert (rows["erate"].consortium_procurements, rows["erate"].separate_procurements) == (1, 3)
    assert (rows["federal"].consortium_procurements, rows["federal"].separate_procurements) == (
        1, 2)
    assert rows["all"].as_json() == {"source": "all", "consortium_procurements": 2,
                                     "separate_procurements": 5, "saved": 3}
    assert totals["effort_saved"]["procurements"][-1]["saved"] == 3


def test_demo_statewide_totals_match_the_lines(state_store: Store) -> None:
    fill_demo(state_store, seed=1)
    with state_store.session() as session:
        report = aggregate_demand(session, "region")
        lines = list_needs(session, status="confirmed")
    assert len(report.rows) == 8
    assert report.lines == len(lines)
    assert report.amount == sum(line.amount for line in lines)
    assert report.quantity == sum(line.quantity for line in lines)
    assert report.members == len({line.member_code for line in lines})
