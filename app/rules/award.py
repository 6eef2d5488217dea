"""Who is awarded a lot, and when its contract may be signed (DOMAIN.md §1.5, §2.1–§2.2,
2 CFR 200.320): pure functions over plain data. The award applies exactly the basis the
packet printed (`app.rules.award_basis`); nobody picks winners by hand.

- Only an eligible bidder can be awarded: its bid is responsive, it is ranked (every
  criterion has a consensus score) and its vendor compliance passes every line (a FAIL or a
  NOT CHECKED line blocks the award). Every other bidder is excluded, with the reason.
- `single`: the eligible bidder with the highest total score (rank). Equal scores are broken
  by the lower evaluated price (the lot total); a tie on both is not broken by the software:
  the tied bidders are named and one of them must be chosen.
- `multiple within N%`: every eligible bidder whose evaluated price (lot total) is at most
  the lowest eligible evaluated price × (1 + N/100).
- `multiple top K`: the K eligible bidders with the highest scores; a bidder tied on score
  with the K-th is awarded too (equal scores share a rank, so neither can be dropped).
- Per line (a basis ending "per line"): each line of the lot is decided on its own. The
  line's eligible bidders are the lot's eligible ones (responsive, compliant, ranked) that
  priced the line; a bidder's evaluated price on the line is its extended price on it.
  `single`: the lowest line price (equal prices: the better lot rank; equal on both: a tie
  to choose among); `within N%`: every line price at most the lowest × (1 + N/100);
  `top K`: the K lowest line prices (a price equal to the K-th is awarded too). A per-line
  lot is decided once each of its lines is awarded or recorded as not awarded.
- No eligible bidder → no award, with the reason.
- Nothing is decided while a responsive bidder is not yet ranked (a consensus score is
  missing): the lot is pending, and says which bidder lacks what.
- Contract date: with E-rate money, on or after the allowable contract date (the later of
  the Form 470 certification and the RFP posting + 28 days); a formal bid (G.S. 143-129) is
  awarded by the local board, so its approval date is recorded and the contract is signed
  on or after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.rules.award_basis import TOP, WITHIN, AwardBasis

# The contract facts an award records, and their bounds (the service and the sync rules).
CONTRACT_NUMBER_MAX = 60
MAX_TERM_MONTHS = 120
MAX_RENEWALS = 10
NO_AWARD_MAX = 2000


@dataclass(frozen=True)
class Contender:
    """One bidder on one lot as the evaluation and the compliance check see it."""

    vendor: str
    evaluated_price: Decimal  # the bidder's lot total
    score: Decimal | None  # total points, None when not ranked
    rank: int | None
    responsive: bool
    not_ranked_because: str = ""
    compliance_problems: tuple[str, ...] = ()  # each blocks the award


@dataclass(frozen=True)
class Excluded:
    vendor: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"vendor": self.vendor, "reason": self.reason}


@dataclass(frozen=True)
class LotDecision:
    """What the packet's basis gives on one lot: the awarded vendors (best first), or the
    tied ones to choose among (single award), or no award with the reason."""

    lot: int
    basis: AwardBasis
    awarded: tuple[str, ...]
    excluded: tuple[Excluded, ...]  # cannot be awarded (with the reason)
    not_picked: tuple[Excluded, ...]  # eligible but outside the basis
    tied: tuple[str, ...] = ()
    no_award_reason: str = ""
    pending: str = ""  # why nothing can be decided yet
    line: str = ""  # the lot's line ("1.2") a per-line decision is about; "" for the lot

    def allows(self, vendors: Sequence[str]) -> str | None:
        """Why these vendors are not exactly what the basis gives, or None."""
        chosen = tuple(vendors)
        if self.pending:
            return self.pending
        if self.tied:
            if len(chosen) == 1 and chosen[0] in self.tied:
                return None
            on = "price and lot rank" if self.line else "score and price"
            return (f"the packet states: {self.basis.describe()} {' and '.join(self.tied)} "
                    f"tie on {on}; name exactly one of them")
        if sorted(chosen) == sorted(self.awarded):
            return None
        gives = ", ".join(self.awarded) or f"no award ({self.no_award_reason})"
        return (f"the packet states: {self.basis.describe()} That gives {gives}; the award "
                "applies exactly what the packet states")

    def as_json(self) -> dict[str, Any]:
        return {"lot": self.lot, **({"line": self.line} if self.line else {}),
                "basis": self.basis.text, "awarded": list(self.awarded),
                "tied": list(self.tied), "no_award_reason": self.no_award_reason or None,
                "pending": self.pending or None,
                "excluded": [e.as_json() for e in self.excluded],
                "not_picked": [e.as_json() for e in self.not_picked]}


def exclusion(c: Contender) -> str | None:
    """Why a bidder cannot be awarded, or None."""
    if c.compliance_problems:  # first: a listed vendor's bid is also not responsive
        return "not compliant: " + "; ".join(c.compliance_problems)
    if not c.responsive:
        return "not responsive"
    if c.rank is None or c.score is None:
        return "not ranked: " + (c.not_ranked_because or "no total score")
    return None


def decide_lot(lot: int, basis: AwardBasis, contenders: Sequence[Contender]) -> LotDecision:
    """The award the basis gives on a lot (see the module text)."""
    excluded = tuple(Excluded(c.vendor, why) for c in contenders
                     if (why := exclusion(c)) is not None)
    unranked = [c for c in contenders if c.responsive and c.rank is None]
    if unranked:
        return LotDecision(lot, basis, (), excluded, (), pending=(
            "the ranking is not complete: " + "; ".join(
                f"{c.vendor}: {c.not_ranked_because or 'not ranked'}" for c in unranked)))
    eligible = sorted((c for c in contenders if exclusion(c) is None),
                      key=lambda c: (-(c.score or 0), c.evaluated_price, c.vendor))
    if not eligible:
        reason = ("no bids on this lot" if not contenders
                  else "no responsive, compliant, ranked bidder")
        return LotDecision(lot, basis, (), excluded, (), no_award_reason=reason)
    if basis.rule == WITHIN:
        lowest = min(c.evaluated_price for c in eligible)
        limit = lowest * (1 + Decimal(basis.value) / 100)
        picked = [c for c in eligible if c.evaluated_price <= limit]
        why = f"evaluated price more than {basis.value} % above the lowest ({lowest:,.2f})"
    elif basis.rule == TOP:
        cut = eligible[min(basis.value, len(eligible)) - 1].score
        picked = [c for c in eligible if (c.score or 0) >= (cut or 0)]
        why = f"not among the top {basis.value} scores"
    else:
        best = eligible[0]
        tied = tuple(c.vendor for c in eligible
                     if c.score == best.score and c.evaluated_price == best.evaluated_price)
        if len(tied) > 1:
            return LotDecision(lot, basis, (), excluded, (), tied=tied)
        picked = [best]
        why = "a lower total score (single award)"
    names = {c.vendor for c in picked}
    return LotDecision(lot, basis, tuple(c.vendor for c in picked), excluded,
                       tuple(Excluded(c.vendor, why) for c in eligible
                             if c.vendor not in names))


def decide_line(lot: int, line: str, basis: AwardBasis, contenders: Sequence[Contender],
                prices: dict[str, Decimal]) -> LotDecision:
    """The award a per-line basis gives on one line of a lot (see the module text);
    `prices`: the extended price on the line of each bidder that priced it."""
    whole = decide_lot(lot, basis, contenders)  # the lot's exclusions and pending state
    if whole.pending:
        return LotDecision(lot, basis, (), whole.excluded, (), pending=whole.pending,
                           line=line)
    excluded = tuple(e for e in whole.excluded if e.vendor in prices)
    eligible = sorted((c for c in contenders if exclusion(c) is None and c.vendor in prices),
                      key=lambda c: (prices[c.vendor], c.rank or 0, c.vendor))
    if not eligible:
        reason = ("nobody priced this line" if not prices
                  else "no responsive, compliant, ranked bidder priced this line")
        return LotDecision(lot, basis, (), excluded, (), no_award_reason=reason, line=line)
    lowest = prices[eligible[0].vendor]
    if basis.rule == WITHIN:
        limit = lowest * (1 + Decimal(basis.value) / 100)
        picked = [c for c in eligible if prices[c.vendor] <= limit]
        why = f"price on the line more than {basis.value} % above the lowest ({lowest:,.2f})"
    elif basis.rule == TOP:
        cut = prices[eligible[min(basis.value, len(eligible)) - 1].vendor]
        picked = [c for c in eligible if prices[c.vendor] <= cut]
        why = f"not among the {basis.value} lowest prices on the line"
    else:
        best = eligible[0]
        tied = tuple(c.vendor for c in eligible
                     if prices[c.vendor] == lowest and c.rank == best.rank)
        if len(tied) > 1:
            return LotDecision(lot, basis, (), excluded, (), tied=tied, line=line)
        picked = [best]
        why = "a higher price on the line (single award per line)"
    names = {c.vendor for c in picked}
    return LotDecision(lot, basis, tuple(c.vendor for c in picked), excluded,
                       tuple(Excluded(c.vendor, why) for c in eligible
                             if c.vendor not in names), line=line)


def lot_decided(whole_lot_recorded: bool, lines: int, lines_recorded: int) -> bool:
    """A lot is decided once its award (or no-award) is recorded for the whole lot, or, per
    line, for each of its lines."""
    return whole_lot_recorded or (lines > 0 and lines_recorded >= lines)


def contract_date_problems(signed_on: date, *, erate: bool, allowable: date | None,
                           formal: bool, board_approved_on: date | None) -> list[str]:
    """Why a contract cannot be dated `signed_on` (see the module text); empty when it can."""
    problems = []
    if erate:
        if allowable is None:
            problems.append("the allowable contract date is unknown: certify the Form 470 "
                            "first")
        elif signed_on < allowable:
            problems.append(f"signed {signed_on.isoformat()}, before the allowable contract "
                            f"date {allowable.isoformat()} (Form 470 + 28 days)")
    if formal:
        if board_approved_on is None:
            problems.append("a formal bid is awarded by the board (G.S. 143-129): record "
                            "the board approval date")
        elif signed_on < board_approved_on:
            problems.append(f"signed {signed_on.isoformat()}, before the board approved the "
                            f"award on {board_approved_on.isoformat()}")
    return problems


def derived_status(current: str, opened: bool, lots: int, decided: int) -> str:
    """A procurement's status from the facts: "awarded" once every lot has an award or a
    recorded no-award, "evaluating" once its bids are opened, else it stays as it is
    (planning, bidding or cancelled are set by hand)."""
    if current == "cancelled" or not opened:
        return current
    if lots and decided >= lots:
        return "awarded"
    return "evaluating"
