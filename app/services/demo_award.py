"""`consortium demo --award REF`: continuing from `demo --bids REF`, the procurement is
evaluated and awarded by the rules the packet states, so every award, allocation and letter
screen has something to show. Deterministic: the same procurement gives the same award.

In order, each step skipped when it was done already (a second run adds nothing):
- the award basis: before the final packet is issued, the first lot is "multiple top 2",
  the second "multiple within 10%" and every other lot follows the procurement's single
  award (an issued packet's basis is locked: the demo then awards by what it states);
- the final packet is issued (recorded as issued on the RFP posting day, 9:00 in NC);
- the Treasurer's lists are loaded when they never were: Blue Ridge Data Systems is on the
  Iran Divestment list (the tabulation demo's listed vendor), so the two eligible bidders are
  Carolina Network Solutions and Piedmont Technology Group;
- the bids are opened (an hour after the deadline) when they are still sealed;
- with federal money, each bidder's SAM.gov exclusion check is recorded (clear) where none
  was;
- two evaluators score every non-price criterion of every responsive bid, and the consensus
  is their mean (Carolina Network Solutions scores best, then Piedmont, then the others);
- every lot not yet recorded is awarded as the packet's basis gives it, with its contract:
  the board approves a week after the allowable contract date (or the opening, if later)
  and the contract is signed two days after that.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import Bid
from app.models.vendors import SamCheck
from app.rules.calendar import allowable_contract_date
from app.services.addenda import substantive_dates
from app.services.award import propose_award, record_award
from app.services.bid_opening import deadline_of, open_bids, opening_row
from app.services.compliance import import_list, list_lists, record_sam_check
from app.services.erate import find_procurement, year_params
from app.services.evaluation import enter_score, evaluate
from app.services.packet_issue import record_issue
from app.services.packet_settings import first_issue, set_award_basis
from app.services.procurements import source_codes
from app.services.scope import current_identity

NC = ZoneInfo("America/New_York")
POINT = Decimal("0.01")
BASES = ("multiple top 2", "multiple within 10%")  # the first two lots; the rest single
EVALUATORS = ("Sam Ortiz", "Priya Natarajan")
# Share of a criterion's points each evaluator gives, by vendor (others: the last one).
SHARE = {"Carolina Network Solutions, LLC": (Decimal("0.92"), Decimal("0.88")),
         "Piedmont Technology Group, Inc.": (Decimal("0.86"), Decimal("0.84"))}
OTHER_SHARE = (Decimal("0.78"), Decimal("0.74"))
LISTS = {"iran_divestment": "name\nBLUE RIDGE DATA SYSTEMS INC\n",
         "israel_boycott": "name\nNorthwind Demo Holdings Ltd\n"}
BOARD_AFTER = timedelta(days=7)
SIGNED_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class DemoAward:
    steps: tuple[str, ...]  # what was done, in order
    awards: tuple[str, ...]  # "lot N (basis): vendor, vendor" lines


def demo_award(session: Session, ref: str) -> DemoAward:
    """Evaluate and award the procurement (see the module docstring)."""
    procurement = find_procurement(session, ref)
    if session.scalar(select(Bid.id).where(Bid.procurement_id == procurement.id)
                      .limit(1)) is None:
        raise UserError(f"{procurement.ref} has no bids yet: run `consortium demo --bids "
                        f"{procurement.ref}` first.")
    steps: list[str] = []
    if first_issue(session, procurement) is None:
        lots = sorted(x.number for x in procurement.lots if not x.deleted)
        for lot, text in zip(lots, BASES, strict=False):
            set_award_basis(session, procurement.ref, text, lot=lot)
            steps.append(f"award basis of lot {lot}: {text}")
        _issue(session, procurement.ref)
        steps.append("final packet issued")
    steps += _load_lists(session, procurement.bid_due_on or date.today())
    if opening_row(session, procurement) is None:
        due = deadline_of(session, procurement)
        if due is None:
            raise UserError(f"{procurement.ref}: set the bid due date before the demo award.")
        open_bids(session, procurement.ref, current_identity(session).operator or
                  EVALUATORS[0], [EVALUATORS[1]], now=due + timedelta(hours=1))
        steps.append("bids opened")
    steps += _sam_checks(session, procurement.ref)
    scored = _score(session, procurement.ref)
    if scored:
        steps.append(f"{scored} scores entered by {' and '.join(EVALUATORS)}, with consensus")
    awards = _award(session, procurement.ref)
    return DemoAward(tuple(steps), tuple(awards))


def _issue(session: Session, ref: str) -> None:
    from app.reports.packet.render import render_packet
    from app.services.packets import build_packet

    procurement = find_procurement(session, ref)
    posted = procurement.rfp_posted_on
    when = (datetime.combine(posted, time(9, 0), NC).astimezone(UTC) if posted else None)
    record_issue(session, ref, render_packet(build_packet(session, ref)), now=when)


def _load_lists(session: Session, as_of: date) -> list[str]:
    """The Treasurer's lists the compliance check needs, where never loaded (dated the bid
    due day: checked for the opening)."""
    loaded = {row.kind for row in list_lists(session) if row.list_date is not None}
    done = []
    with tempfile.TemporaryDirectory() as folder:
        for kind, text in LISTS.items():
            if kind in loaded:
                continue
            path = Path(folder) / f"{kind}.csv"
            path.write_text(text, encoding="utf-8")
            import_list(session, kind, path, as_of, "NC Treasurer (demo list)")
            done.append(f"{kind.replace('_', ' ')} list loaded")
    return done


def _sam_checks(session: Session, ref: str) -> list[str]:
    """Federal money: the SAM.gov check of every bidder (clear), where none is recorded."""
    procurement = find_procurement(session, ref)
    if "federal" not in source_codes(procurement.funding_sources):
        return []
    checked = set(session.scalars(select(SamCheck.vendor_id).where(
        SamCheck.procurement_id == procurement.id)))
    bidders = session.scalars(select(Bid).where(Bid.procurement_id == procurement.id,
                                                Bid.status == "current"))
    done = []
    for vendor in sorted({b.vendor for b in bidders if b.vendor_id not in checked},
                         key=lambda v: v.name):
        on = (procurement.bid_due_on or date.today()).isoformat()
        record_sam_check(session, procurement.ref, vendor.uid, {
            "checked_by": EVALUATORS[0], "checked_on": on, "result": "clear",
            "reference": f"SAM.gov search {on} (demo)"})
        done.append(f"SAM.gov check of {vendor.name}: clear")
    return done


def _points(weight: int, share: Decimal) -> Decimal:
    return (Decimal(weight) * share).quantize(POINT, ROUND_HALF_UP)


def _score(session: Session, ref: str) -> int:
    """Both evaluators' scores and the consensus (their mean) wherever a consensus is
    missing; returns how many scores were entered."""
    evaluation = evaluate(session, ref)
    weights = {c.name: c.weight for c in evaluation.criteria if not c.is_price_of_eligible}
    count = 0
    for lot in evaluation.lots:
        for vendor in lot.vendors:
            if not vendor.responsive:
                continue
            shares = SHARE.get(vendor.vendor, OTHER_SHARE)
            for criterion in vendor.missing:
                weight = weights[criterion]
                points = [_points(weight, share) for share in shares]
                for who, value in zip(EVALUATORS, points, strict=True):
                    enter_score(session, ref, lot.number, vendor.vendor, criterion, value, who,
                                "demo score")
                mean = (sum(points, Decimal(0)) / len(points)).quantize(POINT, ROUND_HALF_UP)
                enter_score(session, ref, lot.number, vendor.vendor, criterion, mean, None,
                            "consensus of the two evaluators")
                count += len(points) + 1
    return count


def _award(session: Session, ref: str) -> list[str]:
    procurement = find_procurement(session, ref)
    opened = opening_row(session, procurement)
    days = year_params(session, procurement.funding_year).erate_bidding_days
    allowable = allowable_contract_date(procurement.form470_certified_on,
                                        procurement.rfp_posted_on, days,
                                        substantive_dates(session, procurement))
    start = max(d for d in (allowable, opened.opened_at.astimezone(NC).date()
                            if opened else None) if d is not None)
    board = start + BOARD_AFTER
    signed = board + SIGNED_AFTER
    lines = []
    for proposal in propose_award(session, procurement.ref):
        # A packet issued with a per-line basis is recorded line by line.
        todo = ([x.line for x in proposal.open_lines] if proposal.per_line
                else [] if proposal.recorded else [None])
        for line in todo:
            record_award(session, procurement.ref, proposal.lot,
                         contract=f"NC-{procurement.ref}-L{line or proposal.lot}",
                         signed_on=signed, term_months=36, renewals=2,
                         board_approved_on=board, line=line)
    for proposal in propose_award(session, procurement.ref):
        vendors = ", ".join(r.vendor or f"not awarded ({r.no_award_reason})"
                            for r in proposal.recorded)
        lines.append(f"lot {proposal.lot} ({proposal.decision.basis.text}): {vendors}")
    return lines
