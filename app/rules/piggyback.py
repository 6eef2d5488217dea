"""A member that did not take part joining an awarded contract later — piggybacking
(DOMAIN.md §2.3, §3.3; G.S. 143-129(g)): pure functions over plain data.

A join is refused, with every reason, unless all of these hold:
- the packet allowed it (its `piggyback_allowed` fact is yes: bidders priced knowing other
  NC public agencies could buy at the same prices and terms);
- the procurement is awarded (status "awarded") and its method is formal — 143-129(g)
  waives formal bidding only, so it covers purchases in the formal range, not informal ones;
- the member did not take part (a participant buys under the award itself);
- it has not already joined (one join per member and procurement);
- the public notice came at least N days before the board's approval, N being the funding
  year's `nc_piggyback_notice_days` (the statute says no fewer than 10); the approval at a
  regularly scheduled meeting is the board's to attest (the note may say which meeting);
- the board approved before (or on) the day the member joined;
- the member joined on or after the earliest contract date and within 12 months of it
  (before its first anniversary: the vendor contracted "within the previous 12 months");
- no contract of the procurement has reached the end of its term (signed date + term
  months) on the join date: the member buys at that contract's prices, and an ended
  contract offers none;
- with federal money on the member's lines, the original procurement was run to federal
  standards (2 CFR 200.318–.327; it had federal money in it, so its packet carried the
  Appendix II clauses and its award the cost or price analysis).

E-rate is not checked here: a member not on the consortium's Form 470 and letters of
agency gets no E-rate on the contract, which the allocation applies to every piggyback
line (`app.rules.allocation.PIGGYBACK_NO_ERATE`).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WINDOW_MONTHS = 12
DAY = timedelta(days=1)


def months_after(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ContractTerm:
    """An awarded contract as a join reads it."""

    number: str
    signed_on: date
    term_months: int

    @property
    def ends_on(self) -> date:
        """The first day the contract no longer runs."""
        return months_after(self.signed_on, self.term_months)


@dataclass(frozen=True)
class JoinFacts:
    """What a join is judged on."""

    packet_allows: bool
    status: str
    method: str
    contracts: Sequence[ContractTerm]
    notice_days: int  # the funding year's nc_piggyback_notice_days
    took_part: bool
    joined_before: date | None  # the day of the member's existing join, if any
    member_federal: bool  # the member's lines on the contract use federal money
    procurement_federal: bool  # the procurement was run with federal money (UG standards)
    notice_on: date
    board_approved_on: date
    joined_on: date


def join_refusals(f: JoinFacts) -> list[str]:
    """Every reason the join is refused (see the module text); empty when it may be
    recorded."""
    refused = []
    if not f.packet_allows:
        refused.append("the packet did not allow other agencies to buy from the contracts "
                       "(packet fact piggyback_allowed is not yes)")
    if f.status != "awarded":
        refused.append(f"the procurement is {f.status}, not awarded")
    if f.method != "formal":
        refused.append(f"its method is {f.method}: G.S. 143-129(g) covers purchases in the "
                       "formal range only")
    if f.took_part:
        refused.append("the member took part in the procurement: it buys under the award, "
                       "not by joining")
    if f.joined_before is not None:
        refused.append(f"the member already joined on {f.joined_before.isoformat()}")
    waited = (f.board_approved_on - f.notice_on).days
    if waited < f.notice_days:
        refused.append(f"the board approved on {f.board_approved_on.isoformat()}, "
                       f"{waited} day(s) after the public notice of "
                       f"{f.notice_on.isoformat()}: at least {f.notice_days} days are "
                       "required")
    if f.joined_on < f.board_approved_on:
        refused.append(f"joined on {f.joined_on.isoformat()}, before the board approved it "
                       f"on {f.board_approved_on.isoformat()}")
    refused += _contract_refusals(f.contracts, f.joined_on)
    if f.member_federal and not f.procurement_federal:
        refused.append("the member's lines use federal money, but the procurement was not "
                       "run to federal (2 CFR 200) standards: it had no federal money")
    return refused


def _contract_refusals(contracts: Sequence[ContractTerm], joined_on: date) -> list[str]:
    if not contracts:
        return ["no contract was awarded"]
    first = min(c.signed_on for c in contracts)
    refused = []
    if joined_on < first:
        refused.append(f"joined on {joined_on.isoformat()}, before the contract date "
                       f"{first.isoformat()}")
    window_ends = months_after(first, WINDOW_MONTHS)
    if joined_on >= window_ends:
        refused.append(f"joined on {joined_on.isoformat()}, not within {WINDOW_MONTHS} "
                       f"months of the contract date {first.isoformat()} (last day "
                       f"{(window_ends - DAY).isoformat()})")
    ended = sorted({(c.ends_on, c.number) for c in contracts if joined_on >= c.ends_on})
    refused += [f"contract {number}'s term ran to {(ends - DAY).isoformat()}"
                for ends, number in ended]
    return refused
