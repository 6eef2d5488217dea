"""Joining an awarded contract later (G.S. 143-129(g)): each refusal with its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.rules.piggyback import ContractTerm, JoinFacts, join_refusals, months_after

SIGNED = date(2026, 3, 12)
GOOD = JoinFacts(
    packet_allows=True, status="awarded", method="formal",
    contracts=(ContractTerm("NC-001", SIGNED, 36), ContractTerm("NC-002", date(2026, 3, 20), 36)),
    notice_days=10, took_part=False, joined_before=None, member_federal=False,
    procurement_federal=False, notice_on=date(2026, 5, 1),
    board_approved_on=date(2026, 5, 11), joined_on=date(2026, 5, 12))


def test_a_join_that_meets_every_condition_is_allowed() -> None:
    assert join_refusals(GOOD) == []
    # the board meets exactly the notice days later; the member joins the same day
    assert join_refusals(replace(GOOD, joined_on=GOOD.board_approved_on)) == []
    # the day before the contract's first anniversary is still within 12 months
    late = replace(GOOD, notice_on=date(2027, 2, 1), board_approved_on=date(2027, 3, 1),
                   joined_on=date(2027, 3, 11))
    assert join_refusals(late) == []


@pytest.mark.parametrize(("change", "reason"), [
    ({"packet_allows": False}, "packet did not allow other agencies"),
    ({"status": "evaluating"}, "the procurement is evaluating, not awarded"),
    ({"method": "informal"}, "formal range only"),
    ({"took_part": True}, "the member took part in the procurement"),
    ({"joined_before": date(2026, 4, 1)}, "already joined on 2026-04-01"),
    ({"notice_on": date(2026, 5, 2)}, "9 day(s) after the public notice of 2026-05-02: "
                                      "at least 10 days are required"),
    ({"notice_days": 15}, "at least 15 days are required"),
    ({"joined_on": date(2026, 5, 10)}, "before the board approved it on 2026-05-11"),
    ({"member_federal": True}, "not run to federal (2 CFR 200) standards"),
    ({"contracts": ()}, "no contract was awarded"),
])
def test_each_refusal_says_why(change: dict, reason: str) -> None:
    refused = join_refusals(replace(GOOD, **change))
    assert len(refused) == 1, refused
    assert reason in refused[0]


def test_federal_money_is_fine_where_the_procurement_met_federal_standards() -> None:
    assert join_refusals(replace(GOOD, member_federal=True, procurement_federal=True)) == []


def test_the_join_falls_within_12_months_of_the_earliest_contract_and_not_before_it() -> None:
    early = replace(GOOD, notice_on=date(2026, 2, 1), board_approved_on=date(2026, 3, 1),
                    joined_on=date(2026, 3, 11))
    assert join_refusals(early) == ["joined on 2026-03-11, before the contract date 2026-03-12"]
    late = replace(GOOD, notice_on=date(2027, 2, 1), board_approved_on=date(2027, 3, 1),
                   joined_on=date(2027, 3, 12))
    assert join_refusals(late) == [
        "joined on 2027-03-12, not within 12 months of the contract date 2026-03-12 "
        "(last day 2027-03-11)"]


def test_a_contract_whose_term_ended_refuses_the_join() -> None:
    short = replace(GOOD, contracts=(ContractTerm("NC-001", SIGNED, 36),
                                     ContractTerm("NC-002", SIGNED, 1)))
    assert join_refusals(short) == ["contract NC-002's term ran to 2026-04-11"]


def test_every_reason_is_given_at_once() -> None:
    bad = replace(GOOD, packet_allows=False, method="informal", took_part=True)
    assert len(join_refusals(bad)) == 3


def test_months_after_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_after(date(2026, 3, 12), 12) == date(2027, 3, 12)
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_after(date(2027, 11, 30), 3) == date(2028, 2, 29)
