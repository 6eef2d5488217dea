"""Addenda to a posted packet (issue #17; rules: app.rules.addenda): issued by the state
once the final packet was issued, numbered 1, 2, … per procurement, listed, and
acknowledged by the vendors on their bids. The substantive ones move the allowable contract
date: every place that computes it passes `substantive_dates` here, so the award's check,
the checklist and the calendar agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models import STATE_OWNER, Addendum, Bid, Procurement
from app.models.types import utcnow
from app.rules import addenda as rules
from app.rules.bids import local_time
from app.services.erate import find_procurement
from app.services.packet_settings import first_issue
from app.services.scope import current_identity, require_state
from app.services.vendors import get_vendor

SUMMARY_MAX = 4000  # as app.services.record_rules.ADDENDUM says


@dataclass(frozen=True)
class AddendumRow:
    number: int
    issued_on: date
    issued_by: str
    summary: str
    substantive: bool

    def as_json(self) -> dict[str, object]:
        return {"number": self.number, "issued_on": self.issued_on.isoformat(),
                "issued_by": self.issued_by, "summary": self.summary,
                "substantive": self.substantive}


def _addenda(session: Session, procurement: Procurement) -> list[Addendum]:
    return list(session.scalars(select(Addendum).where(
        Addendum.procurement_id == procurement.id, Addendum.deleted.is_(False))
        .order_by(Addendum.number)))


def _facts(rows: list[Addendum]) -> list[rules.AddendumFacts]:
    return [rules.AddendumFacts(a.number, a.issued_on, a.substantive) for a in rows]


def substantive_dates(session: Session, procurement: Procurement) -> tuple[date, ...]:
    """The issue dates of the procurement's substantive addenda, for
    app.rules.calendar.allowable_contract_date."""
    return tuple(rules.substantive_dates(_facts(_addenda(session, procurement))))


def issue_addendum(session: Session, ref: str | int, summary: str, substantive: bool = False,
                   issued_on: date | None = None, by: str | None = None) -> AddendumRow:
    """Record the next numbered addendum. Refused before the final packet was issued
    (there is nothing posted to amend: change the packet itself) and without a summary."""
    require_state(session, "An addendum to a packet")
    procurement = find_procurement(session, ref)
    if first_issue(session, procurement) is None:
        raise UserError(f"{procurement.ref}: the final packet has not been issued yet; change "
                        "the packet itself (an addendum amends a posted packet)")
    text = summary.strip()
    if not text:
        raise UserError(f"{procurement.ref}: say what the addendum changes (--summary)")
    if len(text) > SUMMARY_MAX:
        raise UserError(f"{procurement.ref}: the summary is {len(text)} characters, more "
                        f"than {SUMMARY_MAX}")
    row = Addendum(procurement=procurement,
                   number=rules.next_number(a.number for a in _addenda(session, procurement)),
                   issued_on=issued_on or local_time(utcnow()).date(),
                   issued_by=(by or current_identity(session).operator).strip()[:120],
                   summary=text, substantive=substantive, owner=STATE_OWNER)
    session.add(row)
    session.flush()
    return _row(row)


def list_addenda(session: Session, ref: str | int) -> list[AddendumRow]:
    """The procurement's addenda in number order."""
    return [_row(a) for a in _addenda(session, find_procurement(session, ref))]


def _current_bid(session: Session, procurement: Procurement, vendor_key: str) -> Bid:
    vendor = get_vendor(session, vendor_key)
    bid = session.scalar(select(Bid).where(
        Bid.procurement_id == procurement.id, Bid.vendor_id == vendor.id,
        Bid.status == "current").order_by(Bid.version.desc()).limit(1))
    if bid is None:
        raise NotFoundError(f"{vendor.name} has no current bid on {procurement.ref}.")
    return bid


def acknowledge(session: Session, ref: str | int, vendor_key: str,
                numbers: str | list[int]) -> tuple[int, ...]:
    """Record the addenda the vendor's current bid acknowledges (as its bid form lists
    them: this replaces what was recorded). Every number must be an addendum issued for
    this procurement. Returns the numbers now recorded."""
    require_state(session, "A bid's acknowledgement of addenda")
    procurement = find_procurement(session, ref)
    try:
        wanted = (rules.parse_numbers(numbers) if isinstance(numbers, str)
                  else tuple(sorted(set(numbers))))
    except ValueError as error:
        raise UserError(f"{procurement.ref}: --addenda: {error}") from error
    issued = {a.number for a in _addenda(session, procurement)}
    unknown = [n for n in wanted if n not in issued]
    if unknown:
        have = rules.format_numbers(issued) or "none"
        raise UserError(f"{procurement.ref}: no addendum {rules.format_numbers(unknown)} "
                        f"(issued: {have})")
    bid = _current_bid(session, procurement, vendor_key)
    bid.addenda_acknowledged = rules.format_numbers(wanted)
    session.flush()
    return wanted


def unacknowledged(session: Session, ref: str | int) -> dict[str, list[int]]:
    """Each current on-time bid's vendor → the addenda issued by the bid due date that its bid does
    not acknowledge (only the incomplete bids are listed)."""
    procurement = find_procurement(session, ref)
    facts = _facts(_addenda(session, procurement))
    out: dict[str, list[int]] = {}
    # A late bid is never opened: whether it is complete does not matter.
    for bid in session.scalars(select(Bid).where(Bid.procurement_id == procurement.id,
                                                 Bid.status == "current",
                                                 Bid.late.is_(False))):
        missing = rules.unacknowledged(facts, rules.parse_numbers(bid.addenda_acknowledged),
                                       procurement.bid_due_on)
        if missing:
            out[bid.vendor.name] = missing
    return out


def _row(a: Addendum) -> AddendumRow:
    return AddendumRow(a.number, a.issued_on, a.issued_by, a.summary, a.substantive)
