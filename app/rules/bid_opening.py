"""Sealed bids, their opening and the tabulation (DOMAIN.md §1.5, §2.2, §2.10).

- Sealed: before the opening is recorded no price is shown anywhere — only who bid and when.
  Formal bids become public at the public opening; informal bids when awarded (§2.10): the
  opening then lets the office tabulate, and the tabulation says it is not yet public.
- The deadline is the bid due date at the packet's due time, North Carolina time
  (`app.rules.bids.deadline`, the one rule intake and opening share). The opening is refused
  before it.
- The outcome counts the on-time current bids (not late, not withdrawn or replaced):
  0 → `no_bids`, 1 → `one_bid`, more → `bids`, each with the sentence the record keeps.
- A bid is judged per lot, as PASS / FAIL / NOT CHECKED / REVIEW lines:
  * on time — a late bid is kept but never opened (FAIL);
  * complete — a lot a bid prices must be priced on every one of its lines (the pricing
    form says so); a partial lot is FAIL, a lot not bid at all is simply not bid;
  * products named — manufacturer and part number on every priced equipment line
    (`app.rules.bids.needs_make_model`, the rule intake applies too);
  * vendor compliance — any FAIL compliance line makes the bid FAIL (a vendor on the
    Treasurer's list, a Covered-List manufacturer). NOT CHECKED (a list never loaded, no
    SAM.gov check yet) stays NOT CHECKED: it is the office's missing check, not the
    bidder's fault, so the price still counts in the tabulation — but it still blocks the
    award (`ComplianceLine.blocks_award`);
  * "or equivalent" substitutions — REVIEW: allowed, flagged for the evaluators.
  A bid is responsive on a lot when none of its lines is FAIL.
- Lowest responsive price per line: the least unit price among responsive bids that priced
  the line; every bid tied at it is lowest.

Pure rules: no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.rules.bids import NC_TIME, needs_make_model
from app.rules.compliance import FAIL, NOT_CHECKED, PASS, ComplianceLine

REVIEW = "REVIEW"
NO_BIDS, ONE_BID, BIDS = "no_bids", "one_bid", "bids"

def sealed(opened: bool) -> bool:
    """Prices may be shown only once the opening is recorded."""
    return not opened


def nc_time_text(moment: datetime | None) -> str:
    """A moment as the office reads it: NC time, "2026-03-03 14:00 EST"."""
    return moment.astimezone(NC_TIME).strftime("%Y-%m-%d %H:%M %Z") if moment else "not set"


def opening_outcome(on_time_bids: int) -> str:
    if on_time_bids <= 0:
        return NO_BIDS
    return ONE_BID if on_time_bids == 1 else BIDS


def outcome_text(outcome: str, on_time_bids: int, late_bids: int = 0) -> str:
    """The sentence the opening record keeps (§1.5: document no bids; §2.2: one bid)."""
    late = (f" {late_bids} bid(s) arrived after the deadline and were not opened."
            if late_bids else "")
    if outcome == NO_BIDS:
        return ("No bids were received by the deadline." + late + " E-rate: the applicant "
                "may solicit bids directly or stay with the incumbent, and must document "
                "what it did (keep this record).")
    if outcome == ONE_BID:
        return ("One bid was received by the deadline." + late + " A North Carolina "
                "purchase contract may be awarded on a single responsive bid (the "
                "three-bid rule of G.S. 143-132 applies to construction and repair only); "
                "for E-rate, this record documents that only one bid came in.")
    return f"{on_time_bids} bids were received by the deadline." + late


def public_from(method: str) -> str:
    """When the bids become public records (§2.10)."""
    if method == "formal":
        return "Formal bids: public records from the public opening (G.S. 143-129(b))."
    if method == "informal":
        return ("Informal bids: public records at award; until then this "
                "tabulation is for evaluation only.")
    return "Below the bidding thresholds: public records on receipt."


@dataclass(frozen=True)
class Check:
    code: str
    rule: str
    status: str  # PASS, FAIL, NOT CHECKED or REVIEW
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "rule": self.rule, "status": self.status,
                "reason": self.reason}


@dataclass(frozen=True)
class LineSpec:
    """A lot line as the tabulation needs it."""

    key: int
    number: str  # "1.2", as the packet and the pricing form print it
    category: str  # catalog category code ("" without a catalog item)
    unit: str = "each"


@dataclass(frozen=True)
class PricedLine:
    key: int
    unit_price: Decimal
    manufacturer: str
    part_number: str
    substitution: bool


def product_required(line: LineSpec) -> bool:
    return needs_make_model(line.unit, line.category)


def _numbers(lines: Iterable[LineSpec], limit: int = 8) -> str:
    numbers = [line.number for line in lines]
    more = f" and {len(numbers) - limit} more" if len(numbers) > limit else ""
    return ", ".join(numbers[:limit]) + more


def lot_checks(lot_lines: Sequence[LineSpec], priced: Mapping[int, PricedLine], *,
               late: bool, compliance: Sequence[ComplianceLine]) -> tuple[Check, ...]:
    """A bid's responsiveness on one lot it priced (see the module text)."""
    checks = [Check("on_time", "Received by the deadline", FAIL if late else PASS,
                    "received late: kept, not opened" if late else "on time")]
    missing = [line for line in lot_lines if line.key not in priced]
    checks.append(Check(
        "complete", "Every line of the lot priced", FAIL if missing else PASS,
        f"lines not priced: {_numbers(missing)}" if missing
        else f"all {len(lot_lines)} line(s) priced"))
    unnamed = [line for line in lot_lines if line.key in priced and product_required(line)
               and not (priced[line.key].manufacturer.strip()
                        and priced[line.key].part_number.strip())]
    checks.append(Check(
        "products", "Manufacturer and part number on equipment lines",
        FAIL if unnamed else PASS,
        f"missing on lines {_numbers(unnamed)}" if unnamed else "named"))
    failing = [c for c in compliance if c.status == FAIL]
    unchecked = [c for c in compliance if c.status == NOT_CHECKED]
    if failing:
        checks.append(Check("compliance", "Vendor compliance", FAIL,
                            "; ".join(f"{c.rule}: {c.reason}" for c in failing)))
    elif unchecked:
        checks.append(Check("compliance", "Vendor compliance", NOT_CHECKED,
                            "not checked (blocks the award until checked): " +
                            "; ".join(c.rule for c in unchecked)))
    else:
        checks.append(Check("compliance", "Vendor compliance", PASS,
                            f"all {len(compliance)} line(s) pass"))
    swapped = [line for line in lot_lines if line.key in priced
               and priced[line.key].substitution]
    checks.append(Check("substitutions", '"Or equivalent" substitutions',
                        REVIEW if swapped else PASS,
                        f"for review: lines {_numbers(swapped)}" if swapped else "none"))
    return tuple(checks)


def responsive(checks: Iterable[Check]) -> bool:
    return not any(c.status == FAIL for c in checks)


def lowest_prices(offers: Iterable[tuple[int, Decimal, bool]]) -> dict[int, Decimal]:
    """Per line key, the least unit price among (line, price, responsive) offers that are
    responsive; lines no responsive bid priced are absent."""
    best: dict[int, Decimal] = {}
    for key, price, ok in offers:
        if ok and (key not in best or price < best[key]):
            best[key] = price
    return best


def lot_total(extended: Iterable[Decimal]) -> Decimal:
    return sum(extended, Decimal(0))


__all__ = ["BIDS", "FAIL", "NOT_CHECKED", "NO_BIDS", "ONE_BID", "PASS", "REVIEW", "Check",
           "LineSpec", "PricedLine", "lot_checks", "lot_total",
           "lowest_prices", "nc_time_text", "opening_outcome", "outcome_text",
           "product_required", "public_from", "responsive", "sealed"]
