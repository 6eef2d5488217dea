"""Dates a procurement must respect (DOMAIN.md §1.5, §1.6, §2.2, §7): pure date arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.rules.params import YearParams

FORM486_DAYS = 120  # FCC rule (not a yearly figure): 120 days after the FCDL or service start


def allowable_contract_date(form470_certified_on: date | None, rfp_posted_on: date | None,
                            bidding_days: int) -> date | None:
    """The later of Form 470 certification and RFP posting, plus the bidding days (28):
    certified 1 Jan → 29 Jan. None until the 470 is certified."""
    if form470_certified_on is None:
        return None
    start = max(d for d in (form470_certified_on, rfp_posted_on) if d is not None)
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


def procurement_calendar(params: YearParams, *, form470_certified_on: date | None,
                         rfp_posted_on: date | None, nc_advertised_on: date | None,
                         bid_due_on: date | None, contract_on: date | None,
                         erate: bool, nc_formal: bool) -> list[CalendarEntry]:
    """Every date of one procurement, entered and computed, in the order they happen."""
    days = params.erate_bidding_days
    entries: list[CalendarEntry] = []
    if erate:
        entries.append(CalendarEntry("Form 471 window opens", params.form471_window_opens))
        entries.append(CalendarEntry(
            "Last Form 470 certification", last_form470_date(params.form471_window_closes, days),
            f"471 window close − {days} days"))
        entries.append(CalendarEntry("Form 470 certified", form470_certified_on,
                                     "" if form470_certified_on else "not yet"))
    entries.append(CalendarEntry("RFP posted", rfp_posted_on, "" if rfp_posted_on else "not yet"))
    if nc_formal:
        latest = nc_latest_advertisement(bid_due_on, params.nc_formal_ad_min_days) \
            if bid_due_on else None
        entries.append(CalendarEntry(
            "Latest NC formal-bid advertisement", latest,
            f"{params.nc_formal_ad_min_days} full days before bid opening" if latest
            else "set the bid due date"))
        entries.append(CalendarEntry("NC advertisement published", nc_advertised_on,
                                     "" if nc_advertised_on else "not yet"))
    entries.append(CalendarEntry("Bids due / opening", bid_due_on, "" if bid_due_on else "not yet"))
    if erate:
        acd = allowable_contract_date(form470_certified_on, rfp_posted_on, days)
        entries.append(CalendarEntry(
            "Allowable contract date", acd,
            f"later of 470 certification and RFP posting + {days} days" if acd
            else "certify the Form 470 first"))
    entries.append(CalendarEntry("Contract signed (planned)", contract_on,
                                 "" if contract_on else "not yet"))
    if erate:
        entries.append(CalendarEntry("Form 471 window closes", params.form471_window_closes))
        if params.starts_on:
            entries.append(CalendarEntry(
                "Form 486 due (earliest)", form486_due(None, params.starts_on),
                f"{FORM486_DAYS} days after service start or the FCDL, whichever is later"))
    return sorted(entries, key=lambda e: (e.on is None, e.on or date.max))
