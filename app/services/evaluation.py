"""The evaluation of an opened procurement (rules: `app.rules.evaluation`): price points per
lot from the tabulation's lot totals (responsive bidders only; refused while the bids are
sealed), the evaluators' and consensus scores of the other criteria, the ranking per lot,
and the E-rate check on the criteria the final packet froze.

Scores are `EvaluationScore` rows (Kept: audited, never synced); entering a score again for
the same lot, vendor, criterion and evaluator replaces it (the audit keeps the old one).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models.evaluation import CONSENSUS, EvaluationScore
from app.models.procurement import Procurement
from app.reports.evaluation_dto import Evaluation
from app.rules.evaluation import BidderFacts, Score, evaluate_lot, score_problem
from app.rules.packet_rules import CriterionFacts
from app.services.bid_tabulation import tabulate
from app.services.erate import find_procurement
from app.services.packet_issue import frozen_criteria
from app.services.procurements import source_codes
from app.services.scope import require_state
from app.services.settings import consortium_name
from app.services.vendors import get_vendor

NAME_MAX = 120
COMMENT_MAX = 2000


def _criteria(session: Session, procurement: Procurement) -> tuple[CriterionFacts, ...]:
    rows, _issue = frozen_criteria(session, procurement.ref)
    return tuple(CriterionFacts(r.name, r.weight, r.is_price_of_eligible) for r in rows)


def evaluate(session: Session, ref: str | int, lot: int | None = None) -> Evaluation:
    """The evaluation as it stands (every lot, or one); refused while the bids are sealed."""
    procurement = find_procurement(session, ref)
    tab = tabulate(session, procurement.ref)  # require_opened: nothing priced before
    rows, issue = frozen_criteria(session, procurement.ref)
    criteria = tuple(CriterionFacts(r.name, r.weight, r.is_price_of_eligible) for r in rows)
    erate = "erate" in source_codes(procurement.funding_sources)
    if lot is not None and lot not in {x.number for x in tab.lots}:
        raise UserError(f"{procurement.ref} has no lot {lot} (lots: "
                        + ", ".join(str(x.number) for x in tab.lots) + ")")
    stored = session.scalars(select(EvaluationScore).where(
        EvaluationScore.procurement_id == procurement.id).order_by(EvaluationScore.id))
    by_lot: dict[int, list[tuple[str, Score]]] = {}
    for row in stored:
        by_lot.setdefault(row.lot_number, []).append(
            (row.vendor.name, Score(row.criterion, row.evaluator, row.points, row.comment)))
    lots = tuple(
        evaluate_lot(x.number, x.name, criteria,
                     [BidderFacts(b.vendor, b.total, b.responsive) for b in x.bidders],
                     by_lot.get(x.number, []), erate)
        for x in tab.lots if lot is None or x.number == lot)
    return Evaluation(consortium_name(session), procurement.ref, procurement.title, criteria,
                      issue.issued_at if issue else None, issue.issued_by if issue else "",
                      issue.sha256 if issue else "", erate, lots)


def _points(value: Any, record: str) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise UserError(f"{record}: points '{value}' is not a number") from None
    if not points.is_finite() or points != points.quantize(Decimal("0.01")):
        raise UserError(f"{record}: points '{value}' must be a number with at most two "
                        "decimals")
    return points


def enter_score(session: Session, ref: str | int, lot: int, vendor: str, criterion: str,
                points: Any, evaluator: str | None, comment: str = "") -> Score:
    """An evaluator's score (evaluator given) or the consensus (evaluator None) for one
    criterion of one responsive bidder on one lot. Refused, nothing stored, when the bids
    are sealed, the lot, vendor or criterion is unknown, the bid is not responsive, the
    criterion is the price (computed) or the points are outside 0..weight."""
    require_state(session, "The evaluation of bids")
    procurement = find_procurement(session, ref)
    tab = tabulate(session, procurement.ref)
    who = "consensus" if evaluator is None else (evaluator or "").strip()
    record = f"{procurement.ref} lot {lot}, {vendor}, '{criterion}' ({who})"
    if evaluator is not None and not who:
        raise UserError(f"{record}: name the evaluator (--by NAME)")
    if len(who) > NAME_MAX:
        raise UserError(f"{record}: the evaluator's name is longer than {NAME_MAX} characters")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise UserError(f"{record}: the comment is longer than {COMMENT_MAX} characters")
    lot_tab = next((x for x in tab.lots if x.number == lot), None)
    if lot_tab is None:
        raise UserError(f"{procurement.ref} has no lot {lot} (lots: "
                        + ", ".join(str(x.number) for x in tab.lots) + ")")
    row_vendor = get_vendor(session, vendor)
    bidder = next((b for b in lot_tab.bidders if b.vendor == row_vendor.name), None)
    if bidder is None:
        raise UserError(f"{record}: {row_vendor.name} has no opened bid on lot {lot} "
                        f"(bidders: {', '.join(b.vendor for b in lot_tab.bidders) or 'none'})")
    if not bidder.responsive:
        raise UserError(f"{record}: {row_vendor.name}'s bid on lot {lot} is not responsive, "
                        "so it is not evaluated")
    criteria = _criteria(session, procurement)
    found = next((c for c in criteria if c.name.lower() == criterion.strip().lower()), None)
    value = _points(points, record)
    problem = score_problem(found, criterion.strip(), value, criteria)
    if problem or found is None:
        raise UserError(f"{record}: {problem}")
    key = CONSENSUS if evaluator is None else who
    row = session.scalar(select(EvaluationScore).where(
        EvaluationScore.procurement_id == procurement.id, EvaluationScore.lot_number == lot,
        EvaluationScore.vendor_id == row_vendor.id, EvaluationScore.criterion == found.name,
        EvaluationScore.evaluator == key))
    if row is None:
        session.add(EvaluationScore(procurement=procurement, lot_number=lot, vendor=row_vendor,
                                    criterion=found.name, evaluator=key, points=value,
                                    comment=comment))
    else:
        if row.points != value:
            row.points = value
        if row.comment != comment:
            row.comment = comment
    session.flush()
    return Score(found.name, key, value, comment)
