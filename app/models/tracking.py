"""Stamps every synced record and writes the audit trail, for every ORM write.

Doing this in one `before_flush` hook, rather than in each service, means no write path can
forget it: a new or edited record gets its uid, version, change sequence, timestamp and
content hash, and one AuditEntry saying who changed what from what to what.

Bulk paths that use Core `insert()` bypass the hook; `app.models.bulk.insert_synced` stamps
and audits their rows the same way.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.orm import Session

from app.models.base import Kept, Synced, new_uid
from app.models.instance import AuditEntry, Counter
from app.models.portable import NON_CONTENT_COLUMNS, content_hash, jsonable, portable_fields
from app.models.types import utcnow

CHANGE_SEQ = "change_seq"
# Key of an edit's audit entry holding the version last synced (never a column name).
SYNCED_VERSION = "_synced_version"
# Audit action: this instance handed the record to a new owner at {"version": N}.
HANDOVER = "handover"

# session.info keys
OPERATOR = "operator"
OWNER = "owner"
# Set by sync apply: records arrive already stamped by their owner; keep their version, seq
# and hash as given, and audit them as action "sync".
APPLYING_REMOTE = "applying_remote"
# Set alongside APPLYING_REMOTE: what the remote writes' entries say they came from, merged
# into their changes ({SOURCE_KEY: "region:4", BUNDLE_KEY: uid}) so that the history can
# answer "where did this value come from" for every field.
SYNC_ORIGIN = "sync_origin"
SOURCE_KEY = "_source"
BUNDLE_KEY = "_bundle"


class AuditTrailError(RuntimeError):
    """An attempt to change or remove the audit trail: it is append-only."""


def next_change_seq(session: Session) -> int:
    """Take the next value of the store's change counter (one per flush)."""
    connection = session.connection()
    result = connection.execute(
        update(Counter).where(Counter.name == CHANGE_SEQ).values(value=Counter.value + 1)
    )
    if result.rowcount == 0:
        connection.execute(insert(Counter).values(name=CHANGE_SEQ, value=1))
        return 1
    return int(
        connection.execute(select(Counter.value).where(Counter.name == CHANGE_SEQ)).scalar_one()
    )


def _apply_scalar_defaults(obj: Any) -> None:
    """Column defaults are applied by the INSERT, after this hook; the hash needs them now."""
    for attr in inspect(obj).mapper.column_attrs:
        column = attr.columns[0]
        if getattr(obj, attr.key) is None and column.default is not None \
                and column.default.is_scalar:
            setattr(obj, attr.key, column.default.arg)


def _changed_fields(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in NON_CONTENT_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [jsonable(old), jsonable(new)]
    return changes


def audit_row(operator: str, entity: str, record_uid: str, action: str,
              changes: dict[str, Any]) -> dict[str, Any]:
    return {"at": utcnow(), "operator": operator, "entity": entity,
            "record_uid": record_uid, "action": action, "changes": changes}


def _audit_kept(session: Session, operator: str) -> None:
    """Records kept in this store only (sealed bids) are audited alike, without sync stamps."""
    new = [o for o in session.new if isinstance(o, Kept)]
    dirty = [o for o in session.dirty if isinstance(o, Kept) and session.is_modified(o)]
    with session.no_autoflush:
        for obj in new:
            obj.uid = obj.uid or new_uid()
            _apply_scalar_defaults(obj)
            session.add(AuditEntry(**audit_row(operator, obj.__tablename__, obj.uid, "create",
                                               portable_fields(obj))))
        for obj in dirty:
            changes = _changed_fields(obj)
            if changes:
                session.add(AuditEntry(**audit_row(operator, obj.__tablename__, obj.uid,
                                                   "update", changes)))


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    operator = session.info.get(OPERATOR, "unknown")
    _audit_kept(session, operator)
    new = [o for o in session.new if isinstance(o, Synced)]
    dirty = [o for o in session.dirty if isinstance(o, Synced) and session.is_modified(o)]
    if not new and not dirty:
        return
    if session.info.get(APPLYING_REMOTE):
        _audit_remote(session, operator, new, dirty)
        return
    with session.no_autoflush:
        for obj in new:  # uids first, so children flushed alongside can name their parents
            obj.uid = obj.uid or new_uid()
            _apply_scalar_defaults(obj)
        updates: list[tuple[Any, dict[str, list[Any]]]] = []
        for obj in dirty:
            changes = _changed_fields(obj)
            if changes:
                updates.append((obj, changes))
        if not new and not updates:
            return
        seq = next_change_seq(session)
        now = utcnow()
        for obj in new:
            if not obj.owner:
                obj.owner = session.info.get(OWNER, "")
            obj.version = 1
            fields = portable_fields(obj)
            obj.seq, obj.updated_at, obj.content_hash = seq, now, content_hash(fields)
            session.add(AuditEntry(**audit_row(operator, obj.__tablename__, obj.uid, "create",
                                               fields)))
        for obj, changes in updates:
            action = "delete" if changes.get("deleted") == [False, True] else "update"
            if obj.seq == 0:
                # The first edit here since the record was last synced: note the version
                # both instances then held, which the next import compares the owner's with
                # (a newer owner version is a conflict, the same one is old news).
                changes = {**changes, SYNCED_VERSION: obj.version}
            obj.version = (obj.version or 0) + 1
            obj.seq, obj.updated_at = seq, now
            obj.content_hash = content_hash(portable_fields(obj))
            session.add(AuditEntry(**audit_row(operator, obj.__tablename__, obj.uid, action,
                                               changes)))


def _audit_remote(session: Session, operator: str, new: list[Any], dirty: list[Any]) -> None:
    origin = dict(session.info.get(SYNC_ORIGIN) or {})
    with session.no_autoflush:
        for obj in new:
            session.add(AuditEntry(**audit_row(operator, obj.__tablename__, obj.uid, "sync",
                                               {**portable_fields(obj), **origin})))
        for obj in dirty:
            changes = _changed_fields(obj)
            if changes:
                session.add(AuditEntry(**audit_row(operator, obj.__tablename__, obj.uid,
                                                   "sync", {**changes, **origin})))


def _guard_trail(session: Session, _ctx: Any, _instances: Any) -> None:
    """The trail is append-only: no flush may change or remove an entry."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted
                                            or session.is_modified(obj)):
            raise AuditTrailError("The audit trail is append-only: an entry cannot be "
                                  "changed or deleted.")


def _guard_statements(state: Any) -> None:
    """Nor may an UPDATE or DELETE statement run through a session touch it."""
    if state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) == AuditEntry.__tablename__:
            raise AuditTrailError("The audit trail is append-only: an entry cannot be "
                                  "changed or deleted.")


def install(session_class: type[Session] = Session) -> None:
    if not event.contains(session_class, "before_flush", _guard_trail):
        event.listen(session_class, "before_flush", _guard_trail)
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
    if not event.contains(session_class, "do_orm_execute", _guard_statements):
        event.listen(session_class, "do_orm_execute", _guard_statements)


def note_handover(session: Session, records: list[Any]) -> None:
    """Audit that this instance made or changed `records` for their owner, another instance,
    at their current version: the next bundle to the owner carries them, and the owner's
    later versions of them arrive here as updates rather than conflicts."""
    session.flush()
    operator = session.info.get(OPERATOR, "unknown")
    for record in records:
        session.add(AuditEntry(**audit_row(operator, record.__tablename__, record.uid,
                                           HANDOVER, {"version": record.version,
                                                      "to": record.owner})))
    session.flush()
