"""Demand: need lines added up by item, category, region, member and funding year (in SQL,
on the scaled-integer columns), the lines behind each figure, vendor shares, and the effort
the consortium saves its members.

Quantities are stored ×1000 and money ×100 as BIGINT (app/models/types.py), so sums run in
the database as integer arithmetic: exact, and fast on 100k lines. A line's amount is
rounded to the cent (half up) before summing, exactly as `NeedRow.amount` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, distinct, func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import FUNDING_SOURCES, CatalogItem, Category, Member, Need, Region
from app.models.procurement import Procurement, ProcurementMember
from app.models.types import line_cents, money_from_cents, quantity_from_thousandths, stored
from app.services.needs import NeedRow, need_rows, need_rows_query
from app.services.values import plain_number

DIMENSIONS = ("item", "category", "region", "member", "fy")
VENDOR_BASES = ("preferred", "current")
NO_ITEM = "(not in catalog)"
NO_VENDOR = "(none given)"
_QTY = stored(Need.quantity)
LINE_CENTS = line_cents(Need.quantity, Need.unit_price)  # the grid reads it too


def statuses(include_drafts: bool) -> tuple[str, ...]:
    return ("confirmed", "draft") if include_drafts else ("confirmed",)


def parse_dimensions(by: str | Sequence[str]) -> tuple[str, ...]:
    parts = [p.strip().lower() for p in (by.split(",") if isinstance(by, str) else by)]
    dims = tuple(p for p in parts if p)
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad or not dims:
        raise UserError(f"Group demand by one or more of {', '.join(DIMENSIONS)} "
                        f"(got '{','.join(parts)}').")
    if len(set(dims)) != len(dims):
        raise UserError("Each grouping may appear only once.")
    return dims


@dataclass(frozen=True)
class DemandRow:
    """One group: `key` holds one value per dimension (item code, category code, region
    number, member code, funding year); `labels` their readable names."""

    dims: tuple[str, ...]
    key: tuple[Any, ...]
    labels: tuple[str, ...]
    quantity: Decimal
    amount: Decimal
    members: int
    lines: int
    unit: str = ""
    erate_category: str = ""

    def value(self, dim: str) -> Any:
        return self.key[self.dims.index(dim)]

    def label(self, dim: str) -> str:
        return self.labels[self.dims.index(dim)]

    @property
    def title(self) -> str:
        return " · ".join(f"{k} {lbl}".strip() if str(k) != lbl else lbl
                          for k, lbl in zip(self.key, self.labels, strict=True))

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for dim, value, label in zip(self.dims, self.key, self.labels, strict=True):
            out[dim] = value
            if str(value) != label:
                out[f"{dim}_name"] = label
        out.update(quantity=plain_number(self.quantity), amount=str(self.amount),
                   members=self.members, lines=self.lines)
        if self.unit:
            out["unit"] = self.unit
        if self.erate_category:
            out["erate_category"] = self.erate_category
        return out


@dataclass(frozen=True)
class EffortRow:
    """Separate procurements replaced (members × lots they take part in) against the
    consortium's own, for one funding source (or "all")."""

    source: str
    consortium_procurements: int
    separate_procurements: int

    @property
    def saved(self) -> int:
        return max(0, self.separate_procurements - self.consortium_procurements)

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "consortium_procurements": self.consortium_procurements,
                "separate_procurements": self.separate_procurements, "saved": self.saved}


@dataclass(frozen=True)
class DemandReport:
    dims: tuple[str, ...]
    funding_year: int | None
    include_drafts: bool
    rows: list[DemandRow]
    members: int
    effort: list[EffortRow] = field(default_factory=list)

    @property
    def quantity(self) -> Decimal:
        return sum((r.quantity for r in self.rows), start=Decimal(0))

    @property
    def amount(self) -> Decimal:
        return sum((r.amount for r in self.rows), start=Decimal(0))

    @property
    def lines(self) -> int:
        return sum(r.lines for r in self.rows)

    @property
    def potential(self) -> EffortRow:
        """If each group were bought once for all its members."""
        return EffortRow("potential", len(self.rows), sum(r.members for r in self.rows))

    def totals_json(self) -> dict[str, Any]:
        return {"quantity": plain_number(self.quantity), "amount": str(self.amount),
                "members": self.members, "lines": self.lines, "groups": len(self.rows),
                "effort_saved": {"potential": self.potential.as_json(),
                                 "procurements": [e.as_json() for e in self.effort]}}

    def as_json(self) -> dict[str, Any]:
        return {"by": list(self.dims), "funding_year": self.funding_year,
                "statuses": list(statuses(self.include_drafts)),
                "rows": [r.as_json() for r in self.rows], "totals": self.totals_json()}


def _filtered(query: Select[Any], funding_year: int | None, include_drafts: bool,
              member_codes: Sequence[str] | None = None) -> Select[Any]:
    wanted = statuses(include_drafts)
    query = query.where(Need.deleted.is_(False), Need.status == wanted[0] if len(wanted) == 1
                        else Need.status.in_(wanted))
    if funding_year is not None:
        query = query.where(Need.funding_year == funding_year)
    if member_codes:
        query = query.where(Need.member_id.in_(
            select(Member.id).where(Member.code.in_([c.upper() for c in member_codes]))))
    return query


def _group_columns(dims: Sequence[str]) -> tuple[list[Any], bool, bool]:
    columns: list[Any] = []
    need_member = need_item = False
    for dim in dims:
        if dim == "item":
            columns.append(Need.item_id)
        elif dim == "category":
            columns.append(CatalogItem.category_id)
            need_item = True
        elif dim == "region":
            columns.append(Member.region)
            need_member = True
        elif dim == "member":
            columns.append(Need.member_id)
        elif dim == "fy":
            columns.append(Need.funding_year)
    return columns, need_member, need_item


def aggregate_demand(session: Session, by: str | Sequence[str] = "item",
                     funding_year: int | None = None, include_drafts: bool = False,
                     member_codes: Sequence[str] | None = None,
                     with_effort: bool = True) -> DemandReport:
    """Demand grouped by `by` (one dimension or several, e.g. "item,region"), largest
    amount first. Confirmed lines only unless `include_drafts`; withdrawn never count."""
    dims = parse_dimensions(by)
    columns, need_member, need_item = _group_columns(dims)
    query = select(*columns, func.sum(_QTY), func.sum(LINE_CENTS),
                   func.count(distinct(Need.member_id)), func.count()).select_from(Need)
    if need_member:
        query = query.join(Member, Need.member_id == Member.id)
    if need_item:
        query = query.outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
    query = _filtered(query, funding_year, include_drafts, member_codes).group_by(*columns)
    result = session.execute(query).all()

    names = _Names(session, dims)
    rows = []
    width = len(columns)
    for record in result:
        key: list[Any] = []
        labels: list[str] = []
        unit = category = ""
        position = 0
        for dim in dims:
            value = record[position]
            position += 1
            if dim == "item":
                if value is None:
                    key.append("")
                    labels.append(NO_ITEM)
                else:
                    code, name, unit, category = names.items[value]
                    key.append(code)
                    labels.append(name)
            elif dim == "category":
                code, name = names.categories.get(value, ("", NO_ITEM))
                key.append(code)
                labels.append(name)
            elif dim == "region":
                key.append(value)
                labels.append(names.regions.get(value, f"Region {value}"))
            elif dim == "member":
                code, name = names.members[value]
                key.append(code)
                labels.append(name)
            else:
                key.append(value)
                labels.append(f"FY{value}")
        qty, cents_, members, lines = record[width:width + 4]
        rows.append(DemandRow(dims, tuple(key), tuple(labels),
                              quantity_from_thousandths(qty).normalize(),
                              money_from_cents(cents_),
                              int(members), int(lines), unit, category))
    rows.sort(key=lambda r: (-r.amount, r.key))
    # Members with any counted line: one indexed probe per member, far cheaper than a
    # COUNT(DISTINCT) over every line.
    counted = _filtered(select(Need.id).where(Need.member_id == Member.id), funding_year,
                        include_drafts)
    members_query = select(func.count()).select_from(Member).where(counted.exists())
    if member_codes:
        members_query = members_query.where(Member.code.in_([c.upper() for c in member_codes]))
    total_members = session.scalar(members_query) or 0
    effort = effort_saved(session, funding_year) if with_effort else []
    return DemandReport(dims, funding_year, include_drafts, rows, int(total_members), effort)


class _Names:
    """Codes and names for the ids in a result, one small query per dimension used."""

    def __init__(self, session: Session, dims: Sequence[str]) -> None:
        self.items: dict[int, tuple[str, str, str, str]] = {}
        self.categories: dict[int, tuple[str, str]] = {}
        self.regions: dict[int, str] = {}
        self.members: dict[int, tuple[str, str]] = {}
        if "item" in dims:
            self.items = {r[0]: (r[1], r[2], r[3], r[4]) for r in session.execute(
                select(CatalogItem.id, CatalogItem.code, CatalogItem.name, CatalogItem.unit,
                       CatalogItem.erate_category))}
        if "category" in dims:
            self.categories = {r[0]: (r[1], r[2]) for r in session.execute(
                select(Category.id, Category.code, Category.name))}
        if "region" in dims:
            self.regions = {r[0]: r[1] for r in session.execute(
                select(Region.number, Region.name))}
        if "member" in dims:
            self.members = {r[0]: (r[1], r[2]) for r in session.execute(
                select(Member.id, Member.code, Member.name))}


def demand_lines(session: Session, key: dict[str, Any], funding_year: int | None = None,
                 include_drafts: bool = False, limit: int | None = None) -> list[NeedRow]:
    """The need lines behind one group: `key` maps dimensions to the values of a DemandRow
    (item code — "" for lines without a catalog item —, category code, region, member
    code, funding year)."""
    query = _filtered(need_rows_query(), funding_year, include_drafts)
    for dim, value in key.items():
        if dim == "item":
            query = query.where(CatalogItem.code == value if value else Need.item_id.is_(None))
        elif dim == "category":
            query = query.where(CatalogItem.category_id.in_(
                select(Category.id).where(Category.code == value)))
        elif dim == "region":
            query = query.where(Member.region == int(value))
        elif dim == "member":
            query = query.where(Member.code == str(value).upper())
        elif dim == "fy":
            query = query.where(Need.funding_year == int(value))
        else:
            raise UserError(f"'{dim}' is not a demand grouping.")
    if limit:
        query = query.limit(limit)
    return need_rows(session, query)


# --- vendor shares ------------------------------------------------------------------------

@dataclass(frozen=True)
class VendorShare:
    vendor: str
    quantity: Decimal
    amount: Decimal
    members: int
    share: Decimal  # of the group's dollars (of its quantity when it has no dollars), 0–1

    def as_json(self) -> dict[str, Any]:
        return {"vendor": self.vendor, "quantity": plain_number(self.quantity),
                "amount": str(self.amount), "members": self.members,
                "share_percent": str((self.share * 100).quantize(Decimal("0.1")))}


@dataclass(frozen=True)
class VendorBreakdown:
    basis: str  # "preferred" or "current"
    vendors: tuple[VendorShare, ...]

    def cover(self, fraction: Decimal) -> int:
        """How few vendors (largest first) together hold at least `fraction` of demand."""
        running = Decimal(0)
        for count, vendor in enumerate(self.vendors, start=1):
            running += vendor.share
            if running >= fraction:
                return count
        return len(self.vendors)

    def as_json(self) -> dict[str, Any]:
        return {"vendors_for_80": self.cover(Decimal("0.8")),
                "vendors_for_95": self.cover(Decimal("0.95")),
                "vendors": [v.as_json() for v in self.vendors]}


@dataclass(frozen=True)
class VendorGroup:
    by: str
    code: str
    name: str
    quantity: Decimal
    amount: Decimal
    members: int
    preferred: VendorBreakdown
    current: VendorBreakdown

    def as_json(self) -> dict[str, Any]:
        return {self.by: self.code, "name": self.name, "quantity": plain_number(self.quantity),
                "amount": str(self.amount), "members": self.members,
                "preferred": self.preferred.as_json(), "current": self.current.as_json()}


def _breakdown(basis: str, records: list[tuple[str, Decimal, Decimal, int]]) -> VendorBreakdown:
    total_amount = sum((r[2] for r in records), start=Decimal(0))
    total_qty = sum((r[1] for r in records), start=Decimal(0))
    shares = []
    for vendor, qty, amount, members in records:
        if total_amount > 0:
            share = amount / total_amount
        else:
            share = qty / total_qty if total_qty else Decimal(0)
        shares.append(VendorShare(vendor or NO_VENDOR, qty, amount, members, share))
    shares.sort(key=lambda v: (-v.share, -v.amount, v.vendor))
    return VendorBreakdown(basis, tuple(shares))


def vendor_shares(session: Session, by: str = "item", funding_year: int | None = None,
                  include_drafts: bool = False) -> list[VendorGroup]:
    """For each item (or category): demand by preferred and by current vendor, and how few
    vendors cover 80 % and 95 % of it. Largest groups first."""
    if by not in ("item", "category"):
        raise UserError("Vendor shares are by item or by category.")
    key_column = Need.item_id if by == "item" else CatalogItem.category_id
    per_basis: dict[str, dict[int, list[tuple[str, Decimal, Decimal, int]]]] = {}
    for basis in VENDOR_BASES:
        vendor = Need.preferred_vendor if basis == "preferred" else Need.current_vendor
        query = (select(key_column, vendor, func.sum(_QTY), func.sum(LINE_CENTS),
                        func.count(distinct(Need.member_id)))
                 .select_from(Need).join(CatalogItem, Need.item_id == CatalogItem.id))
        query = _filtered(query, funding_year, include_drafts).group_by(key_column, vendor)
        groups: dict[int, list[tuple[str, Decimal, Decimal, int]]] = {}
        for key, name, qty, cents_, members in session.execute(query):
            groups.setdefault(key, []).append(
                (name.strip(), quantity_from_thousandths(qty), money_from_cents(cents_),
                 int(members)))
        per_basis[basis] = groups
    totals = {row.key[0]: row for row in aggregate_demand(
        session, by, funding_year, include_drafts, with_effort=False).rows}
    names = _Names(session, (by,))
    result = []
    for key, records in per_basis["preferred"].items():
        if by == "item":
            code, name = names.items[key][0], names.items[key][1]
        else:
            code, name = names.categories.get(key, ("", NO_ITEM))
        total = totals.get(code)
        result.append(VendorGroup(
            by, code, name, total.quantity if total else Decimal(0),
            total.amount if total else Decimal(0), total.members if total else 0,
            _breakdown("preferred", records),
            _breakdown("current", per_basis["current"].get(key, []))))
    result.sort(key=lambda g: (-g.amount, g.code))
    return result


# --- effort saved -------------------------------------------------------------------------

def effort_saved(session: Session, funding_year: int | None = None) -> list[EffortRow]:
    """Per funding source (and "all"): the consortium's procurements against the separate
    ones its members would have run (each member × each lot it takes part in)."""
    query = (select(Procurement.id, Procurement.funding_sources,
                    func.coalesce(func.sum(ProcurementMember.lots_taken), 0))
             .outerjoin(ProcurementMember,
                        (ProcurementMember.procurement_id == Procurement.id)
                        & ProcurementMember.deleted.is_(False))
             .where(Procurement.deleted.is_(False), Procurement.status != "cancelled")
             .group_by(Procurement.id, Procurement.funding_sources))
    if funding_year is not None:
        query = query.where(Procurement.funding_year == funding_year)
    counts: dict[str, list[int]] = {}
    total = [0, 0]
    for _id, sources, replaced in session.execute(query):
        total[0] += 1
        total[1] += int(replaced)
        for source in (s for s in sources.split(",") if s):
            entry = counts.setdefault(source, [0, 0])
            entry[0] += 1
            entry[1] += int(replaced)
    rows = [EffortRow(s, *counts[s]) for s in FUNDING_SOURCES if s in counts]
    rows.append(EffortRow("all", *total))
    return rows
