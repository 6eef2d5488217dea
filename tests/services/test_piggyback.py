"""Joining an awarded contract later (piggyback, G.S. 143-129(g)): the packet fact and its
sentence, a join refused with its reasons (nothing stored), a join that brings the member's
lines into the allocation at contract prices with no E-rate, the list, and a withdrawal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from bid_samples import REF
from piggyback_samples import BOARD, JOINED, JOINER, NOTICE, joinable_scenario
from sqlalchemy import select

from app.errors import UserError
from app.models.allocation import PiggybackJoin
from app.services import packet_settings as ps
from app.services.allocation import list_allocations
from app.services.packets import build_packet
from app.services.piggyback import join_contract, list_joins, withdraw_join


def test_the_packet_fact_prints_the_sentence_and_is_fixed_once_issued(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    from bid_samples import add_scenario

    add_scenario(state_store, tmp_path / "iran.csv", open_them=False)
    with state_store.session() as session:
        terms = build_packet(session, REF).section("terms")
    assert terms is not None and "143-129(g)" not in terms.text
    with pytest.raises(UserError, match="'maybe' is not yes or no"), \
            state_store.transaction() as session:
        ps.set_fact(session, REF, "piggyback_allowed", "maybe")
    with state_store.transaction() as session:
        ps.set_fact(session, REF, "piggyback_allowed", "Yes")
        procurement = build_packet(session, REF)
        assert ps.facts(session, ps.find_procurement(session, REF))["piggyback_allowed"] == "yes"
    terms = procurement.section("terms")
    assert terms is not None
    assert ("Other North Carolina public agencies that do not take part may purchase from the "
            "awarded contracts at the same or better prices and terms, as G.S. 143-129(g) "
            "allows") in terms.text


def test_the_fact_cannot_change_after_the_packet_is_issued(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        ps.set_fact(session, REF, "piggyback_allowed", "no")  # unchanged: fine
    with pytest.raises(UserError, match="fixed since the final packet was issued on "
                                        "2026-01-06"), state_store.transaction() as session:
        ps.set_fact(session, REF, "piggyback_allowed", "yes")


def test_a_join_allocates_the_members_lines_at_contract_prices_without_erate(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    joinable_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        view, lines = join_contract(session, REF, JOINER.lower(), NOTICE.isoformat(), BOARD,
                                    JOINED, note="regular meeting of 14 April")
    assert (view.member_code, view.joined_on, view.lines) == (JOINER, JOINED, 2)
    assert {(a.line, a.vendor) for a in lines} == {("1.1", "Blue Ridge Technology LLC"),
                                                   ("2.1", "Acme Networks Inc")}
    assert all(a.piggyback and a.erate_share == 0 and a.discount == 0 for a in lines)
    access_points = next(a for a in lines if a.line == "1.1")
    assert access_points.erate_category == "C2" and access_points.unit_price > 0
    assert access_points.savings > 0
    with state_store.session() as session:
        everyone = list_allocations(session, REF)
        joins = list_joins(session, REF)
    # participants keep their E-rate; only the joiner's lines are piggyback
    assert {a.member_code for a in everyone if a.piggyback} == {JOINER}
    assert any(a.erate_share > 0 for a in everyone if a.member_code == "010")
    assert [j.as_json()["note"] for j in joins] == ["regular meeting of 14 April"]


def test_a_refused_join_stores_nothing_and_gives_every_reason(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    joinable_scenario(state_store, tmp_path, allowed=False)
    with pytest.raises(UserError) as raised, state_store.transaction() as session:
        join_contract(session, REF, JOINER, NOTICE, "2026-04-05", JOINED)
    text = str(raised.value)
    assert text.startswith(f"{REF}: {JOINER} cannot join the contracts: the packet did not")
    assert "4 day(s) after the public notice of 2026-04-01: at least 10 days" in text
    with pytest.raises(UserError, match="the member took part"), \
            state_store.transaction() as session:
        join_contract(session, REF, "010", NOTICE, BOARD, JOINED)
    with pytest.raises(UserError, match="joined_on"), state_store.transaction() as session:
        join_contract(session, REF, JOINER, NOTICE, BOARD, "15/04/2026")
    with pytest.raises(UserError, match="No member with code 'ZZZ'"), \
            state_store.transaction() as session:
        join_contract(session, REF, "ZZZ", NOTICE, BOARD, JOINED)
    with state_store.session() as session:
        assert session.scalars(select(PiggybackJoin)).all() == []
        assert not any(a.member_code == JOINER for a in list_allocations(session, REF))


def test_federal_money_needs_a_procurement_run_to_federal_standards(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    joinable_scenario(state_store, tmp_path, sources="federal,local")
    with pytest.raises(UserError, match=r"not run to federal \(2 CFR 200\) standards"), \
            state_store.transaction() as session:
        join_contract(session, REF, JOINER, NOTICE, BOARD, JOINED)


def test_a_second_join_is_refused_and_a_withdrawal_takes_the_lines_out(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    joinable_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        join_contract(session, REF, JOINER, NOTICE, BOARD, JOINED)
    with pytest.raises(UserError, match="already joined on 2026-04-15"), \
            state_store.transaction() as session:
        join_contract(session, REF, JOINER, NOTICE, BOARD, JOINED)
    with state_store.transaction() as session:
        withdraw_join(session, REF, JOINER)
    with state_store.session() as session:
        assert list_joins(session, REF) == []
        assert not any(a.member_code == JOINER for a in list_allocations(session, REF))
        assert sum((a.quantity for a in list_allocations(session, REF)), Decimal(0)) > 0
    with pytest.raises(UserError, match="has not joined"), state_store.transaction() as s:
        withdraw_join(s, REF, JOINER)


def test_regions_cannot_record_a_join(region3_store) -> None:  # noqa: ANN001
    with pytest.raises(UserError, match="kept by the state coordinator"), \
            region3_store.transaction() as session:
        join_contract(session, REF, JOINER, NOTICE, BOARD, JOINED)
