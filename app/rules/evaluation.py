"""How opened bids are evaluated (DOMAIN.md §1.5, §2.1): pure functions over plain data.

- The criteria and weights printed in the final packet are frozen when it is issued: a later
  change is refused, because post-hoc re-weighting is not accepted (2 CFR 200.320; E-rate
  competitive bidding, 47 CFR 54.503). So is the award basis the packet printed (single,
  multiple within N %, top K, per lot or per line): bidders priced against it, so a later
  change is refused too; only an addendum can change it.
- Price points per lot = lowest responsive lot total ÷ the bidder's lot total × the price
  criterion's points, rounded to the cent of a point (the formula the packet states).
  Only responsive bidders get price points; a non-responsive bid is not evaluated.
- Every other criterion is scored by each evaluator, then agreed as a consensus, from 0 up
  to the criterion's weight; price points are computed, never entered.
- A bidder's total = price points + its consensus scores; a bidder missing a consensus
  score is not ranked (the missing criteria are named). Equal totals share a rank.
- With E-rate money the actual scoring is checked against the frozen criteria: the price of
  eligible goods and services must outweigh every other single criterion
  (`app.rules.packet_rules.criteria_problems`, the rule the packet was printed under).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.rules.bid_opening import nc_time_text
from app.rules.packet_rules import CriterionFacts, criteria_problems

POINT = Decimal("0.01")
PRICE_FORMULA = "lowest responsive lot total ÷ bidder's lot total × {points} points"


def reweighting_refused(issued_at: datetime, issued_by: str,
                        criteria: Sequence[CriterionFacts]) -> str:
    """Why the criteria cannot change once the final packet was issued."""
    weights = ", ".join(f"{c.name} {c.weight}" for c in criteria)
    return (f"the packet was issued on {nc_time_text(issued_at)} by {issued_by} with these "
            f"weights: {weights}; post-hoc re-weighting is not accepted (2 CFR 200.320, "
            "E-rate competitive bidding)")


def award_basis_locked(issued_at: datetime, issued_by: str, stated: str) -> str:
    """Why the award basis cannot change once the final packet was issued; `stated` is the
    basis as the packet prints it ("every lot: single; lot 2: multiple top 2")."""
    return (f"the packet was issued on {nc_time_text(issued_at)} by {issued_by} stating "
            f"{stated}; the award basis printed in the packet cannot change after issue; "
            "issue an addendum")


def price_points(lowest: Decimal, total: Decimal, points: int) -> Decimal:
    """lowest ÷ total × points, to the cent of a point (a zero total is the lowest)."""
    if total <= 0:
        return Decimal(points).quantize(POINT)
    return (lowest / total * points).quantize(POINT, rounding=ROUND_HALF_UP)


def score_problem(criterion: CriterionFacts | None, name: str, points: Decimal,
                  known: Sequence[CriterionFacts]) -> str | None:
    """Why a score cannot be entered for criterion `name`, or None."""
    if criterion is None:
        return (f"'{name}' is not one of the packet's criteria ("
                + ", ".join(c.name for c in known) + ")")
    if criterion.is_price_of_eligible:
        return (f"'{criterion.name}' is scored by the packet's formula ("
                + PRICE_FORMULA.format(points=criterion.weight) + "), not by an evaluator")
    if points < 0 or points > criterion.weight:
        return f"{points} is outside 0..{criterion.weight} (the weight of '{criterion.name}')"
    return None


@dataclass(frozen=True)
class Score:
    criterion: str
    evaluator: str  # "" for the consensus
    points: Decimal
    comment: str

    def as_json(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "evaluator": self.evaluator or None,
                "points": str(self.points), "comment": self.comment}


@dataclass(frozen=True)
class BidderFacts:
    vendor: str
    total: Decimal
    responsive: bool


@dataclass(frozen=True)
class VendorResult:
    """One bidder on one lot: its price points, the evaluators' and consensus scores, and
    its total and rank once every criterion has a consensus score."""

    vendor: str
    lot_total: Decimal
    responsive: bool
    price_points: Decimal | None
    evaluator_scores: tuple[Score, ...]
    consensus: tuple[Score, ...]
    missing: tuple[str, ...]
    total: Decimal | None
    rank: int | None

    @property
    def why_not_ranked(self) -> str:
        if not self.responsive:
            return "not responsive: not evaluated"
        if self.missing:
            return "no consensus score for " + ", ".join(self.missing)
        return ""

    def as_json(self) -> dict[str, Any]:
        return {"vendor": self.vendor, "lot_total": str(self.lot_total),
                "responsive": self.responsive,
                "price_points": None if self.price_points is None else str(self.price_points),
                "evaluator_scores": [s.as_json() for s in self.evaluator_scores],
                "consensus": [s.as_json() for s in self.consensus],
                "total": None if self.total is None else str(self.total), "rank": self.rank,
                "not_ranked_because": self.why_not_ranked or None}


@dataclass(frozen=True)
class LotResult:
    number: int
    name: str
    lowest_total: Decimal | None
    vendors: tuple[VendorResult, ...]
    problems: tuple[str, ...]  # the E-rate check on the actual scoring

    def as_json(self) -> dict[str, Any]:
        return {"lot": self.number, "name": self.name,
                "lowest_responsive_total": None if self.lowest_total is None
                else str(self.lowest_total),
                "vendors": [v.as_json() for v in self.vendors],
                "problems": list(self.problems)}


def _ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    ordered = sorted(totals.values(), reverse=True)
    return {vendor: ordered.index(total) + 1 for vendor, total in totals.items()}


def evaluate_lot(number: int, name: str, criteria: Sequence[CriterionFacts],
                 bidders: Iterable[BidderFacts], scores: Iterable[tuple[str, Score]],
                 erate: bool) -> LotResult:
    """A lot's evaluation: price points, scores, totals and ranks (best first)."""
    listed = list(bidders)
    price = next((c for c in criteria if c.is_price_of_eligible), None)
    scored = [c for c in criteria if c is not price]
    responsive = [b.total for b in listed if b.responsive]
    lowest = min(responsive) if responsive else None
    by_vendor: dict[str, list[Score]] = {}
    for vendor, score in scores:
        by_vendor.setdefault(vendor, []).append(score)
    partial = []
    for bidder in listed:
        mine = by_vendor.get(bidder.vendor, [])
        consensus = tuple(s for c in scored for s in mine
                          if not s.evaluator and s.criterion == c.name)
        own = tuple(sorted((s for s in mine if s.evaluator),
                           key=lambda s: ([c.name for c in scored].index(s.criterion)
                                          if s.criterion in [c.name for c in scored] else 99,
                                          s.evaluator.lower())))
        points = (price_points(lowest, bidder.total, price.weight)
                  if bidder.responsive and price is not None and lowest is not None else None)
        missing = tuple(c.name for c in scored
                        if c.name not in {s.criterion for s in consensus})
        total = None
        if bidder.responsive and not missing:
            total = (points or Decimal(0)) + sum((s.points for s in consensus), Decimal(0))
        partial.append((bidder, points, own, consensus, missing if bidder.responsive else (),
                        total))
    ranks = _ranks({b.vendor: t for b, *_rest, t in partial if t is not None})
    results = [VendorResult(b.vendor, b.total, b.responsive, p, own, cons, miss, t,
                            ranks.get(b.vendor)) for b, p, own, cons, miss, t in partial]
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, not r.responsive, r.lot_total))
    problems = criteria_problems(criteria, erate)
    return LotResult(number, name, lowest, tuple(results), tuple(problems))
