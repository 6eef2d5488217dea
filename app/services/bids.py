"""Bid intake (state only): receive a vendor's returned pricing workbook, replace or withdraw
it before the deadline, list what was received — sealed: who bid and when, never a price,
until the opening (DOMAIN.md §1.5, §1.8, §2.2, §2.10; rules in app.rules.bids).

Decisions:
- A received file is stored byte for byte under its SHA-256 (`BidFile`), every version kept
  (records retention, §1.8); a replacement marks the earlier version `replaced`.
- A file with problems (app.services.bid_workbook) is refused, nothing stored — on time, the
  vendor can still fix and resend it. A *late* file is always recorded (the record that it
  came, when, and what it held), with its problems in the notes; it is never opened.
- After the deadline a bid can be neither replaced nor withdrawn; once opened, nothing more
  is received.
- Flags (a missing make/model, a partly priced lot, an "or equivalent" substitution) do not
  refuse a bid: they are kept for the evaluation, which decides responsiveness.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models import Bid, BidFile, BidLine, BidOpening, BidTier, Procurement
from app.reports.bid_receipt_data import BidReceipt, BidRow
from app.rules.bids import DeadlineError, deadline, is_late, local_time
from app.services.erate import find_procurement
from app.services.packet_settings import facts as packet_facts
from app.services.packets import build_packet, lot_lines
from app.services.scope import current_identity, require_state
from app.services.settings import consortium_name
from app.services.vendors import get_vendor

if TYPE_CHECKING:
    from app.services.bid_workbook import BidWorkbook, LineFacts

WHAT = "Bid intake"
WITHDRAWN = "Withdrawn: "


class BidRefused(UserError):
    """The file is not a usable bid; `problems` names each by sheet, row and column."""

    def __init__(self, name: str, problems: tuple[str, ...]) -> None:
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{name}: refused, nothing stored — {len(problems)} problem(s):\n"
                         f"{listed}")


def bid_deadline(session: Session, procurement: Procurement) -> datetime:
    """When bids are due (UTC), or a UserError saying which fact to set."""
    if procurement.bid_due_on is None:
        raise UserError(f"{procurement.ref} has no bid due date; set it first "
                        f"(`consortium procurement edit {procurement.ref} --set "
                        "bid_due_on=YYYY-MM-DD`).")
    due_time = packet_facts(session, procurement).get("bid_due_time", "")
    if not due_time:
        raise UserError(f"{procurement.ref}: the time bids are due is not set (packet fact "
                        "bid_due_time, e.g. '2:00 PM').")
    try:
        return deadline(procurement.bid_due_on, due_time)
    except DeadlineError as error:
        raise UserError(f"{procurement.ref}: packet fact bid_due_time: {error}") from error


def opening_of(session: Session, procurement: Procurement) -> BidOpening | None:
    return session.scalar(select(BidOpening).where(
        BidOpening.procurement_id == procurement.id))


def line_facts(session: Session, procurement: Procurement
               ) -> tuple[dict[str, int], dict[str, LineFacts]]:
    """Lot item ids by form line ("1.2") and catalog facts by item code."""
    # openpyxl loads only when a workbook is read, not when the Bids page starts.
    from app.services.bid_workbook import LineFacts

    ids: dict[str, int] = {}
    facts: dict[str, LineFacts] = {}
    for _lot, rows in lot_lines(session, procurement.id):
        for line, item, catalog in rows:
            ids[line] = item.id
            if catalog is not None:
                facts[catalog.code] = LineFacts(catalog.category.code, catalog.brand or "")
    return ids, facts


def check_bid_file(session: Session, ref: str, path: Path) -> BidWorkbook:
    """Read a returned form against the procurement, storing nothing."""
    from app.services.bid_workbook import read_bid_workbook

    procurement = find_procurement(session, ref)
    _ids, facts = line_facts(session, procurement)
    return read_bid_workbook(Path(path), build_packet(session, procurement.ref), facts)


def _vendor_bids(session: Session, procurement: Procurement, vendor_id: int) -> list[Bid]:
    return list(session.scalars(select(Bid).where(
        Bid.procurement_id == procurement.id, Bid.vendor_id == vendor_id)
        .order_by(Bid.version)))


def _moment(value: datetime | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    if value.tzinfo is None:
        raise UserError("give the receipt time with its time zone")
    return value.astimezone(UTC)


def receive_bid(session: Session, ref: str, path: Path, vendor_key: str,
                received_at: datetime | None = None, by: str | None = None) -> BidReceipt:
    """Store a vendor's returned form as its new bid version (see the module's decisions)."""
    from app.services.bid_workbook import read_bid_workbook

    require_state(session, WHAT)
    path = Path(path)
    procurement = find_procurement(session, ref)
    opening = opening_of(session, procurement)
    if opening is not None:
        raise UserError(f"{procurement.ref}: the bids were opened on "
                        f"{local_time(opening.opened_at):%d %b %Y %H:%M}; no bid is received "
                        "after the opening.")
    vendor = get_vendor(session, vendor_key)
    due = bid_deadline(session, procurement)
    moment = _moment(received_at)
    late = is_late(moment, due)
    try:
        content = path.read_bytes()
    except FileNotFoundError as error:
        raise UserError(f"{path}: no such file") from error
    sha = hashlib.sha256(content).hexdigest()
    earlier = _vendor_bids(session, procurement, vendor.id)
    current = next((b for b in earlier if b.status == "current"), None)
    same = next((b for b in earlier if b.sha256 == sha), None)
    if same is not None:
        raise UserError(f"{path.name}: this very file was received from {vendor.name} as "
                        f"version {same.version} on "
                        f"{local_time(same.received_at):%d %b %Y %H:%M}; nothing stored.")
    if late and current is not None and not current.late:
        raise UserError(f"{path.name}: received {_when(moment)}, after the deadline "
                        f"({_when(due)}): {vendor.name}'s bid version {current.version} "
                        "stands; a bid can be replaced only before the deadline.")
    ids, facts = line_facts(session, procurement)
    book = read_bid_workbook(path, build_packet(session, procurement.ref), facts)
    if book.problems and not late:
        raise BidRefused(path.name, book.problems)
    # Substitutions name makes, not prices: the list may show them before the opening.
    notes = [*book.flags, *(x.review_note for x in book.lines if x.substitution)]
    if late:
        notes.insert(0, f"Late: received {_when(moment)}, after the deadline "
                        f"({_when(due)}); kept, never opened.")
        notes += [f"Problem: {p}" for p in book.problems]
    stored = session.scalar(select(BidFile).where(BidFile.sha256 == sha))
    if stored is None:
        session.add(BidFile(sha256=sha, size=len(content), content=content))
    if current is not None:
        current.status = "replaced"
    bid = Bid(procurement=procurement, vendor=vendor,
              version=max((b.version for b in earlier), default=0) + 1, status="current",
              late=late, received_at=moment,
              received_by=by or current_identity(session).operator, file_name=path.name,
              sha256=sha, bidder_name=book.bidder_name[:160], notes="\n".join(notes))
    session.add(bid)
    if not book.problems:
        for line in book.lines:
            session.add(BidLine(bid=bid, lot_item_id=ids[line.line],
                                manufacturer=line.manufacturer[:120],
                                part_number=line.part_number[:120], unit_price=line.unit_price,
                                ineligible_unit_price=line.ineligible_unit_price,
                                extended_price=line.extended_price,
                                substitution=line.substitution, review_note=line.review_note))
        for tier in book.tiers:
            session.add(BidTier(bid=bid, lot_item_id=ids[tier.line], min_qty=tier.min_qty,
                                unit_price=tier.unit_price))
    session.flush()
    return BidReceipt(consortium_name(session), procurement.ref, procurement.title, due,
                      _row(bid, len(content)), current.version if current else None)


def withdraw_bid(session: Session, ref: str, vendor_key: str, reason: str = "",
                 at: datetime | None = None, by: str | None = None) -> BidRow:
    """Take back a vendor's current bid before the deadline (the file stays on record)."""
    require_state(session, WHAT)
    procurement = find_procurement(session, ref)
    vendor = get_vendor(session, vendor_key)
    moment = _moment(at)
    current = next((b for b in _vendor_bids(session, procurement, vendor.id)
                    if b.status == "current"), None)
    if current is None:
        raise NotFoundError(f"{vendor.name} has no current bid on {procurement.ref}.")
    due = bid_deadline(session, procurement)
    if is_late(moment, due) or opening_of(session, procurement) is not None:
        raise UserError(f"{procurement.ref}: the deadline passed ({_when(due)}); a bid can "
                        "be withdrawn only before it.")
    current.status = "withdrawn"
    current.withdrawn_at = moment
    current.withdrawn_by = by or current_identity(session).operator
    current.notes = "\n".join(x for x in (current.notes, WITHDRAWN + (reason.strip() or
                                                                      "no reason given")) if x)
    session.flush()
    return _row(current, _size(session, current.sha256))


def list_bids(session: Session, ref: str) -> list[BidRow]:
    """Every version received for the procurement, by vendor then version (no prices)."""
    procurement = find_procurement(session, ref)
    bids = session.scalars(select(Bid).where(Bid.procurement_id == procurement.id))
    sizes = dict(session.execute(select(BidFile.sha256, BidFile.size)).all())
    rows = [_row(b, sizes.get(b.sha256, 0)) for b in bids]
    return sorted(rows, key=lambda r: (r.vendor.lower(), r.version))


def intake_summary(rows: list[BidRow]) -> str:
    """How many vendors have a bid that will be opened: none and one are recorded as such
    (§1.5: no bids — document it, solicit again or stay with the incumbent; §2.2: an NC
    purchase contract may be awarded on one responsive bid)."""
    standing = {r.vendor for r in rows if r.status == "current" and not r.late}
    late = {r.vendor for r in rows if r.status == "current" and r.late}
    tail = f"; {len(late)} late (kept, not opened)" if late else ""
    if not standing:
        return ("No bid to open" + tail + ". With no bids the procurement records that none "
                "came; the consortium may solicit again or stay with the incumbent.")
    if len(standing) == 1:
        return ("One bid to open" + tail + ". A purchase contract may be awarded on one "
                "responsive bid.")
    return f"{len(standing)} bids to open{tail}."


def bid_receipt(session: Session, ref: str, vendor_key: str,
                version: int | None = None) -> BidReceipt:
    """The receipt of a vendor's latest (or a given) version."""
    procurement = find_procurement(session, ref)
    vendor = get_vendor(session, vendor_key)
    bids = _vendor_bids(session, procurement, vendor.id)
    chosen = [b for b in bids if version is None or b.version == version]
    if not chosen:
        raise NotFoundError(f"{vendor.name} has no bid{f' version {version}' if version else ''}"
                            f" on {procurement.ref}.")
    bid = chosen[-1]
    before = [b.version for b in bids if b.version < bid.version and b.status == "replaced"]
    return BidReceipt(consortium_name(session), procurement.ref, procurement.title,
                      bid_deadline(session, procurement),
                      _row(bid, _size(session, bid.sha256)), before[-1] if before else None)


def bid_file(session: Session, sha256: str) -> bytes:
    """A received file's bytes, unchanged."""
    stored = session.scalar(select(BidFile).where(BidFile.sha256 == sha256))
    if stored is None:
        raise NotFoundError(f"no received file with SHA-256 {sha256}")
    return stored.content


def _size(session: Session, sha: str) -> int:
    return session.scalar(select(BidFile.size).where(BidFile.sha256 == sha)) or 0


def _when(moment: datetime) -> str:
    return f"{local_time(moment):%a %d %b %Y %I:%M %p} Eastern"


def _row(bid: Bid, size: int) -> BidRow:
    flags = tuple(x for x in bid.notes.splitlines() if x and not x.startswith(WITHDRAWN)
                  and not x.startswith("Late: "))
    return BidRow(bid.procurement.ref, bid.vendor.name, bid.vendor.uid[:8], bid.version,
                  bid.status, bid.late, bid.received_at, bid.received_by, bid.file_name, size,
                  bid.sha256, bid.bidder_name, bid.withdrawn_at, flags)
