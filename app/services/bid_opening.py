"""The bid opening: recorded once, never undone, and only after the bids were due; until it
is recorded every price stays sealed (rules: `app.rules.bid_opening`).

`require_opened` is the one gate: everything that shows a price — the tabulation, its XLSX
and PDF, the UI — goes through it. Before the opening, `sealed_view` says only who bid and
when. The opening row is `Kept`, so it is audited (who, when) and never leaves the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import Bid, BidOpening
from app.models.procurement import Procurement
from app.models.types import utcnow
from app.reports.tabulation_dto import OpeningRecord, ReceivedBid
from app.rules.award import derived_status
from app.rules.bid_opening import (
    nc_time_text,
    opening_outcome,
    outcome_text,
    public_from,
)
from app.services import packet_settings
from app.services.bids import bid_deadline
from app.services.erate import find_procurement
from app.services.scope import require_state

NAME_MAX = 120


@dataclass(frozen=True)
class SealedView:
    """What may be shown of a procurement's bids before the opening."""

    ref: str
    title: str
    deadline: datetime | None
    bids: tuple[ReceivedBid, ...]
    opening: OpeningRecord | None

    @property
    def sealed(self) -> bool:
        return self.opening is None

    def summary(self) -> str:
        current = [b for b in self.bids if b.status == "current"]
        if not current:
            return f"sealed: no bids received for {self.ref}."
        names = ", ".join(sorted({b.vendor for b in current}))
        late = sum(1 for b in current if b.late)
        return (f"sealed: {len(current)} bid(s) received from {names}"
                + (f" ({late} late, not to be opened)" if late else "")
                + "; prices hidden until the opening.")


def received_bids(session: Session, procurement: Procurement) -> list[ReceivedBid]:
    rows = session.scalars(select(Bid).where(Bid.procurement_id == procurement.id)
                           .order_by(Bid.received_at, Bid.id))
    return [ReceivedBid(b.vendor.name, b.version, b.status, b.late, b.received_at,
                        b.file_name, b.sha256) for b in rows]


def _record(procurement: Procurement, row: BidOpening, bids: Iterable[ReceivedBid]
            ) -> OpeningRecord:
    listed = list(bids)
    on_time = sum(1 for b in listed if b.opened)
    late = sum(1 for b in listed if b.late and b.status == "current")
    return OpeningRecord(row.opened_at, row.opened_by,
                         tuple(w for w in row.witnesses.splitlines() if w.strip()),
                         row.place, row.outcome, outcome_text(row.outcome, on_time, late),
                         public_from(procurement.method), row.notes)


def opening_row(session: Session, procurement: Procurement) -> BidOpening | None:
    return session.scalar(select(BidOpening).where(
        BidOpening.procurement_id == procurement.id))


def deadline_of(session: Session, procurement: Procurement) -> datetime | None:
    """When bids are due (intake's one rule, `bids.bid_deadline`); None while the due date
    or time is not set."""
    try:
        return bid_deadline(session, procurement)
    except UserError:
        return None


def sealed_view(session: Session, ref: str | int) -> SealedView:
    """Who bid and when (and the opening, once recorded): never a price."""
    procurement = find_procurement(session, ref)
    bids = received_bids(session, procurement)
    row = opening_row(session, procurement)
    return SealedView(procurement.ref, procurement.title, deadline_of(session, procurement),
                      tuple(bids), _record(procurement, row, bids) if row else None)


def require_opened(session: Session, procurement: Procurement) -> OpeningRecord:
    """The opening record; refused (nothing shown) while the bids are sealed."""
    row = opening_row(session, procurement)
    if row is None:
        raise UserError(
            f"The bids for {procurement.ref} are sealed until the opening is recorded "
            f"(`consortium bids open {procurement.ref} --by NAME`); until then only who "
            "bid and when can be shown.")
    return _record(procurement, row, received_bids(session, procurement))


def open_bids(session: Session, ref: str | int, by: str, witnesses: Iterable[str] = (),
              place: str = "", notes: str = "", now: datetime | None = None
              ) -> OpeningRecord:
    """Record the opening of a procurement's bids: once, after the deadline. From then on
    prices are visible; the outcome (bids, one bid, no bids) is kept with its sentence."""
    require_state(session, "The bid opening")
    procurement = find_procurement(session, ref)
    by = (by or "").strip()
    people = tuple(w.strip() for w in witnesses if w and w.strip())
    if not by:
        raise UserError("bid opening, field 'by': who opens the bids is required.")
    for name in (by, *people):
        if len(name) > NAME_MAX or "\n" in name:
            raise UserError(f"bid opening: '{name[:40]}' is not a name (one line, at most "
                            f"{NAME_MAX} characters).")
    existing = opening_row(session, procurement)
    if existing is not None:
        raise UserError(f"The bids for {procurement.ref} were already opened on "
                        f"{nc_time_text(existing.opened_at)} by {existing.opened_by}; an opening "
                        "cannot be undone or repeated.")
    moment = now or utcnow()
    deadline = deadline_of(session, procurement)
    if deadline is None:
        raise UserError(f"{procurement.ref}: the bid due date and time are not set, so the "
                        "bids cannot be opened (`consortium procurement set REF bid_due_on "
                        "YYYY-MM-DD`, `consortium packet text REF bid_due_time --value "
                        "'2:00 PM'`).")
    if moment < deadline:
        raise UserError(f"{procurement.ref}: bids are due {nc_time_text(deadline)}; they cannot be "
                        "opened before then.")
    bids = received_bids(session, procurement)
    outcome = opening_outcome(sum(1 for b in bids if b.opened))
    place = place.strip() or packet_settings.facts(session, procurement).get(
        "opening_place", "")
    row = BidOpening(procurement=procurement, opened_at=moment, opened_by=by,
                     witnesses="\n".join(people), place=place, outcome=outcome,
                     notes=notes.strip())
    session.add(row)
    # The status follows the facts: opened bids are being evaluated (no lot is awarded yet).
    procurement.status = derived_status(procurement.status, True, len(procurement.lots), 0)
    session.flush()
    return _record(procurement, row, bids)
