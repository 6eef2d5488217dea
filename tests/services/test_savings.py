"""Savings and effort, measured: from the stored allocations, statewide and per region,
member and lot; the parts add up to the whole and the money equals the allocated lines'."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from sqlalchemy import select

from app.errors import NotFoundError, UserError
from app.models.allocation import Allocation
from app.services.allocation import allocate, list_allocations
from app.services.savings import (
    BREAKDOWNS,
    board_summary,
    require_something,
    savings_report,
)


def _allocated(store, tmp_path: Path):  # noqa: ANN001, ANN202
    awarded_scenario(store, tmp_path)
    with store.transaction() as session:
        return allocate(session, REF)


def test_totals_equal_the_allocated_lines_and_every_breakdown_adds_up(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    lines = _allocated(state_store, tmp_path)
    with state_store.session() as session:
        report = savings_report(session)
    whole = report.statewide
    assert report.procurements == (REF,)
    assert whole.lines == len(lines) == 5
    assert whole.savings == sum((a.savings for a in lines), Decimal(0))
    assert whole.own_amount == sum((a.own_amount for a in lines), Decimal(0))
    assert whole.amount == sum((a.amount for a in lines), Decimal(0))
    assert whole.erate_share == sum((a.erate_share for a in lines), Decimal(0))
    assert whole.member_share == sum((a.member_share for a in lines), Decimal(0))
    assert whole.members == 2
    assert whole.savings_pct == (100 * whole.savings / whole.own_amount).quantize(
        Decimal("0.1"))
    for by in BREAKDOWNS:
        rows = report.rows(by)
        for attr in ("own_amount", "amount", "savings", "erate_share", "member_share"):
            assert sum((getattr(r.figures, attr) for r in rows), Decimal(0)) == \
                getattr(whole, attr), (by, attr)
        assert sum(r.figures.lines for r in rows) == whole.lines
        assert sum(r.figures.separate_procurements for r in rows) == \
            whole.separate_procurements
    member = {r.key: r.figures for r in report.members}
    assert member["010"].savings == sum((a.savings for a in lines if a.member_code == "010"),
                                        Decimal(0))
    assert member["010"].separate_procurements == 2  # lots 1 and 2
    lot = {r.key: r for r in report.lots}
    assert set(lot) == {f"{REF} lot 1", f"{REF} lot 2"}
    assert lot[f"{REF} lot 1"].figures.members == 2
    # Two members in two lots each: four separate procurements, one consortium procurement.
    assert whole.separate_procurements == 4
    assert report.consortium_procurements == 1 and report.replaced == 3
    assert report.not_awarded_lines == 0
    assert report.as_json()["statewide"]["procurements_replaced"] == 3


def test_a_line_not_awarded_counts_in_nothing_but_is_counted(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    lines = _allocated(state_store, tmp_path)
    with state_store.transaction() as session:
        row = session.scalars(select(Allocation).where(Allocation.quantity == 5)).one()
        row.award = None  # the installation hours: nobody won the line
    with state_store.session() as session:
        report = savings_report(session, REF)
        stored = list_allocations(session, REF)
    assert report.not_awarded_lines == 1
    assert report.statewide.lines == len(lines) - 1
    assert report.statewide.savings == sum((a.savings for a in stored), Decimal(0))
    assert report.statewide.amount == sum((a.amount for a in stored if a.vendor), Decimal(0))


def test_scope_by_procurement_and_year(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    _allocated(state_store, tmp_path)
    with state_store.session() as session:
        assert savings_report(session, REF).statewide.lines == 5
        assert savings_report(session, year=2026).statewide.lines == 5
        empty = savings_report(session, year=2031)
        assert empty.statewide.lines == 0 and empty.procurements == ()
        with pytest.raises(UserError, match="Nothing allocated in FY2031"):
            require_something(empty)
        with pytest.raises(NotFoundError):
            savings_report(session, "P1999-999")


def test_each_line_is_rounded_as_the_allocation_rounds_it(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    _allocated(state_store, tmp_path)
    with state_store.transaction() as session:
        rows = list(session.scalars(select(Allocation)))
        for row, quantity in zip(rows, ("2.5", "1.125", "3.333", "7", "0.5"), strict=True):
            row.quantity = Decimal(quantity)  # half cents, to be rounded line by line
            row.own_unit_price = row.own_unit_price + Decimal("0.33")
    with state_store.session() as session:
        report = savings_report(session, REF)
        summary = board_summary(session, report)
        stored = list_allocations(session, REF)
    assert report.statewide.own_amount == sum((a.own_amount for a in stored), Decimal(0))
    assert report.statewide.amount == sum((a.amount for a in stored), Decimal(0))
    assert report.statewide.savings == sum((a.savings for a in stored), Decimal(0))
    assert summary.scope == REF and summary.statewide == report.statewide
    assert [r.key for r in summary.regions] == [f"Region {r.key}" for r in report.regions]
