"""Who the packet's award basis picks on a lot, and when a contract may be signed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.rules.award import (
    Contender,
    contract_date_problems,
    decide_line,
    decide_lot,
    derived_status,
    lot_decided,
)
from app.rules.award_basis import DEFAULT, parse_award_basis

D = Decimal


def c(vendor: str, price: str, score: str | None, rank: int | None, *, responsive: bool = True,
      problems: tuple[str, ...] = ()) -> Contender:
    return Contender(vendor, D(price), None if score is None else D(score), rank, responsive,
                     "no consensus score for Support" if score is None else "", problems)


FIELD = [c("A", "100.00", "90", 1), c("B", "108.00", "85", 2), c("C", "115.00", "80", 3),
         c("Bad", "90.00", "95", None, responsive=False),
         c("Iran", "95.00", "92", 1, problems=("Not on the Iran list: listed",))]


def test_single_award_goes_to_the_best_eligible_score_and_says_why_others_are_out() -> None:
    decision = decide_lot(1, DEFAULT, FIELD)
    assert decision.awarded == ("A",)
    reasons = {e.vendor: e.reason for e in decision.excluded}
    assert reasons["Bad"] == "not responsive"
    assert reasons["Iran"] == "not compliant: Not on the Iran list: listed"
    assert [e.vendor for e in decision.not_picked] == ["B", "C"]


def test_multiple_within_n_percent_of_the_lowest_eligible_price() -> None:
    decision = decide_lot(1, parse_award_basis("multiple within 10%"), FIELD)
    assert decision.awarded == ("A", "B")  # 108 ≤ 110; 115 > 110
    assert "more than 10 % above the lowest (100.00)" in decision.not_picked[0].reason


def test_multiple_top_k_keeps_a_tie_at_the_cut() -> None:
    field = [*FIELD, c("D", "120.00", "85", 2)]
    assert decide_lot(2, parse_award_basis("multiple top 2"), field).awarded == ("A", "B", "D")
    assert decide_lot(2, parse_award_basis("multiple top 3"), FIELD).awarded == ("A", "B", "C")


def test_single_tie_is_broken_by_price_else_named_for_a_choice() -> None:
    by_price = decide_lot(1, DEFAULT, [c("A", "100", "90", 1), c("B", "99", "90", 1)])
    assert by_price.awarded == ("B",)
    tie = decide_lot(1, DEFAULT, [c("A", "100", "90", 1), c("B", "100", "90", 1)])
    assert tie.awarded == () and tie.tied == ("A", "B")
    assert tie.allows(["B"]) is None
    assert "name exactly one of them" in (tie.allows(["A", "B"]) or "")


def test_nobody_eligible_means_no_award_with_the_reason() -> None:
    decision = decide_lot(3, DEFAULT, [c("Bad", "90", "95", None, responsive=False),
                                       c("Iran", "80", "90", 1, problems=("listed",))])
    assert decision.awarded == () and "no responsive, compliant, ranked" in \
        decision.no_award_reason
    assert decision.allows([]) is None and "That gives no award" in (
        decision.allows(["Iran"]) or "")
    assert decide_lot(4, DEFAULT, []).no_award_reason == "no bids on this lot"


def test_nothing_is_decided_until_every_responsive_bidder_is_ranked() -> None:
    decision = decide_lot(1, DEFAULT, [c("A", "100", "90", 1), c("Unscored", "80", None, None)])
    assert decision.awarded == () and decision.pending == (
        "the ranking is not complete: Unscored: no consensus score for Support")
    assert decision.allows(["A"]) == decision.pending


def test_the_award_applies_exactly_what_the_packet_states() -> None:
    decision = decide_lot(1, parse_award_basis("multiple within 10%"), FIELD)
    assert decision.allows(["B", "A"]) is None
    refused = decision.allows(["A"]) or ""
    assert "within 10 % of the lowest" in refused and "That gives A, B" in refused


def test_contract_date_respects_the_allowable_date_and_the_board() -> None:
    acd = date(2026, 2, 10)
    assert contract_date_problems(date(2026, 2, 10), erate=True, allowable=acd, formal=False,
                                  board_approved_on=None) == []
    early = contract_date_problems(date(2026, 2, 9), erate=True, allowable=acd, formal=False,
                                   board_approved_on=None)
    assert "before the allowable contract date 2026-02-10" in early[0]
    assert "certify the Form 470" in contract_date_problems(
        acd, erate=True, allowable=None, formal=False, board_approved_on=None)[0]
    assert "record the board approval date" in contract_date_problems(
        acd, erate=False, allowable=None, formal=True, board_approved_on=None)[0]
    assert "before the board approved" in contract_date_problems(
        acd, erate=False, allowable=None, formal=True, board_approved_on=date(2026, 3, 1))[0]


def test_status_follows_the_facts() -> None:
    assert derived_status("bidding", False, 2, 0) == "bidding"
    assert derived_status("bidding", True, 2, 0) == "evaluating"
    assert derived_status("evaluating", True, 2, 1) == "evaluating"
    assert derived_status("evaluating", True, 2, 2) == "awarded"
    assert derived_status("cancelled", True, 2, 2) == "cancelled"


# One line: A (rank 1) 50.00, B (rank 2) 48.00, C (rank 3) 52.00; Bad and Iran are cheaper
# but cannot be awarded; D did not price the line.
LINE = {"A": D("50.00"), "B": D("48.00"), "C": D("52.00"), "Bad": D("10.00"),
        "Iran": D("20.00")}


def test_per_line_single_goes_to_the_lowest_line_price_among_the_lots_eligible() -> None:
    decision = decide_line(1, "1.2", parse_award_basis("single per line"), FIELD, LINE)
    assert (decision.line, decision.awarded) == ("1.2", ("B",))
    assert [e.vendor for e in decision.not_picked] == ["A", "C"]
    assert {e.vendor for e in decision.excluded} == {"Bad", "Iran"}
    assert decision.as_json()["line"] == "1.2"
    # Equal line prices: the better lot rank; equal on both: a tie to choose among.
    tie = decide_line(1, "1.1", parse_award_basis("single per line"), FIELD,
                      {"A": D("48.00"), "B": D("48.00")})
    assert tie.awarded == ("A",)
    both = [c("X", "1", "80", 1), c("Y", "1", "80", 1)]
    tied = decide_line(1, "1.1", parse_award_basis("single per line"), both,
                       {"X": D("5"), "Y": D("5")})
    assert tied.tied == ("X", "Y") and tied.allows(["Y"]) is None
    assert "tie on price and lot rank" in (tied.allows(["X", "Y"]) or "")


def test_per_line_within_n_percent_and_top_k_are_on_the_line_prices() -> None:
    within = decide_line(1, "1.1", parse_award_basis("multiple within 5% per line"), FIELD,
                         LINE)
    assert within.awarded == ("B", "A")  # 50.00 is 4.2 % above 48.00; 52.00 is 8.3 %
    assert "more than 5 % above the lowest (48.00)" in within.not_picked[0].reason
    top = decide_line(1, "1.1", parse_award_basis("multiple top 2 per line"), FIELD, LINE)
    assert top.awarded == ("B", "A")
    assert top.not_picked[0].reason == "not among the 2 lowest prices on the line"
    at_cut = decide_line(1, "1.1", parse_award_basis("multiple top 2 per line"), FIELD,
                         {"A": D("50.00"), "B": D("48.00"), "C": D("50.00")})
    assert at_cut.awarded == ("B", "A", "C")  # C equals the 2nd lowest price


def test_per_line_nobody_priced_and_pending() -> None:
    basis = parse_award_basis("single per line")
    assert decide_line(1, "1.3", basis, FIELD, {}).no_award_reason == \
        "nobody priced this line"
    assert decide_line(1, "1.3", basis, FIELD, {"Bad": D("1")}).no_award_reason == \
        "no responsive, compliant, ranked bidder priced this line"
    unranked = [*FIELD, c("D", "99.00", None, None)]
    assert decide_line(1, "1.1", basis, unranked, LINE).pending.startswith(
        "the ranking is not complete")


def test_a_per_line_lot_is_decided_when_each_line_is() -> None:
    assert lot_decided(True, 3, 0)
    assert not lot_decided(False, 3, 2)
    assert lot_decided(False, 3, 3)
    assert not lot_decided(False, 0, 0)
