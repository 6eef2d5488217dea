"""Addenda rules: numbering, the numbers a bid acknowledges, which addenda a complete bid
must acknowledge, and the allowable contract date a substantive addendum moves (§1.5)."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules.addenda import (
    AddendumFacts,
    format_numbers,
    next_number,
    parse_numbers,
    substantive_dates,
    unacknowledged,
)
from app.rules.calendar import allowable_contract_date

ADDENDA = [AddendumFacts(1, date(2026, 1, 10), False), AddendumFacts(2, date(2026, 1, 20), True),
           AddendumFacts(3, date(2026, 3, 10), True)]


def test_numbers_run_from_one() -> None:
    assert next_number([]) == 1
    assert next_number([1, 2, 3]) == 4


def test_acknowledged_numbers_are_read_and_written_one_way() -> None:
    assert parse_numbers(" 2, 1,2 ;3") == (1, 2, 3)
    assert parse_numbers("") == ()
    assert format_numbers([2, 1, 2]) == "1,2"
    for bad in ("one", "0", "-1", "1.5"):
        with pytest.raises(ValueError, match="is not an addendum number"):
            parse_numbers(bad)


def test_a_complete_bid_acknowledges_every_addendum_issued_by_the_deadline() -> None:
    deadline = date(2026, 3, 3)  # addendum 3 came after it: not required
    assert unacknowledged(ADDENDA, [1, 2], deadline) == []
    assert unacknowledged(ADDENDA, [2], deadline) == [1]
    assert unacknowledged(ADDENDA, [], None) == [1, 2, 3]


def test_only_a_substantive_addendum_moves_the_allowable_contract_date() -> None:
    certified = date(2026, 1, 1)
    assert allowable_contract_date(certified, None, 28) == date(2026, 1, 29)
    assert substantive_dates(ADDENDA[:1]) == []
    assert allowable_contract_date(certified, None, 28,
                                   substantive_dates(ADDENDA[:1])) == date(2026, 1, 29)
    assert allowable_contract_date(certified, date(2026, 1, 5), 28,
                                   substantive_dates(ADDENDA)) == date(2026, 4, 7)
    # An addendum before the RFP posting moves nothing; nothing is known before the 470.
    assert allowable_contract_date(certified, date(2026, 2, 1), 28,
                                   [date(2026, 1, 20)]) == date(2026, 3, 1)
    assert allowable_contract_date(None, None, 28, [date(2026, 1, 20)]) is None
