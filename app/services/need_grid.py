"""Every need line for the all-needs grid, read column-wise in one lean query.

The grid shows up to ~100k lines. As `NeedRow`s that is 100k objects of 19 fields each
(1.3 s to read, ~150 MB); here each field is one list, repeated texts (60 descriptions,
10 units, 28 vendors, 3 statuses in the stress set) are kept once, members are looked up
by id, and quantities, prices and amounts stay the stored integers until a cell is shown.
Values, order and rounding are those of `list_needs`: a row here is a `NeedRow` there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session

from app.models import CatalogItem, Member, Need
from app.models.bulk import gc_paused
from app.services.demand import LINE_CENTS

_QUANTITY, _PRICE = Need.quantity.type, Need.unit_price.type
# Columns of the query, in order; the texts among them are shared between equal values.
GRID_FIELDS = ("member_id", "item_code", "description", "quantity", "unit", "unit_price",
               "cents", "funding_year", "funding_sources", "current_vendor",
               "preferred_vendor", "notes", "status", "uid")
_JOIN = "FROM members JOIN needs ON needs.member_id = members.id"
_CROSS_JOIN = _JOIN.replace(" JOIN ", " CROSS JOIN ", 1)
# Notes are left as read: mostly empty (one shared object already) or each line's own.
_TEXTS = ("item_code", "description", "unit", "funding_sources", "current_vendor",
          "preferred_vendor", "status")


@dataclass(frozen=True)
class NeedGrid:
    """Row i of the grid is element i of every list. `quantity` is stored thousandths,
    `unit_price` and `cents` (the line's amount, half up) stored cents; `members` maps a
    member id to its (code, name); `funding_sources` is the stored comma list."""

    members: dict[int, tuple[str, str]]
    member_id: list[int]
    item_code: list[str]
    description: list[str]
    quantity: list[int]
    unit: list[str]
    unit_price: list[int]
    cents: list[int]
    funding_year: list[int]
    funding_sources: list[str]
    current_vendor: list[str]
    preferred_vendor: list[str]
    notes: list[str]
    status: list[str]
    uid: list[str]  # the line's, for its history

    def __len__(self) -> int:
        return len(self.member_id)

    def quantity_at(self, row: int) -> Decimal:
        return _QUANTITY.from_stored(self.quantity[row])

    def unit_price_at(self, row: int) -> Decimal:
        return _PRICE.from_stored(self.unit_price[row])

    def amount_at(self, row: int) -> Decimal:
        """Equal to `NeedRow.amount` (cents, two places)."""
        return Decimal(self.cents[row]).scaleb(-2)


def need_grid_empty() -> NeedGrid:
    return NeedGrid({}, *([] for _ in GRID_FIELDS))


def sources_tuple(stored: str) -> tuple[str, ...]:
    """The stored comma list as `NeedRow.funding_sources` has it."""
    return tuple(s for s in stored.split(",") if s)


def need_grid(session: Session) -> NeedGrid:
    """The lines `list_needs(session)` returns (not deleted; by member code, then entry),
    column-wise. One query through the driver's cursor: no ORM objects, no type processors
    (the integers are converted when shown)."""
    query = (select(Need.member_id, func.coalesce(CatalogItem.code, ""), Need.description,
                    type_coerce(Need.quantity, BigInteger), Need.unit,
                    type_coerce(Need.unit_price, BigInteger), LINE_CENTS,
                    Need.funding_year, Need.funding_sources, Need.current_vendor,
                    Need.preferred_vendor, Need.notes, Need.status, Need.uid)
             .select_from(Member).join(Need, Need.member_id == Member.id)
             .outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
             .where(Need.deleted.is_(False))
             .order_by(Member.code, Need.id))
    connection = session.connection()
    members = {m.id: (m.code, m.name)
               for m in connection.execute(select(Member.id, Member.code, Member.name))}
    compiled = query.compile(connection)
    sql = str(compiled)
    if connection.dialect.name == "sqlite":
        # Members outer, in code order, and each member's lines by the member_id index
        # (whose entries end with the line's id): the ORDER BY needs no sort of 100k rows.
        # SQLite keeps CROSS JOIN's order; its planner alone scans needs and sorts.
        sql = sql.replace(_JOIN, _CROSS_JOIN, 1)
    params = compiled.construct_params()
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with gc_paused():  # 100k row tuples: the collector would walk them over and over
        try:
            cursor.execute(sql, [params[p] for p in compiled.positiontup or ()]
                           if compiled.positional else params)
            rows = cursor.fetchall()
        finally:
            cursor.close()
        columns: dict[str, Any] = {name: list(values) for name, values in
                                   zip(GRID_FIELDS, zip(*rows, strict=True) if rows
                                       else [()] * len(GRID_FIELDS), strict=True)}
        del rows
        for name in _TEXTS:  # one str object per distinct text: most of the memory saved
            seen: dict[str, str] = {}
            columns[name] = list(map(seen.setdefault, columns[name], columns[name]))
    return NeedGrid(members=members, **columns)
