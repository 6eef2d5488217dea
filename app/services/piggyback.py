"""Members that join an awarded contract later — piggybacking (rules: `app.rules.piggyback`;
G.S. 143-129(g), DOMAIN.md §2.3).

`join_contract` (state) checks the join against the rule, records it as a `PiggybackJoin`
(synced to the regions with the allocation) and allocates the procurement again, so the
member's confirmed lines of the funding year for the lots' items are allocated like a
participant's, marked piggyback, with no E-rate (it was not on the consortium's Form 470).
`withdraw_join` undoes a join recorded by mistake; `list_joins` works on any instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import STATE_OWNER, Member, Need
from app.models.allocation import Allocation, PiggybackJoin
from app.models.award import Award
from app.models.procurement import Procurement
from app.rules.piggyback import ContractTerm, JoinFacts, join_refusals
from app.services.allocation import AllocatedLine, allocate, list_allocations
from app.services.erate import find_procurement
from app.services.funding_years import get_funding_year
from app.services.packet_settings import piggyback_allowed
from app.services.procurements import source_codes
from app.services.record_rules import PIGGYBACK_JOIN
from app.services.scope import require_state
from app.services.values import Checker


@dataclass(frozen=True)
class JoinView:
    """A recorded join, with how many of the member's lines it brought into the allocation."""

    member_code: str
    member_name: str
    notice_on: date
    board_approved_on: date
    joined_on: date
    note: str
    lines: int

    def as_json(self) -> dict[str, Any]:
        return {"member": self.member_code, "member_name": self.member_name,
                "notice_on": self.notice_on.isoformat(),
                "board_approved_on": self.board_approved_on.isoformat(),
                "joined_on": self.joined_on.isoformat(), "note": self.note or None,
                "lines": self.lines}


def _member(session: Session, code: str) -> Member:
    row = session.scalar(select(Member).where(Member.code == code.strip().upper(),
                                              Member.deleted.is_(False)))
    if row is None:
        raise UserError(f"No member with code '{code}'.")
    return row


def _joins(session: Session, procurement: Procurement) -> list[PiggybackJoin]:
    return list(session.scalars(select(PiggybackJoin).where(
        PiggybackJoin.procurement_id == procurement.id, PiggybackJoin.deleted.is_(False))
        .order_by(PiggybackJoin.joined_on, PiggybackJoin.id)))


def _contracts(session: Session, procurement: Procurement) -> list[ContractTerm]:
    awards = session.scalars(select(Award).where(
        Award.procurement_id == procurement.id, Award.deleted.is_(False),
        Award.vendor_id.is_not(None)))
    return [ContractTerm(a.contract.number, a.contract.signed_on, a.contract.term_months)
            for a in awards if a.contract is not None and not a.contract.deleted]


def _uses_federal_money(session: Session, procurement: Procurement, member: Member) -> bool:
    """Whether any of the member's confirmed lines of the year for the procurement's items
    names federal money (such a line may use the contract only if it met 2 CFR 200)."""
    items = [i.item_id for x in procurement.lots if not x.deleted for i in x.items
             if not i.deleted and i.item_id is not None]
    sources = session.scalars(select(Need.funding_sources).where(
        Need.member_id == member.id, Need.deleted.is_(False), Need.status == "confirmed",
        Need.funding_year == procurement.funding_year, Need.item_id.in_(items)))
    return any("federal" in source_codes(s) for s in sources)


def join_contract(session: Session, ref: str | int, member: str,
                  notice_on: date | str | None, board_approved_on: date | str | None,
                  joined_on: date | str | None, note: str = ""
                  ) -> tuple[JoinView, list[AllocatedLine]]:
    """Record that a member that did not take part joins the awarded contracts, and allocate
    again; returns the join and the member's allocated lines. Refused, nothing stored, with
    every reason the rule gives (or a date that is missing or not a date)."""
    require_state(session, "A piggyback join")
    procurement = find_procurement(session, ref)
    row = _member(session, member)
    check = Checker(record=f"{procurement.ref} join by {row.code}")
    rules = PIGGYBACK_JOIN.fields
    notice = rules["notice_on"].check(check, "notice_on", notice_on)
    board = rules["board_approved_on"].check(check, "board_approved_on", board_approved_on)
    joined = rules["joined_on"].check(check, "joined_on", joined_on)
    text = rules["note"].check(check, "note", note)
    check.raise_if_errors("piggyback join")
    took_part = any(pm.member_id == row.id and not pm.deleted for pm in procurement.members)
    before = next((j.joined_on for j in _joins(session, procurement)
                   if j.member_id == row.id), None)
    refused = join_refusals(JoinFacts(
        packet_allows=piggyback_allowed(session, procurement), status=procurement.status,
        method=procurement.method, contracts=tuple(_contracts(session, procurement)),
        notice_days=get_funding_year(session, procurement.funding_year)
        .nc_piggyback_notice_days,
        took_part=took_part, joined_before=before,
        member_federal=_uses_federal_money(session, procurement, row),
        procurement_federal="federal" in source_codes(procurement.funding_sources),
        notice_on=notice, board_approved_on=board, joined_on=joined))
    if refused:
        raise UserError(f"{procurement.ref}: {row.code} cannot join the contracts: "
                        + "; ".join(refused))
    session.add(PiggybackJoin(procurement=procurement, member=row, notice_on=notice,
                              board_approved_on=board, joined_on=joined, note=text,
                              owner=STATE_OWNER))
    session.flush()
    allocate(session, procurement.ref)
    view = next(j for j in list_joins(session, procurement.ref) if j.member_code == row.code)
    return view, list_allocations(session, procurement.ref, row.code)


def withdraw_join(session: Session, ref: str | int, member: str) -> None:
    """Remove a member's join (recorded by mistake) and allocate again: its lines leave the
    allocation."""
    require_state(session, "A piggyback join")
    procurement = find_procurement(session, ref)
    row = _member(session, member)
    joins = [j for j in _joins(session, procurement) if j.member_id == row.id]
    if not joins:
        raise UserError(f"{procurement.ref}: {row.code} has not joined the contracts")
    for join in joins:
        join.deleted = True
    session.flush()
    allocate(session, procurement.ref)


def list_joins(session: Session, ref: str | int) -> list[JoinView]:
    """The members that joined the procurement's contracts later, by join date; on any
    instance that received the state's bundle."""
    procurement = find_procurement(session, ref)
    counts: dict[int, int] = {}
    for member_id in session.scalars(select(Allocation.member_id).where(
            Allocation.procurement_id == procurement.id, Allocation.deleted.is_(False),
            Allocation.piggyback.is_(True))):
        counts[member_id] = counts.get(member_id, 0) + 1
    return [JoinView(j.member.code, j.member.name, j.notice_on, j.board_approved_on,
                     j.joined_on, j.note, counts.get(j.member_id, 0))
            for j in _joins(session, procurement)]


def joinable_members(session: Session, ref: str | int) -> list[tuple[str, str]]:
    """(code, name) of the members that could join: not taking part, not joined already."""
    procurement = find_procurement(session, ref)
    taken = {pm.member_id for pm in procurement.members if not pm.deleted}
    taken |= {j.member_id for j in _joins(session, procurement)}
    return [(m.code, m.name) for m in session.scalars(select(Member).where(
        Member.deleted.is_(False)).order_by(Member.code)) if m.id not in taken]
