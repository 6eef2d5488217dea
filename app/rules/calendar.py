"""Dates a procurement must respect (DOMAIN.md §1.5, §1.6, §2.2, §7): pure date arithmetic.

A deadline the consortium computes (last Form 470 date, latest advertisement, questions
close, Form 486) that lands on a weekend or an NC state holiday moves to the previous
business day: earlier is always safe, later could miss the rule. The holidays are yearly
data (resources/reference/nc_state_holidays.csv, editable), passed in, never constants.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from app.rules.params import YearParams

FORM486_DAYS = 120  # FCC rule (not a yearly figure): 120 days after the FCDL or service start
# The consortium's default (a policy, not a law): written questions close this many days
# before bids are due, unless the packet sets its own date.
QUESTION_DAYS = 10
QUESTIONS_CLOSE = "Written questions close"
BIDS_DUE = "Bids due / opening"


def is_business_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not an NC state holiday."""
    return day.weekday() < 5 and day not in holidays


def previous_business_day(day: date, holidays: Collection[date]) -> date:
    """The day itself when it is a business day, else the nearest business day before it:
    Sat 31 Jan 2026 → Fri 30 Jan; Mon 19 Jan 2026 (MLK Day) → Fri 16 Jan."""
    while not is_business_day(day, holidays):
        day -= timedelta(days=1)
    return day


def why_not_business_day(day: date, holidays: Collection[date]) -> str:
    """"a Saturday", "a Sunday", "an NC state holiday" or "" for a business day."""
    if day.weekday() >= 5:
        return f"a {day:%A}"
    return "an NC state holiday" if day in holidays else ""


def allowable_contract_date(form470_certified_on: date | None, rfp_posted_on: date | None,
                            bidding_days: int,
                            substantive_addenda: Iterable[date] = ()) -> date | None:
    """The later of Form 470 certification, RFP posting and the latest substantive
    addendum, plus the bidding days (28): certified 1 Jan → 29 Jan; a substantive addendum
    issued 10 Jan → 7 Feb. A minor addendum is not passed in: it moves nothing (DOMAIN.md
    §1.5). None until the 470 is certified."""
    if form470_certified_on is None:
        return None
    start = max(d for d in (form470_certified_on, rfp_posted_on, *substantive_addenda)
                if d is not None)
    return start + timedelta(days=bidding_days)


def last_form470_date(form471_window_closes: date, bidding_days: int) -> date:
    """The last day a Form 470 can be certified and still reach the 471 window."""
    return form471_window_closes - timedelta(days=bidding_days)


def nc_latest_advertisement(bid_opening: date, min_full_days: int) -> date:
    """Latest date a formal-bid notice may appear: `min_full_days` whole days must lie
    between the notice day and the opening day (neither counted)."""
    return bid_opening - timedelta(days=min_full_days + 1)


def nc_full_days_between(advertised_on: date, bid_opening: date) -> int:
    return (bid_opening - advertised_on).days - 1


def form486_due(fcdl_on: date | None, service_start: date, days: int = FORM486_DAYS) -> date:
    """120 days after the funding commitment decision letter or service start, the later."""
    start = max(d for d in (fcdl_on, service_start) if d is not None)
    return start + timedelta(days=days)


@dataclass(frozen=True)
class CalendarEntry:
    label: str
    on: date | None
    note: str = ""


def _deadline(label: str, on: date, note: str, holidays: Collection[date]) -> CalendarEntry:
    """A computed deadline, moved back to a business day; the note says when it moved."""
    moved = previous_business_day(on, holidays)
    if moved != on:
        why = why_not_business_day(on, holidays)
        note = (f"{note}; " if note else "") + \
            f"moved from {on:%a} {on.day} {on:%b %Y} ({why}) to the business day before"
    return CalendarEntry(label, moved, note)


def procurement_calendar(params: YearParams, *, form470_certified_on: date | None,
                         rfp_posted_on: date | None, nc_advertised_on: date | None,
                         bid_due_on: date | None, contract_on: date | None,
                         erate: bool, nc_formal: bool, holidays: Collection[date] = (),
                         questions_close_on: date | None = None,
                         question_days: int = QUESTION_DAYS,
                         substantive_addenda: Collection[date] = ()) -> list[CalendarEntry]:
    """Every date of one procurement, entered and computed, in the order they happen: the
    one place the packet, the Procurements page and `procurement show` take dates from.
    Computed deadlines (and an entered questions date) fall on business days; the dates
    the user enters as facts (bid due, posting) are kept, and the checklist flags them."""
    days = params.erate_bidding_days
    entries: list[CalendarEntry] = []
    if erate:
        entries.append(CalendarEntry("Form 471 window opens", params.form471_window_opens))
        entries.append(_deadline(
            "Last Form 470 certification", last_form470_date(params.form471_window_closes, days),
            f"471 window close − {days} days", holidays))
        entries.append(CalendarEntry("Form 470 certified", form470_certified_on,
                                     "" if form470_certified_on else "not yet"))
    entries.append(CalendarEntry("RFP posted", rfp_posted_on, "" if rfp_posted_on else "not yet"))
    if nc_formal:
        if bid_due_on:
            entries.append(_deadline(
                "Latest NC formal-bid advertisement",
                nc_latest_advertisement(bid_due_on, params.nc_formal_ad_min_days),
                f"{params.nc_formal_ad_min_days} full days before bid opening", holidays))
        else:
            entries.append(CalendarEntry("Latest NC formal-bid advertisement", None,
                                         "set the bid due date"))
        entries.append(CalendarEntry("NC advertisement published", nc_advertised_on,
                                     "" if nc_advertised_on else "not yet"))
    if questions_close_on is not None:
        entries.append(_deadline(QUESTIONS_CLOSE, questions_close_on, "set for this packet",
                                 holidays))
    elif bid_due_on is not None:
        entries.append(_deadline(QUESTIONS_CLOSE, bid_due_on - timedelta(days=question_days),
                                 f"{question_days} days before bids are due", holidays))
    entries.append(CalendarEntry(BIDS_DUE, bid_due_on, "" if bid_due_on else "not yet"))
    if erate:
        acd = allowable_contract_date(form470_certified_on, rfp_posted_on, days,
                                      substantive_addenda)
        later = ("470 certification, RFP posting and substantive addenda"
                 if substantive_addenda else "470 certification and RFP posting")
        entries.append(CalendarEntry(
            "Allowable contract date", acd,
            f"later of {later} + {days} days" if acd else "certify the Form 470 first"))
    entries.append(CalendarEntry("Contract signed (planned)", contract_on,
                                 "" if contract_on else "not yet"))
    if erate:
        entries.append(CalendarEntry("Form 471 window closes", params.form471_window_closes))
        if params.starts_on:
            entries.append(_deadline(
                "Form 486 due (earliest)", form486_due(None, params.starts_on),
                f"{FORM486_DAYS} days after service start or the FCDL, whichever is later",
                holidays))
    return sorted(entries, key=lambda e: (e.on is None, e.on or date.max))
