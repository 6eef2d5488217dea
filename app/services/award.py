"""The award of an opened, evaluated procurement (rules: `app.rules.award`): per lot, the
vendors the packet's award basis picks from the evaluation's ranking and the vendors'
compliance, and the contracts recorded for them with their not-to-exceed unit prices (and
volume tiers) taken from the awarded bids. A lot whose basis is "per line" is decided and
recorded line by line (`record_award(..., line=N)`; each line's awards carry its lot item
and contract prices for that line only).

The procurement's status follows these facts (`derived_status`): it is set here and by the
opening, never by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import STATE_OWNER, Bid, BidOpening
from app.models.award import Award, Contract, ContractPrice
from app.models.procurement import Procurement
from app.rules.award import (
    CONTRACT_NUMBER_MAX,
    MAX_RENEWALS,
    MAX_TERM_MONTHS,
    NO_AWARD_MAX,
    Contender,
    LotDecision,
    contract_date_problems,
    decide_line,
    decide_lot,
    derived_status,
    lot_decided,
)
from app.rules.award_basis import basis_for_lot
from app.rules.calendar import allowable_contract_date
from app.rules.compliance import PASS
from app.services.addenda import substantive_dates
from app.services.bid_tabulation import tabulate
from app.services.erate import find_procurement, year_params
from app.services.evaluation import evaluate
from app.services.packet_settings import award_bases
from app.services.packets import lot_lines
from app.services.procurements import source_codes
from app.services.scope import require_state
from app.services.vendors import get_vendor

NUMBER_MAX = CONTRACT_NUMBER_MAX


@dataclass(frozen=True)
class AwardedLine:
    """One recorded award of a lot: the vendor and its contract, or a no-award."""

    lot: int
    vendor: str | None
    rank: int | None
    basis: str
    no_award_reason: str
    contract: str
    signed_on: date | None
    term_months: int | None
    renewal_options: int | None
    board_approved_on: date | None
    prices: tuple[tuple[str, str, str], ...]  # (line description, from qty, unit price)
    line: str = ""  # the lot's line ("1.2") of a per-line award; "" for the whole lot
    line_description: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"lot": self.lot, "line": self.line or None, "vendor": self.vendor,
                "rank": self.rank,
                "basis": self.basis, "no_award_reason": self.no_award_reason or None,
                "contract": self.contract or None,
                "signed_on": self.signed_on.isoformat() if self.signed_on else None,
                "term_months": self.term_months, "renewal_options": self.renewal_options,
                "board_approved_on": self.board_approved_on.isoformat()
                if self.board_approved_on else None,
                "not_to_exceed": [{"line": d, "from_qty": q, "unit_price": p}
                                  for d, q, p in self.prices]}


@dataclass(frozen=True)
class LineProposal:
    """One line of a lot awarded per line: what the basis gives on it, and what is
    recorded for it."""

    line: str  # "1.2"
    description: str
    lot_item_id: int
    decision: LotDecision
    recorded: tuple[AwardedLine, ...]

    def as_json(self) -> dict[str, Any]:
        return {**self.decision.as_json(), "description": self.description,
                "recorded": [r.as_json() for r in self.recorded]}


@dataclass(frozen=True)
class LotProposal:
    """A lot: what the packet's basis gives now, and what is recorded. A per-line lot has
    its `lines`; its `decision` then only summarises them (the vendors any line awards)."""

    lot: int
    name: str
    decision: LotDecision
    ranks: dict[str, int]
    recorded: tuple[AwardedLine, ...]
    lines: tuple[LineProposal, ...] = ()

    @property
    def per_line(self) -> bool:
        return self.decision.basis.per_line

    @property
    def open_lines(self) -> tuple[LineProposal, ...]:
        """The lines with nothing recorded yet (per-line lots)."""
        return tuple(x for x in self.lines if not x.recorded)

    @property
    def decided(self) -> bool:
        return lot_decided(bool(self.recorded) and not self.per_line, len(self.lines),
                           sum(1 for x in self.lines if x.recorded))

    def as_json(self) -> dict[str, Any]:
        return {**self.decision.as_json(), "name": self.name, "per_line": self.per_line,
                "recorded": [r.as_json() for r in self.recorded],
                **({"lines": [x.as_json() for x in self.lines]} if self.per_line else {})}


def _awards(session: Session, procurement: Procurement) -> list[Award]:
    return list(session.scalars(select(Award).where(
        Award.procurement_id == procurement.id, Award.deleted.is_(False))
        .order_by(Award.lot_number, Award.rank, Award.id)))


def _numbers(session: Session, procurement: Procurement) -> dict[int, str]:
    """Each lot item's line number as the packet prints it ("1.2")."""
    return {item.id: number for _lot, rows in lot_lines(session, procurement.id)
            for number, item, _catalog in rows}


def _line(award: Award, numbers: dict[int, str] | None = None) -> AwardedLine:
    c = award.contract if award.contract and not award.contract.deleted else None
    prices = tuple((p.lot_item.description, f"{p.min_qty.normalize():f}", f"{p.unit_price:.2f}")
                   for p in sorted(c.prices, key=lambda p: (p.lot_item_id, p.min_qty))
                   if not p.deleted) if c else ()
    return AwardedLine(award.lot_number, award.vendor.name if award.vendor else None,
                       award.rank, award.basis, award.no_award_reason,
                       c.number if c else "", c.signed_on if c else None,
                       c.term_months if c else None, c.renewal_options if c else None,
                       c.board_approved_on if c else None, prices,
                       (numbers or {}).get(award.lot_item_id or 0, "") if award.lot_item_id
                       else "", award.lot_item.description if award.lot_item else "")


def list_awards(session: Session, ref: str | int) -> list[AwardedLine]:
    """The awards recorded for a procurement, lot by lot (per-line awards line by line;
    best rank first)."""
    procurement = find_procurement(session, ref)
    numbers = _numbers(session, procurement)
    lines = [_line(a, numbers) for a in _awards(session, procurement)]
    return sorted(lines, key=lambda x: (x.lot, _line_key(x.line)))


def _line_key(line: str) -> tuple[int, ...]:
    return tuple(int(part) for part in line.split(".")) if line else ()


def propose_award(session: Session, ref: str | int) -> list[LotProposal]:
    """Per lot, the award the packet's basis gives from the ranking and the compliance;
    refused while the bids are sealed. A lot with an unranked responsive bidder, or whose
    scoring breaks the E-rate rule, is pending (with the reason)."""
    procurement = find_procurement(session, ref)
    tab = tabulate(session, procurement.ref)
    evaluation = evaluate(session, procurement.ref)
    default, per_lot = award_bases(session, procurement.ref)
    recorded = _awards(session, procurement)
    numbers = _numbers(session, procurement)
    items = {lot.number: rows for lot, rows in lot_lines(session, procurement.id)}
    out = []
    for lot_tab, lot_eval in zip(tab.lots, evaluation.lots, strict=True):
        blocks = {b.vendor: tuple(f"{c.rule}: {c.reason}" for c in b.checks
                                  if c.code == "compliance" and c.status != PASS)
                  for b in lot_tab.bidders}
        contenders = [Contender(v.vendor, v.lot_total, v.total, v.rank, v.responsive,
                                v.why_not_ranked, blocks.get(v.vendor, ()))
                      for v in lot_eval.vendors]
        basis = basis_for_lot(lot_eval.number, per_lot, default)
        decision = decide_lot(lot_eval.number, basis, contenders)
        if lot_eval.problems and not decision.pending:
            decision = LotDecision(decision.lot, decision.basis, (), decision.excluded, (),
                                   pending="the scoring breaks the E-rate rule: "
                                   + "; ".join(lot_eval.problems))
        mine = [a for a in recorded if a.lot_number == lot_eval.number]
        lines: tuple[LineProposal, ...] = ()
        if basis.per_line:
            lines = _line_proposals(lot_tab, items.get(lot_eval.number, []), basis,
                                    contenders, decision, mine, numbers)
            decision = _summary(decision, lines)
        out.append(LotProposal(lot_eval.number, lot_eval.name, decision,
                               {v.vendor: v.rank for v in lot_eval.vendors if v.rank},
                               tuple(_line(a, numbers) for a in mine), lines))
    return out


def _line_proposals(lot_tab: Any, rows: list[Any], basis: Any, contenders: list[Contender],
                    decision: LotDecision, recorded: list[Award], numbers: dict[int, str]
                    ) -> tuple[LineProposal, ...]:
    """Each line's decision on the bidders' extended prices for it (the tabulation's
    lines are in the packet's order, as `lot_lines` numbers them)."""
    out = []
    for line, (number, item, _catalog) in zip(lot_tab.lines, rows, strict=True):
        prices = {b.vendor: cell.extended_price
                  for b, cell in zip(lot_tab.bidders, line.cells, strict=True)
                  if cell is not None}
        if decision.pending:  # unranked, or the scoring breaks the E-rate rule
            on_line = LotDecision(decision.lot, basis, (), decision.excluded, (),
                                  pending=decision.pending, line=number)
        else:
            on_line = decide_line(decision.lot, number, basis, contenders, prices)
        out.append(LineProposal(number, item.description, item.id, on_line, tuple(
            _line(a, numbers) for a in recorded if a.lot_item_id == item.id)))
    return tuple(out)


def _summary(decision: LotDecision, lines: tuple[LineProposal, ...]) -> LotDecision:
    """A per-line lot's decision: the vendors any line awards, the lot's exclusions."""
    awarded: list[str] = []
    for x in lines:
        awarded += [v for v in x.decision.awarded if v not in awarded]
    return LotDecision(decision.lot, decision.basis, tuple(awarded), decision.excluded, (),
                       pending=decision.pending)


def _as_date(value: date | str | None, what: str, record: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{record}: {what} '{text}' is not a date (YYYY-MM-DD)") from None


def _count(value: int, what: str, low: int, high: int, record: str) -> int:
    if not low <= value <= high:
        raise UserError(f"{record}: {what} {value} is outside {low}..{high}")
    return value


def record_award(session: Session, ref: str | int, lot: int, vendors: list[str] | None = None,
                 *, contract: str = "", signed_on: date | str | None = None,
                 term_months: int = 12, renewals: int = 0,
                 board_approved_on: date | str | None = None,
                 no_award: str = "", line: str | int | None = None) -> list[AwardedLine]:
    """Record a lot's award exactly as the packet's basis gives it (vendors None: the
    basis's own; named vendors must be exactly those, or one of a tie), each vendor with a
    contract; or, with `no_award` (the reason), that the lot is not awarded. A lot awarded
    per line is recorded one line at a time: `line` ("1.2", or 2 for the lot's second line)
    is required there and refused on a lot awarded whole. Refused, nothing stored, for a lot
    (line) already recorded, a vendor the basis does not give (non-compliant ones with the
    compliance reasons), or a contract date the rules refuse."""
    require_state(session, "The award")
    procurement = find_procurement(session, ref)
    record = f"{procurement.ref} lot {lot}"
    proposal = next((p for p in propose_award(session, procurement.ref) if p.lot == lot), None)
    if proposal is None:
        lots = ", ".join(str(x.number) for x in procurement.lots)
        raise UserError(f"{procurement.ref} has no lot {lot} (lots: {lots})")
    decision, item_id = proposal.decision, None
    if proposal.per_line:
        chosen = _chosen_line(proposal, line, record)
        decision, item_id, record = (chosen.decision, chosen.lot_item_id,
                                     f"{procurement.ref} line {chosen.line}")
        done = chosen.recorded
    elif line is not None and str(line).strip():
        raise UserError(f"{record} is awarded as a whole ({decision.basis.text}): the packet "
                        "states no per-line award, so give no line")
    else:
        done = proposal.recorded
    if done:
        raise UserError(f"{record} is already recorded: " + ", ".join(
            r.vendor or f"no award ({r.no_award_reason})" for r in done))
    if no_award.strip():
        return _record_no_award(session, procurement, decision, no_award.strip(), record,
                                item_id)
    if vendors:
        names = [get_vendor(session, v).name for v in vendors]
    else:
        names = list(decision.awarded)
    if not names and not decision.pending and not decision.tied:
        raise UserError(f"{record}: nobody can be awarded ({decision.no_award_reason}); "
                        "record a no-award with its reason")
    blocked = {e.vendor: e.reason for e in decision.excluded}
    refused = [f"{n} cannot be awarded: {blocked[n]}" for n in names if n in blocked]
    if refused:
        raise UserError(f"{record}: " + "; ".join(refused))
    problem = decision.allows(names)
    if problem:
        raise UserError(f"{record}: {problem}")
    number = contract.strip()
    if not number or len(number) > NUMBER_MAX:
        raise UserError(f"{record}: give the contract number (at most {NUMBER_MAX} "
                        "characters)")
    signed = _as_date(signed_on, "the contract date", record)
    if signed is None:
        raise UserError(f"{record}: give the contract date (YYYY-MM-DD)")
    board = _as_date(board_approved_on, "the board approval date", record)
    _count(term_months, "the term (months)", 1, MAX_TERM_MONTHS, record)
    _count(renewals, "the renewal options", 0, MAX_RENEWALS, record)
    days = year_params(session, procurement.funding_year).erate_bidding_days
    problems = contract_date_problems(
        signed, erate="erate" in source_codes(procurement.funding_sources),
        allowable=allowable_contract_date(procurement.form470_certified_on,
                                          procurement.rfp_posted_on, days,
                                          substantive_dates(session, procurement)),
        formal=procurement.method == "formal", board_approved_on=board)
    if problems:
        raise UserError(f"{record}: the contract date is refused: " + "; ".join(problems))
    stored = []
    for name in names:
        vendor = get_vendor(session, name)
        award = Award(procurement=procurement, lot_number=lot, vendor=vendor,
                      rank=proposal.ranks.get(name), basis=decision.basis.text,
                      lot_item_id=item_id, owner=STATE_OWNER)
        row = Contract(award=award, number=number, signed_on=signed, term_months=term_months,
                       renewal_options=renewals, board_approved_on=board, owner=STATE_OWNER)
        session.add_all([award, row])
        _copy_prices(session, procurement, lot, vendor.id, row, item_id)
        stored.append(award)
    if procurement.contract_on is None or signed < procurement.contract_on:
        procurement.contract_on = signed  # the checklist's "acd" line reads the earliest
    session.flush()
    update_status(session, procurement)
    numbers = _numbers(session, procurement)
    return [_line(a, numbers) for a in stored]


def _chosen_line(proposal: LotProposal, line: str | int | None, record: str) -> LineProposal:
    """The line a per-line award is recorded for ("1.2", "2" or 2: the lot's second)."""
    numbers = ", ".join(x.line for x in proposal.lines)
    text = "" if line is None else str(line).strip()
    if not text:
        raise UserError(f"{record} is awarded per line ({proposal.decision.basis.text}): "
                        f"give the line (lines: {numbers})")
    wanted = text if "." in text else f"{proposal.lot}.{text}"
    found = next((x for x in proposal.lines if x.line == wanted), None)
    if found is None:
        raise UserError(f"{record} has no line {text} (lines: {numbers})")
    return found


def _record_no_award(session: Session, procurement: Procurement, decision: LotDecision,
                     reason: str, record: str, item_id: int | None) -> list[AwardedLine]:
    if decision.awarded or decision.tied:
        gives = ", ".join(decision.awarded or decision.tied)
        raise UserError(f"{record}: the packet's basis awards {gives}; a no-award is "
                        "recorded only where nobody can be awarded")
    if decision.pending:
        raise UserError(f"{record}: {decision.pending}")
    award = Award(procurement=procurement, lot_number=decision.lot, vendor=None, rank=None,
                  basis=decision.basis.text, no_award_reason=reason[:NO_AWARD_MAX],
                  lot_item_id=item_id, owner=STATE_OWNER)
    session.add(award)
    session.flush()
    update_status(session, procurement)
    return [_line(award, _numbers(session, procurement))]


def _copy_prices(session: Session, procurement: Procurement, lot: int, vendor_id: int,
                 contract: Contract, item_id: int | None) -> None:
    """The awarded bid's unit prices and tiers on the lot's lines (a per-line award: on
    that line only) become the contract's not-to-exceed prices."""
    bid = session.scalar(select(Bid).where(
        Bid.procurement_id == procurement.id, Bid.vendor_id == vendor_id,
        Bid.status == "current", Bid.late.is_(False)))
    assert bid is not None  # the decision only names opened bidders
    items = ({item_id} if item_id is not None else
             {i.id for x in procurement.lots if x.number == lot for i in x.items})
    for line in bid.lines:
        if line.lot_item_id in items:
            session.add(ContractPrice(contract=contract, lot_item_id=line.lot_item_id,
                                      unit_price=line.unit_price, owner=STATE_OWNER))
    for tier in bid.tiers:
        if tier.lot_item_id in items:
            session.add(ContractPrice(contract=contract, lot_item_id=tier.lot_item_id,
                                      min_qty=tier.min_qty, unit_price=tier.unit_price,
                                      owner=STATE_OWNER))


def update_status(session: Session, procurement: Procurement) -> str:
    """Set the procurement's status from the facts: opened → evaluating, every lot awarded
    or recorded as not awarded (a per-line lot: each of its lines) → awarded."""
    opened = session.scalar(select(BidOpening.id).where(
        BidOpening.procurement_id == procurement.id)) is not None
    awards = _awards(session, procurement)
    decided = 0
    for lot in procurement.lots:
        items = {i.id for i in lot.items if not i.deleted}
        mine = [a for a in awards if a.lot_number == lot.number]
        decided += lot_decided(any(a.lot_item_id is None for a in mine), len(items),
                               len({a.lot_item_id for a in mine} & items))
    status = derived_status(procurement.status, opened, len(procurement.lots), decided)
    if status != procurement.status:
        procurement.status = status
        session.flush()
    return status
