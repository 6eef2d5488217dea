"""Evaluation rules: the packet's price formula, scores within 0..weight, totals and ranks
per lot (ties share a rank, a missing consensus is named), and the refusal to re-weight."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.rules.evaluation import (
    BidderFacts,
    Score,
    evaluate_lot,
    price_points,
    reweighting_refused,
    score_problem,
)
from app.rules.packet_rules import CriterionFacts

D = Decimal
PRICE = CriterionFacts("Price", 55, True)
FIT = CriterionFacts("Fit", 25, False)
REFS = CriterionFacts("References", 20, False)
CRITERIA = (PRICE, FIT, REFS)


@pytest.mark.parametrize(("lowest", "total", "points", "expected"), [
    (D("1000"), D("1000"), 55, D("55.00")),
    (D("1000"), D("1250"), 55, D("44.00")),
    (D("59990"), D("60950"), 60, D("59.05")),
    (D("1"), D("3"), 50, D("16.67")),
    (D("0"), D("0"), 55, D("55.00")),  # everything free: the lowest, full points
])
def test_price_points_follow_the_stated_formula(lowest: Decimal, total: Decimal, points: int,
                                                expected: Decimal) -> None:
    assert price_points(lowest, total, points) == expected


def test_scores_stay_within_the_weight_and_price_is_computed() -> None:
    assert score_problem(FIT, "Fit", D("25"), CRITERIA) is None
    assert score_problem(FIT, "Fit", D("0"), CRITERIA) is None
    assert "outside 0..25" in (score_problem(FIT, "Fit", D("25.01"), CRITERIA) or "")
    assert "packet's formula" in (score_problem(PRICE, "Price", D("10"), CRITERIA) or "")
    assert "not one of the packet's criteria (Price, Fit, References)" in (
        score_problem(None, "Looks", D("1"), CRITERIA) or "")


def _consensus(vendor: str, fit: str, refs: str) -> list[tuple[str, Score]]:
    return [(vendor, Score("Fit", "", D(fit), "")), (vendor, Score("References", "", D(refs),
                                                                  ""))]


def test_ranking_per_lot_ties_share_and_missing_consensus_is_named() -> None:
    bidders = [BidderFacts("A", D("1000"), True), BidderFacts("B", D("1100"), True),
               BidderFacts("C", D("900"), False), BidderFacts("D", D("1000"), True),
               BidderFacts("E", D("1200"), True)]
    scores = (_consensus("A", "20", "10") + _consensus("B", "25", "20")
              + _consensus("D", "20", "10") + [("E", Score("Fit", "", D("25"), "")),
                                              ("E", Score("Fit", "Kim", D("24"), "good"))])
    lot = evaluate_lot(1, "Lot", CRITERIA, bidders, scores, erate=True)
    rows = {v.vendor: v for v in lot.vendors}
    assert lot.lowest_total == D("1000")  # C is lower but not responsive
    assert rows["B"].total == D("95.00") and rows["B"].rank == 1  # 50.00 + 25 + 20
    assert rows["A"].total == rows["D"].total == D("85.00")
    assert rows["A"].rank == rows["D"].rank == 2
    assert rows["E"].rank is None and rows["E"].why_not_ranked == \
        "no consensus score for References"
    assert [s.evaluator for s in rows["E"].evaluator_scores] == ["Kim"]
    assert rows["C"].price_points is None and rows["C"].rank is None
    assert [v.vendor for v in lot.vendors][:3] == ["B", "A", "D"]
    assert lot.problems == ()


def test_erate_rule_on_the_scoring_criteria() -> None:
    equal = (CriterionFacts("Price", 40, True), CriterionFacts("Fit", 40, False),
             CriterionFacts("Refs", 20, False))
    lot = evaluate_lot(1, "Lot", equal, [BidderFacts("A", D("1"), True)], [], erate=True)
    assert len(lot.problems) == 1 and "'Fit' (40) equals the price" in lot.problems[0]
    assert evaluate_lot(1, "Lot", equal, [], [], erate=False).problems == ()


def test_reweighting_refusal_names_the_issue_and_the_reason() -> None:
    text = reweighting_refused(datetime(2026, 1, 6, 15, tzinfo=UTC), "Ann Lee", CRITERIA)
    assert text.startswith("the packet was issued on 2026-01-06 10:00 EST by Ann Lee with "
                           "these weights: Price 55, Fit 25, References 20")
    assert "post-hoc re-weighting is not accepted" in text
