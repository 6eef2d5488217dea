"""Allocation back to members: each confirmed line matched to an awarded vendor (its choice,
else its preferred vendor where it won, else the lowest evaluated), priced at the contract
with the tier the vendor's whole quantity reaches, the savings against the member's own
price, and the E-rate split with Category 2 capped at the member's remaining budget."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from award_samples import ranked_scenario
from bid_samples import REF
from sqlalchemy import select

from app.errors import UserError
from app.models import Member, Need
from app.models.allocation import Allocation
from app.models.award import Award
from app.rules.allocation import CHOICE, LOWEST, NOT_AWARDED, PREFERRED
from app.services.allocation import allocate, choose_vendor, list_allocations
from app.services.erate import c2_budgets_left, find_procurement, year_params


def _by_line(lines):  # noqa: ANN001, ANN202
    return {(a.member_code, a.line): a for a in lines}


def test_each_line_goes_to_the_preferred_vendor_where_it_won_else_the_lowest(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        lines = _by_line(allocate(session, REF))
    assert {k: (a.vendor, a.how) for k, a in lines.items()} == {
        ("010", "1.1"): ("Blue Ridge Technology LLC", PREFERRED),
        ("010", "1.2"): ("Blue Ridge Technology LLC", LOWEST),  # no preference: the lowest
        ("010", "2.1"): ("Acme Networks Inc", PREFERRED),
        ("01B", "1.1"): ("Acme Networks Inc", PREFERRED),
        ("01B", "2.1"): ("Acme Networks Inc", LOWEST)}
    assert lines[("01B", "2.1")].note == "preferred vendor Dell was not awarded this line"
    # Acme's tier (575.00 from 200 units) is reached by its 300 access points.
    assert lines[("01B", "1.1")].unit_price == Decimal("575.00")
    assert lines[("010", "1.1")].unit_price == Decimal("590.00")
    chromebooks = lines[("010", "2.1")]
    assert chromebooks.savings == chromebooks.own_amount - chromebooks.amount > 0
    assert chromebooks.erate_share == 0  # not E-rate eligible
    assert lines[("010", "1.1")].contract == "NC-2026-001"


def test_category_2_beyond_the_remaining_budget_gets_no_discount_and_is_flagged(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        lines = _by_line(allocate(session, REF))
        procurement = find_procurement(session, REF)
        member = session.scalars(select(Member).where(Member.code == "01B")).one()
        budget = c2_budgets_left(session, procurement, year_params(session, 2026),
                                 [member.id])[member.id].remaining
    line = lines[("01B", "1.1")]
    assert line.amount == Decimal("172500.00") > budget
    assert line.eligible == budget
    assert line.over_budget == line.amount - budget
    assert line.erate_share == (budget * line.discount / 100).quantize(Decimal("0.01"))
    assert line.member_share == line.amount - line.erate_share
    # Alamance-Burlington is well within its budget: every C2 dollar is discounted.
    with state_store.session() as session:  # as stored
        within = _by_line(list_allocations(session, REF, "010"))[("010", "1.1")]
    assert within.over_budget == 0 and within.eligible == within.amount


def test_a_member_chooses_among_the_awarded_vendors_and_the_choice_survives_a_rerun(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        allocate(session, REF)
        lines = _by_line(choose_vendor(session, REF, "010", 1, "Acme"))
    assert {lines[("010", "1.1")].how, lines[("010", "1.2")].how} == {CHOICE}
    assert lines[("010", "1.1")].vendor == "Acme Networks Inc"
    with state_store.transaction() as session:
        again = _by_line(allocate(session, REF))
        assert again[("010", "1.1")].how == CHOICE
        with pytest.raises(UserError, match="is not awarded this lot"):
            choose_vendor(session, REF, "010", 2, "Blue Ridge")
        back = _by_line(choose_vendor(session, REF, "010", 1, None))
    assert back[("010", "1.1")].how == PREFERRED


def test_a_rerun_keeps_the_records_and_drops_a_withdrawn_line(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        allocate(session, REF)
        uids = set(session.scalars(select(Allocation.uid)))
        need = session.scalars(select(Need).where(Need.preferred_vendor == "Dell")).one()
        need.status = "withdrawn"
    with state_store.transaction() as session:
        lines = allocate(session, REF)
        assert set(session.scalars(select(Allocation.uid))) == uids  # same records
    assert ("01B", "2.1") not in _by_line(lines)
    assert len(lines) == 4


def test_nothing_is_allocated_before_every_lot_is_decided(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match=r"lot\(s\) 1, 2 not yet awarded"):
            allocate(session, REF)
        assert session.scalar(select(Allocation.id)) is None


def test_a_line_nobody_won_is_listed_as_not_awarded(state_store,  # noqa: ANN001
                                                    tmp_path: Path) -> None:
    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        awarded = session.scalars(select(Award).where(Award.lot_number == 2)).one()
        awarded.deleted = awarded.contract.deleted = True
        session.add(Award(procurement=awarded.procurement, lot_number=2, vendor=None,
                          basis="single", no_award_reason="prices too high", owner="state"))
        lines = _by_line(allocate(session, REF))
    assert lines[("010", "2.1")].how == NOT_AWARDED
    assert lines[("010", "2.1")].vendor is None and lines[("010", "2.1")].savings == 0


def test_an_allocation_hashes_its_parents_by_uid(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    """The content hash names the need, member, lot line and award by uid (what another
    instance computes), not blank parents of a record built from local ids."""
    from app.models.portable import content_hash, portable_fields

    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        allocate(session, REF)
    with state_store.session() as session:
        for row in session.scalars(select(Allocation)):
            fields = portable_fields(row)
            assert all(fields[f"{p}_uid"] for p in ("need", "member", "lot_item", "award"))
            assert row.content_hash == content_hash(fields)
