"""Date rules: allowable contract date, last Form 470 date, NC advertisement, Form 486."""

from __future__ import annotations

from datetime import date

import pytest

from app.rules.calendar import (
    allowable_contract_date,
    form486_due,
    last_form470_date,
    nc_full_days_between,
    nc_latest_advertisement,
    previous_business_day,
    procurement_calendar,
)
from app.rules.params import YearParams


@pytest.mark.parametrize(("certified", "rfp", "expected"), [
    (date(2026, 1, 1), None, date(2026, 1, 29)),            # DOMAIN.md worked example
    (date(2026, 1, 1), date(2025, 12, 20), date(2026, 1, 29)),  # RFP earlier: 470 counts
    (date(2026, 1, 1), date(2026, 1, 10), date(2026, 2, 7)),    # later RFP restarts the wait
    (date(2024, 2, 1), None, date(2024, 2, 29)),             # leap year
    (None, date(2026, 1, 1), None),                           # no 470 yet
])
def test_allowable_contract_date(certified: date | None, rfp: date | None,
                                 expected: date | None) -> None:
    assert allowable_contract_date(certified, rfp, 28) == expected


@pytest.mark.parametrize(("year", "expected"), [(2025, date(2025, 2, 26)),
                                                (2026, date(2026, 3, 4))])
def test_last_form470_date(year: int, expected: date, fy2025: YearParams,
                           fy2026: YearParams) -> None:
    params = fy2025 if year == 2025 else fy2026
    assert last_form470_date(params.form471_window_closes, params.erate_bidding_days) == expected


def test_nc_advertisement_full_days() -> None:
    opening = date(2026, 3, 20)
    latest = nc_latest_advertisement(opening, 7)
    assert latest == date(2026, 3, 12)
    assert nc_full_days_between(latest, opening) == 7
    assert nc_full_days_between(date(2026, 3, 13), opening) == 6


@pytest.mark.parametrize(("fcdl", "start", "expected"), [
    (None, date(2026, 7, 1), date(2026, 10, 29)),
    (date(2026, 5, 1), date(2026, 7, 1), date(2026, 10, 29)),
    (date(2026, 9, 1), date(2026, 7, 1), date(2026, 12, 30)),
])
def test_form486_due(fcdl: date | None, start: date, expected: date) -> None:
    assert form486_due(fcdl, start) == expected


def test_procurement_calendar_is_in_date_order(fy2026: YearParams) -> None:
    entries = procurement_calendar(fy2026, form470_certified_on=date(2026, 1, 1),
                                   rfp_posted_on=None, nc_advertised_on=date(2026, 1, 2),
                                   bid_due_on=date(2026, 2, 2), contract_on=None,
                                   erate=True, nc_formal=True)
    by_label = {e.label: e.on for e in entries}
    assert by_label["Allowable contract date"] == date(2026, 1, 29)
    assert by_label["Last Form 470 certification"] == date(2026, 3, 4)
    # 7 full days before Mon 2 Feb is Sun 25 Jan: moved to the business day before.
    assert by_label["Latest NC formal-bid advertisement"] == date(2026, 1, 23)
    dated = [e.on for e in entries if e.on]
    assert dated == sorted(dated)
    assert entries[-1].on is None  # undated steps last


# Holidays are passed in as data (here two from the shipped 2026 list), never constants.
MLK_2026, GOOD_FRIDAY_2026 = date(2026, 1, 19), date(2026, 4, 3)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 1, 30), date(2026, 1, 30)),   # a Friday stays
    (date(2026, 1, 31), date(2026, 1, 30)),   # Saturday → Friday
    (date(2026, 2, 1), date(2026, 1, 30)),    # Sunday → Friday
    (MLK_2026, date(2026, 1, 16)),            # Monday holiday → Friday before
    (date(2026, 4, 5), date(2026, 4, 2)),     # Easter Sunday: past Good Friday to Thursday
])
def test_previous_business_day(day: date, expected: date) -> None:
    assert previous_business_day(day, {MLK_2026, GOOD_FRIDAY_2026}) == expected


def test_computed_deadlines_avoid_weekends_and_holidays_and_say_so(fy2026: YearParams) -> None:
    # Bids due Mon 29 Jan 2026 → questions would close Mon 19 Jan (MLK Day).
    entries = procurement_calendar(fy2026, form470_certified_on=date(2025, 12, 1),
                                   rfp_posted_on=None, nc_advertised_on=None,
                                   bid_due_on=date(2026, 1, 29), contract_on=None,
                                   erate=True, nc_formal=False, holidays={MLK_2026})
    by_label = {e.label: e for e in entries}
    questions = by_label["Written questions close"]
    assert questions.on == date(2026, 1, 16)
    assert "moved from Mon 19 Jan 2026 (an NC state holiday)" in questions.note
    # A date set for the packet moves the same way; the bid due date itself is kept.
    entries = procurement_calendar(fy2026, form470_certified_on=None, rfp_posted_on=None,
                                   nc_advertised_on=None, bid_due_on=date(2026, 2, 7),
                                   contract_on=None, erate=False, nc_formal=False,
                                   questions_close_on=date(2026, 1, 31))
    by_label = {e.label: e for e in entries}
    assert by_label["Written questions close"].on == date(2026, 1, 30)
    assert "(a Saturday)" in by_label["Written questions close"].note
    assert by_label["Bids due / opening"].on == date(2026, 2, 7)
