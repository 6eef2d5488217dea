"""`consortium demo --award REF` on the statewide demo, continuing from `demo --bids`: the
packet's bases give two multi-awarded lots (both eligible bidders, CNS and Piedmont, win)
and single awards on the others, the contracts respect the allowable contract date and the
board's approval, and the status follows: awarded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from demo_samples import statewide

from app.errors import UserError
from app.models.db import Store
from app.services import packet_settings as ps
from app.services.award import list_awards
from app.services.demo_award import demo_award
from app.services.demo_bids import demo_bids
from app.services.erate import find_procurement
from app.services.packet_issue import record_issue

CNS, PIEDMONT = "Carolina Network Solutions, LLC", "Piedmont Technology Group, Inc."


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    root = tmp_path_factory.mktemp("award")
    store, ref = statewide(root)
    with store.transaction() as session:
        with pytest.raises(UserError, match="demo --bids"):
            demo_award(session, ref)
    with store.transaction() as session:
        demo_bids(session, ref, root / "returned")
    with store.transaction() as session:
        result = demo_award(session, ref)
    assert "final packet issued" in result.steps and "bids opened" in result.steps
    yield store, ref
    store.dispose()


def test_two_lots_multi_awarded_the_others_single_and_the_status_is_awarded(
        world: tuple[Store, str]) -> None:
    store, ref = world
    with store.session() as session:
        awards = list_awards(session, ref)
        procurement = find_procurement(session, ref)
        status, lots = procurement.status, len(procurement.lots)
        default, per_lot = ps.award_bases(session, ref)
    by_lot: dict[int, list[str]] = {}
    for a in awards:
        by_lot.setdefault(a.lot, []).append(a.vendor or "")
    assert lots == 7 and sorted(by_lot) == list(range(1, 8))
    multi = {lot for lot, vendors in by_lot.items() if len(vendors) > 1}
    assert multi == {1, 2}
    assert by_lot[1] == by_lot[2] == [CNS, PIEDMONT]
    assert all(len(by_lot[lot]) == 1 for lot in range(3, 8))
    assert {a.lot: a.basis for a in awards} == {
        1: "multiple top 2", 2: "multiple within 10%", **{n: "single" for n in range(3, 8)}}
    assert default.text == "single" and {n: b.text for n, b in per_lot.items()} == {
        1: "multiple top 2", 2: "multiple within 10%"}
    assert status == "awarded"
    # Form 470 certified 2025-12-01 + 28 days; the board approves, then the contract.
    for a in awards:
        assert a.board_approved_on is not None and a.signed_on is not None
        assert date(2025, 12, 29) <= a.board_approved_on <= a.signed_on
        assert a.contract == f"NC-{ref}-L{a.lot}" and a.prices


def test_a_second_run_adds_nothing_and_the_basis_stays_locked(
        world: tuple[Store, str]) -> None:
    store, ref = world
    with store.session() as session:
        before = list_awards(session, ref)
    with store.transaction() as session:
        again = demo_award(session, ref)
    assert again.steps == ()
    assert again.awards[0] == f"lot 1 (multiple top 2): {CNS}, {PIEDMONT}"
    with store.session() as session:
        assert list_awards(session, ref) == before
    with store.transaction() as session:
        with pytest.raises(UserError, match="cannot change after issue"):
            ps.set_award_basis(session, ref, "single", lot=1)


def test_an_issued_packets_per_line_basis_is_what_the_demo_awards(tmp_path: Path) -> None:
    store, ref = statewide(tmp_path)
    with store.transaction() as session:
        ps.set_award_basis(session, ref, "single per line")
        record_issue(session, ref, b"%PDF issued")
        demo_bids(session, ref, tmp_path / "returned")
    with store.transaction() as session:
        result = demo_award(session, ref)
    assert not any(step.startswith("award basis") for step in result.steps)
    with store.session() as session:
        awards = list_awards(session, ref)
        status = find_procurement(session, ref).status
    assert {a.basis for a in awards} == {"single per line"}
    assert [a.line for a in awards] == [f"{n}.1" for n in range(1, 8)]
    assert status == "awarded"
    store.dispose()
