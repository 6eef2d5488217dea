"""The bid tabulation after the opening: per lot, lines × bidders with unit and extended
prices, the lowest responsive price per line, each bidder's lot total and responsiveness
(rules: `app.rules.bid_opening`). Refused while the bids are sealed (`require_opened`).

Only the on-time current version of each vendor's bid carries prices here; late, replaced
and withdrawn versions are listed (with their files' SHA-256) but never priced. Every figure
is traceable: each bidder column names its file, SHA-256 and receipt time.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Bid, BidLine
from app.reports.tabulation_dto import Bidder, Cell, LotTab, TabLine, Tabulation
from app.rules.bid_opening import LineSpec, PricedLine, lot_checks, lot_total, lowest_prices
from app.rules.compliance import NOT_CHECKED, ComplianceLine
from app.services.bid_opening import deadline_of, received_bids, require_opened
from app.services.compliance import compliance_for
from app.services.erate import find_procurement
from app.services.packets import lot_lines
from app.services.settings import consortium_name


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
    for lot, rows in lot_lines(session, procurement.id):
        specs = [LineSpec(item.id, number, catalog.category.code if catalog else "", item.unit)
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
                      procurement.method, procurement.funding_year,
                      deadline_of(session, procurement), opening,
                      tuple(received_bids(session, procurement)), tuple(lots))
