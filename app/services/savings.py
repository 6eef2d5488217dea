"""Savings and effort, measured (rules: `app.rules.savings`): from the stored allocations,
what the members would have paid at their own prices against the awarded prices, the E-rate
and members' shares, and the separate procurements replaced — statewide, per region, per
member and per lot (a lot is a procurement's lot: reference, number and name).

Scope: every awarded procurement (default), one procurement, or one funding year's awarded
procurements. The allocations are the one home of each line's figures: one aggregate query
adds them up per (procurement, lot, member), each line's amounts rounded to the cent exactly
as `app.rules.allocation.amount` rounds them (the scaled-integer columns: quantity in
thousandths × price in cents, half up), so the totals equal the sum of the allocated lines'
`savings`. Lines not awarded count in no figure; they are reported as a count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import Member, Region
from app.models.allocation import Allocation
from app.models.award import Award
from app.models.procurement import Lot, LotItem, Procurement
from app.models.types import line_cents, money_from_cents, stored
from app.rules.savings import Part, SavingsFigures, add_up, procurements_replaced

# The dashboard imports this module: ReportLab, and the services only the CLI needs, load
# when they are used.
if TYPE_CHECKING:
    from app.reports.savings_summary import BoardSummary

BREAKDOWNS = ("region", "member", "lot")

def _cents(price: Any) -> Any:
    """A line's amount in cents, rounded half up per line (the allocation rule's `amount`)."""
    return line_cents(Allocation.quantity, price)


@dataclass(frozen=True)
class SavingsRow:
    """One region, member or lot with its figures."""

    key: str  # region number, member code, or "P2026-001 lot 2"
    label: str  # region name, member name, or lot name
    figures: SavingsFigures
    region: int | None = None  # a member's region

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, **figures_json(self.figures),
                **({"region": self.region} if self.region is not None else {})}


def figures_json(f: SavingsFigures) -> dict[str, Any]:
    pct = f.savings_pct
    return {"lines": f.lines, "members": f.members, "own_amount": str(f.own_amount),
            "amount": str(f.amount), "savings": str(f.savings),
            "savings_pct": str(pct) if pct is not None else None,
            "erate_share": str(f.erate_share), "member_share": str(f.member_share),
            "separate_procurements": f.separate_procurements}


@dataclass(frozen=True)
class SavingsReport:
    scope: str  # "all awarded procurements", "P2026-001", "FY2026"
    procurements: tuple[str, ...]  # the references with awarded lines
    statewide: SavingsFigures
    regions: tuple[SavingsRow, ...] = ()
    members: tuple[SavingsRow, ...] = ()
    lots: tuple[SavingsRow, ...] = ()
    not_awarded_lines: int = 0

    @property
    def consortium_procurements(self) -> int:
        return len(self.procurements)

    @property
    def replaced(self) -> int:
        return procurements_replaced(self.statewide.separate_procurements,
                                     self.consortium_procurements)

    def rows(self, by: str) -> tuple[SavingsRow, ...]:
        return {"region": self.regions, "member": self.members, "lot": self.lots}[by]

    def as_json(self, by: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scope": self.scope, "procurements": list(self.procurements),
            "statewide": {**figures_json(self.statewide),
                          "consortium_procurements": self.consortium_procurements,
                          "procurements_replaced": self.replaced},
            "not_awarded_lines": self.not_awarded_lines}
        for name in ([by] if by else BREAKDOWNS):
            out[f"by_{name}"] = [r.as_json() for r in self.rows(name)]
        return out


def savings_report(session: Session, procurement: str | None = None,
                   year: int | None = None, region: int | None = None) -> SavingsReport:
    """The figures of the scope (see the module text); `region` keeps one region's members
    (a regional instance's dashboard)."""
    awarded = and_(Award.id.is_not(None), Award.deleted.is_(False),
                   Award.vendor_id.is_not(None))

    def when_awarded(value: Any) -> Any:  # a not-awarded line counts in no figure
        return func.sum(case((awarded, value), else_=0))

    query = (select(Procurement.ref, Lot.number, Lot.name, Member.code, Member.name,
                    Member.region, Region.name, func.count(), when_awarded(1),
                    when_awarded(_cents(Allocation.own_unit_price)),
                    when_awarded(_cents(Allocation.unit_price)),
                    when_awarded(stored(Allocation.erate_share)))
             .join(Procurement, Allocation.procurement_id == Procurement.id)
             .join(LotItem, Allocation.lot_item_id == LotItem.id)
             .join(Lot, LotItem.lot_id == Lot.id)
             .join(Member, Allocation.member_id == Member.id)
             .outerjoin(Region, Member.region == Region.number)
             .outerjoin(Award, Allocation.award_id == Award.id)
             .where(Allocation.deleted.is_(False), Procurement.deleted.is_(False))
             .group_by(Procurement.ref, Lot.number, Lot.name, Member.code, Member.name,
                       Member.region, Region.name))
    if procurement:
        from app.services.erate import find_procurement  # not needed by the dashboard

        found = find_procurement(session, procurement)
        query = query.where(Procurement.id == found.id)
        scope = found.ref
    else:
        query = query.where(Procurement.status == "awarded")
        scope = "all awarded procurements"
        if year is not None:
            query = query.where(Procurement.funding_year == year)
            scope = f"FY{year} awarded procurements"
    if region is not None:
        query = query.where(Member.region == region)

    parts: dict[tuple[str, ...], list[Part]] = defaultdict(list)
    names: dict[tuple[str, ...], tuple[str, int | None]] = {}
    refs: set[str] = set()
    not_awarded = 0
    for (ref, lot, lot_name, code, name, member_region, region_name, every, lines,
         own, amount, erate) in session.execute(query):
        not_awarded += int(every) - int(lines or 0)
        if not lines:
            continue
        refs.add(ref)
        part = Part(code, int(lines), money_from_cents(own), money_from_cents(amount),
                    money_from_cents(erate))
        region_key = str(member_region) if member_region is not None else "–"
        for key, label, extra in (
                (("region", region_key),
                 region_name or ("No region" if member_region is None else ""), None),
                (("member", code), name, member_region),
                (("lot", f"{ref} lot {lot}"), lot_name, None)):
            parts[key].append(part)
            names[key] = (label, extra)
        parts[("state",)].append(part)

    def rows(kind: str) -> tuple[SavingsRow, ...]:
        out = [SavingsRow(key[1], names[key][0], add_up(items), names[key][1])
               for key, items in parts.items() if key[0] == kind]
        if kind == "region":  # in region order, as every regional list
            return tuple(sorted(out, key=lambda r: (not r.key.isdigit(), _number(r.key))))
        return tuple(sorted(out, key=lambda r: (-r.figures.savings, r.key)))

    return SavingsReport(scope, tuple(sorted(refs)), add_up(parts[("state",)]),
                         rows("region"), rows("member"), rows("lot"), not_awarded)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


def require_something(report: SavingsReport) -> None:
    """A clear refusal where nothing in scope is allocated (the CLI's exit 2)."""
    if not report.procurements and not report.not_awarded_lines:
        raise UserError(f"Nothing allocated in {report.scope}: savings are measured from "
                        "the allocation (consortium allocate run PROCUREMENT).")


def board_summary(session: Session, report: SavingsReport) -> BoardSummary:
    """The one-page summary's plain data (app.reports.savings_summary)."""
    from app.reports.savings_summary import BoardRow, BoardSummary
    from app.services.settings import consortium_name

    regions = tuple(BoardRow(f"Region {r.key}" if r.key.isdigit() else r.key, r.label,
                             r.figures) for r in report.regions)
    lots = tuple(BoardRow(r.key, r.label, r.figures) for r in report.lots)
    scope = report.scope[:1].upper() + report.scope[1:]  # a reference keeps its case
    return BoardSummary(consortium_name(session), scope,
                        report.procurements, report.statewide, report.replaced, regions, lots,
                        report.not_awarded_lines)
