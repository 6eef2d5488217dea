"""What the bid tabulation shows, as plain frozen data: the services fill it (after the
sealed gate, `app.services.bid_opening.require_opened`), the PDF, the workbook, the CLI and
the UI read it. Nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.rules.bid_opening import Check, responsive


@dataclass(frozen=True)
class ReceivedBid:
    """A bid as anyone may see it before the opening: who, when, which file — no price."""

    vendor: str
    version: int
    status: str  # current, replaced, withdrawn
    late: bool
    received_at: datetime
    file_name: str
    sha256: str

    @property
    def opened(self) -> bool:
        """Only the on-time current version of a bid is opened and tabulated."""
        return self.status == "current" and not self.late

    @property
    def state(self) -> str:
        if self.late:
            return "received late, not opened"
        return {"current": "opened", "replaced": "replaced by a later version",
                "withdrawn": "withdrawn before the deadline"}.get(self.status, self.status)

    def as_json(self) -> dict[str, Any]:
        return {"vendor": self.vendor, "version": self.version, "status": self.status,
                "late": self.late, "received_at": self.received_at.isoformat(),
                "file_name": self.file_name, "sha256": self.sha256, "state": self.state}


@dataclass(frozen=True)
class OpeningRecord:
    opened_at: datetime
    opened_by: str
    witnesses: tuple[str, ...]
    place: str
    outcome: str
    outcome_text: str
    public_note: str
    notes: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"opened_at": self.opened_at.isoformat(), "opened_by": self.opened_by,
                "witnesses": list(self.witnesses), "place": self.place,
                "outcome": self.outcome, "outcome_text": self.outcome_text,
                "public_note": self.public_note, "notes": self.notes}


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
    deadline: datetime | None
    opening: OpeningRecord
    bids: tuple[ReceivedBid, ...]  # every version received, priced or not
    lots: tuple[LotTab, ...]

    def as_json(self) -> dict[str, Any]:
        return {"consortium": self.consortium, "procurement": self.ref, "title": self.title,
                "method": self.method, "funding_year": self.funding_year,
                "bids_due": self.deadline.isoformat() if self.deadline else None,
                "opening": self.opening.as_json(), "bids": [b.as_json() for b in self.bids],
                "lots": [lot.as_json() for lot in self.lots]}
