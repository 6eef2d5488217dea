"""The bid tabulation after the opening: per lot, lines × bidders with unit and extended
prices, the lowest responsive price per line, each bidder's lot total and responsiveness
(rules: `app.rules.bid_opening`). Refused while the bids are sealed (`require_opened`).

Only the on-time current version of each vendor's bid carries prices here; late, replaced
and withdrawn versions are listed (with their files' SHA-256) but never priced. Every figure
is traceable: each bidder column names its file, SHA-256 and receipt time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Bid, BidLine
from app.rules.bid_opening import (
    Check,
    LineSpec,
    PricedLine,
    lot_checks,
    lot_total,
    lowest_prices,
    responsive,
)
from app.rules.compliance import NOT_CHECKED, ComplianceLine
from app.services.bid_opening import OpeningRecord, ReceivedBid, received_bids, require_opened
from app.services.compliance import compliance_for
from app.services.erate import find_procurement
from app.services.packets import numbered_lot_lines
from app.services.settings import consortium_name


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class Cell:
    """One bidder's price on one line."""

    unit_price: Decimal
    extended_price: Decimal
    manufacturer: str
    part_number: str
    substitution: bool
    lowest: bool  # the lowest responsive price of the line (ties: each)

    def as_json(self) -> dict[str, Any]:
        return {"unit_price": _money(self.unit_price),
                "extended_price": _money(self.extended_price),
                "manufacturer": self.manufacturer, "part_number": self.part_number,
                "substitution": self.substitution, "lowest": self.lowest}


@dataclass(frozen=True)
class Bidder:
    """A column of a lot: one opened bid that priced at least one line of the lot."""

    vendor: str
    file_name: str
    sha256: str
    received_at: datetime
    checks: tuple[Check, ...]
    total: Decimal

    @property
    def responsive(self) -> bool:
        return responsive(self.checks)

    @property
    def short_sha(self) -> str:
        return self.sha256[:12]

    def as_json(self) -> dict[str, Any]:
        return {"vendor": self.vendor, "file_name": self.file_name, "sha256": self.sha256,
                "received_at": self.received_at.isoformat(), "responsive": self.responsive,
                "total": _money(self.total), "checks": [c.as_json() for c in self.checks]}


@dataclass(frozen=True)
class TabLine:
    number: str
    description: str
    unit: str
    quantity: Decimal
    cells: tuple[Cell | None, ...]  # one per bidder of the lot, None: not priced
    lowest: Decimal | None  # the lowest responsive unit price, None if no responsive offer

    def as_json(self, bidders: tuple[Bidder, ...]) -> dict[str, Any]:
        return {"line": self.number, "description": self.description, "unit": self.unit,
                "quantity": f"{self.quantity.normalize():f}",
                "lowest_responsive_unit_price": _money(self.lowest),
                "prices": {b.vendor: c.as_json() if c else None
                           for b, c in zip(bidders, self.cells, strict=True)}}


@dataclass(frozen=True)
class LotTab:
    number: int
    name: str
    bidders: tuple[Bidder, ...]
    lines: tuple[TabLine, ...]

    @property
    def lowest_total(self) -> Decimal | None:
        """The least lot total among responsive bidders."""
        totals = [b.total for b in self.bidders if b.responsive]
        return min(totals) if totals else None

    def as_json(self) -> dict[str, Any]:
        return {"lot": self.number, "name": self.name,
                "bidders": [b.as_json() for b in self.bidders],
                "lowest_responsive_total": _money(self.lowest_total),
                "lines": [line.as_json(self.bidders) for line in self.lines]}


@dataclass(frozen=True)
class Tabulation:
    consortium: str
    ref: str
    title: str
    method: str
    funding_year: int
    opening: OpeningRecord
    bids: tuple[ReceivedBid, ...]  # every version received, priced or not
    lots: tuple[LotTab, ...]

    def as_json(self) -> dict[str, Any]:
        return {"consortium": self.consortium, "procurement": self.ref, "title": self.title,
                "method": self.method, "funding_year": self.funding_year,
                "opening": self.opening.as_json(), "bids": [b.as_json() for b in self.bids],
                "lots": [lot.as_json() for lot in self.lots]}


def _compliance(session: Session, bid: Bid, ref: str) -> list[ComplianceLine]:
    if bid.vendor.deleted:  # a removed vendor's bid stays on the record; it cannot be checked
        return [ComplianceLine("registry", "In the vendor registry", NOT_CHECKED,
                               "the vendor was removed from the registry")]
    return compliance_for(session, bid.vendor.uid, ref)


def tabulate(session: Session, ref: str | int) -> Tabulation:
    """The tabulation of an opened procurement; refused while its bids are sealed."""
    procurement = find_procurement(session, ref)
    opening = require_opened(session, procurement)
    opened = list(session.scalars(select(Bid).where(
        Bid.procurement_id == procurement.id, Bid.status == "current",
        Bid.late.is_(False)).order_by(Bid.received_at, Bid.id)))
    priced: dict[int, dict[int, BidLine]] = {
        bid.id: {line.lot_item_id: line for line in bid.lines} for bid in opened}
    compliance = {bid.id: _compliance(session, bid, procurement.ref) for bid in opened}
    lots = []
    for lot, rows in numbered_lot_lines(session, procurement.id):
        specs = [LineSpec(item.id, number, catalog.category.code if catalog else "")
                 for number, item, catalog in rows]
        keys = {spec.key for spec in specs}
        bidders: list[tuple[Bid, Bidder]] = []
        for bid in opened:
            mine = {k: v for k, v in priced[bid.id].items() if k in keys}
            if not mine:
                continue  # the vendor did not bid on this lot
            checks = lot_checks(specs, {k: PricedLine(k, v.unit_price, v.manufacturer,
                                                      v.part_number, v.substitution)
                                        for k, v in mine.items()},
                                late=bid.late, compliance=compliance[bid.id])
            bidders.append((bid, Bidder(bid.vendor.name, bid.file_name, bid.sha256,
                                        bid.received_at, checks,
                                        lot_total(v.extended_price for v in mine.values()))))
        lowest = lowest_prices((key, line.unit_price, column.responsive)
                               for bid, column in bidders
                               for key, line in priced[bid.id].items() if key in keys)
        lines = []
        for spec, (_number, item, _catalog) in zip(specs, rows, strict=True):
            cells = []
            for bid, _column in bidders:
                line = priced[bid.id].get(spec.key)
                cells.append(None if line is None else Cell(
                    line.unit_price, line.extended_price, line.manufacturer,
                    line.part_number, line.substitution,
                    _column.responsive and line.unit_price == lowest.get(spec.key)))
            lines.append(TabLine(spec.number, item.description, item.unit, item.quantity,
                                 tuple(cells), lowest.get(spec.key)))
        lots.append(LotTab(lot.number, lot.name, tuple(b for _bid, b in bidders),
                           tuple(lines)))
    return Tabulation(consortium_name(session), procurement.ref, procurement.title,
                      procurement.method, procurement.funding_year, opening,
                      tuple(received_bids(session, procurement)), tuple(lots))
