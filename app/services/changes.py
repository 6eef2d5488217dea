"""How many of this instance's own changes have not yet left in a sync bundle.

Each synced record carries the change sequence of its last local write. Per receiver
(`state`, `region:3`) the store keeps two watermarks in `counters`: the highest sequence
exported to it (`exported_seq:<scope>`) and the highest it acknowledged having applied
(`acked_seq:<scope>`); incremental export sends what is above the acknowledged one.
EXPORTED_SEQ is the summary the status bar uses: for a region, what went to the state; for
the state, what went to every region.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models import AuditEntry, Base, Counter, Synced
from app.models.db import Store
from app.models.tracking import HANDOVER
from app.services.scope import current_identity

EXPORTED_SEQ = "exported_seq"
REGION_SCOPES = tuple(f"region:{n}" for n in range(1, 9))


def synced_models() -> list[type]:
    return [mapper.class_ for mapper in Base.registry.mappers
            if issubclass(mapper.class_, Synced)]


def counter_value(session: Session, name: str) -> int:
    return int(session.scalar(select(Counter.value).where(Counter.name == name)) or 0)


def raise_counter(session: Session, name: str, value: int) -> None:
    """Set counter `name` to `value` unless it is already higher (watermarks never go back)."""
    row = session.get(Counter, name)
    if row is None:
        session.add(Counter(name=name, value=value))
    elif row.value < value:
        row.value = value
    session.flush()


def exported_seq(session: Session, receiver: str | None = None) -> int:
    if receiver is None:
        return counter_value(session, EXPORTED_SEQ)
    return counter_value(session, f"{EXPORTED_SEQ}:{receiver}")


def acked_seq(session: Session, receiver: str) -> int:
    return counter_value(session, f"acked_seq:{receiver}")


def record_export(session: Session, receiver: str, seq_to: int) -> None:
    """After writing a bundle for `receiver`: move its watermark and the summary one."""
    raise_counter(session, f"{EXPORTED_SEQ}:{receiver}", seq_to)
    if current_identity(session).role == "region":
        raise_counter(session, EXPORTED_SEQ, seq_to)
    else:
        raise_counter(session, EXPORTED_SEQ,
                      min(exported_seq(session, scope) for scope in REGION_SCOPES))


def record_ack(session: Session, receiver: str, seq: int) -> None:
    raise_counter(session, f"acked_seq:{receiver}", seq)


def unexported_changes(session: Session, receiver: str | None = None) -> int:
    """Records changed here after the last export (to `receiver`): this instance's own, and
    its edits of records others own (those travel to their owner too)."""
    owner = current_identity(session).owner_scope
    since = exported_seq(session, receiver)
    total = 0
    for model in synced_models():
        table = model.__table__
        total += int(session.scalar(select(func.count()).select_from(table).where(
            or_(table.c.owner == owner, changed_here(table)), table.c.seq > since)) or 0)
    return total


def changed_here(table: Any) -> Any:
    """SQL: a record with a change sequence here that is more than the copy made at init —
    edited here, or made or moved here for its owner (noted as handed over). Together with
    `seq > watermark` it picks others' records that travel to their owner. Synced copies
    have seq 0; version 1 with a sequence is the copy made at init."""
    handed = select(AuditEntry.record_uid).where(AuditEntry.action == HANDOVER,
                                                 AuditEntry.entity == table.name)
    return or_(table.c.version > 1, table.c.uid.in_(handed))


def change_marker(session: Session) -> tuple[int, ...]:
    """A few numbers that move whenever anything is written to the store, by any program:
    the audit trail (every record write, bulk and sync included), the counters (change
    sequence, sync watermarks), the bundle log, trusted keys and conflicts. One small
    indexed query, cheap enough to poll from an open window every few seconds."""
    from app.models import Conflict
    from app.models.sync import BundleLog, SyncPeer

    row = session.execute(select(
        select(func.coalesce(func.max(AuditEntry.id), 0)).scalar_subquery(),
        select(func.coalesce(func.sum(Counter.value), 0)).scalar_subquery(),
        select(func.coalesce(func.max(BundleLog.id), 0)).scalar_subquery(),
        select(func.count(SyncPeer.id)).scalar_subquery(),
        select(func.coalesce(func.max(Conflict.id), 0)).scalar_subquery(),
        select(func.count(Conflict.id)).where(Conflict.status == "open")
        .scalar_subquery())).one()
    return tuple(int(value) for value in row)


def marker_if_free(store: Store) -> tuple[int, ...] | None:
    """The change marker, or None while another program holds the store busy or locked (an
    open window polling it simply looks again next time)."""
    try:
        with store.session() as session:
            return change_marker(session)
    except OperationalError:
        return None
