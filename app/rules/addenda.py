"""Addenda to a posted packet (DOMAIN.md §1.5, §7 "Instructions to bidders"): pure rules.

An addendum is numbered 1, 2, … in the order issued. A bid is complete only when its vendor
acknowledged every addendum issued on or before the bid deadline: a vendor cannot be held to
a change it never saw, nor be compared with bidders who priced it. The allowable contract
date moves with substantive addenda only (app.rules.calendar.allowable_contract_date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

NUMBERS_MAX = 200  # characters of the stored list ("1,2,3"): the bids column's size


@dataclass(frozen=True)
class AddendumFacts:
    number: int
    issued_on: date
    substantive: bool


def next_number(existing: Iterable[int]) -> int:
    """One more than the highest number issued: 1 for the first addendum."""
    return max(existing, default=0) + 1


def substantive_dates(addenda: Iterable[AddendumFacts]) -> list[date]:
    """The issue dates of the substantive addenda: what restarts E-rate's 28 days."""
    return [a.issued_on for a in addenda if a.substantive]


def parse_numbers(text: str) -> tuple[int, ...]:
    """"1, 2,3" → (1, 2, 3), sorted, each once; "" → (). ValueError names the bad part."""
    numbers = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValueError(f"'{part}' is not an addendum number (1, 2, …)")
        numbers.add(int(part))
    return tuple(sorted(numbers))


def format_numbers(numbers: Iterable[int]) -> str:
    """(2, 1, 2) → "1,2": how a bid stores what it acknowledged."""
    return ",".join(str(n) for n in sorted(set(numbers)))


def unacknowledged(addenda: Iterable[AddendumFacts], acknowledged: Iterable[int],
                   deadline: date | None) -> list[int]:
    """The numbers of the addenda issued on or before the bid deadline (all of them when the
    deadline is not set) that the bid does not acknowledge: empty means complete."""
    seen = set(acknowledged)
    return sorted(a.number for a in addenda
                  if (deadline is None or a.issued_on <= deadline) and a.number not in seen)
