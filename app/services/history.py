"""Reading the audit trail for people: who changed what, when, old → new, and where.

The trail itself is written by `app.models.tracking` (every ORM write), `app.models.bulk`
and the bundle import (`app.sync.apply`); this module only reads it. A record's story
includes the records about it — a member's schools, contacts, letters, needs and
allocations; a procurement's lots, bids, awards, contracts... — found by following foreign
keys down from the record, so a new table is covered without a list to keep up to date.

Records that arrived new in a bundle share one entry per entity and bundle (naming their
uids, not their values: those stay in the bundle kept under bundles/in); such an entry is
shown for each record it names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models import AuditEntry, Base, Member
from app.models.procurement import Procurement
from app.models.sync import BundleLog
from app.models.tracking import BUNDLE_KEY, HANDOVER, SOURCE_KEY

CHUNK = 500
HERE = "this instance"
CONFLICT = "conflict resolution"
BLANK = "(blank)"
# Keys of an entry's changes that are bookkeeping, not fields of the record.
BOOKKEEPING = frozenset({"bundle", "version", "fields", "new", "uids", "resolution", "to"})
ACTIONS = {"create": "created", "update": "changed", "delete": "deleted",
           "sync": "arrived", HANDOVER: "handed over", "moved away": "moved away"}


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one record, as a person reads it."""

    when: datetime
    who: str
    where: str  # this instance, bundle from Region N / the state, conflict resolution
    entity: str
    record_uid: str
    record: str  # "need 630 · Wireless access point…"
    action: str  # created, changed, deleted, arrived (new), arrived, handed over...
    changes: tuple[tuple[str, Any, Any], ...]  # (field, old, new); creates: (field, None, v)

    def as_json(self) -> dict[str, Any]:
        return {"when": self.when.isoformat(), "who": self.who, "where": self.where,
                "entity": self.entity, "record_uid": self.record_uid, "record": self.record,
                "action": self.action,
                "changes": [{"field": f, "old": o, "new": n} for f, o, n in self.changes]}


def value_text(value: Any, width: int | None = None) -> str:
    """A stored value as read: nothing for None; `width` cuts long texts with "…"."""
    text = "" if value is None else str(value)
    return text if width is None or len(text) <= width else text[:width - 1] + "…"


def change_text(old: Any, new: Any, width: int | None = None) -> str:
    """"12 → 15"; a first value (a created record's) reads "12"; a blank one "(blank)"."""
    if old is None:
        return value_text(new, width)
    return f"{value_text(old, width) or BLANK} → {value_text(new, width) or BLANK}"


def scope_text(scope: str) -> str:
    """"region:4" → "Region 4"; "state" → "the state"."""
    if scope.startswith("region:"):
        return f"Region {scope.removeprefix('region:')}"
    return "the state" if scope == "state" else scope or "an unknown sender"


# --- which records ------------------------------------------------------------------------
def _models() -> dict[str, Any]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers
            if hasattr(m.class_, "uid")}


def _children() -> dict[str, list[tuple[Any, str]]]:
    """parent table -> [(child model, FK attribute)], for FKs to the parent's id."""
    out: dict[str, list[tuple[Any, str]]] = defaultdict(list)
    for model in _models().values():
        for column in model.__table__.columns:
            for fk in column.foreign_keys:
                if fk.column.name == "id" and fk.column.table.name != model.__tablename__:
                    out[fk.column.table.name].append((model, column.key))
    return out


def family(session: Session, root: Any) -> list[Any]:
    """`root` and every record that points at it, directly or through another (a need's
    allocations; a procurement's lots, their items, the bids on them...)."""
    children = _children()
    seen: dict[str, set[int]] = defaultdict(set)
    records: list[Any] = [root]
    seen[root.__tablename__].add(root.id)
    frontier: dict[str, set[int]] = {root.__tablename__: {root.id}}
    while frontier:
        found: dict[str, set[int]] = defaultdict(set)
        for table, ids in frontier.items():
            for model, key in children.get(table, []):
                id_list = sorted(ids)
                for start in range(0, len(id_list), CHUNK):
                    for row in session.scalars(select(model).where(
                            getattr(model, key).in_(id_list[start:start + CHUNK]))):
                        if row.id not in seen[model.__tablename__]:
                            seen[model.__tablename__].add(row.id)
                            found[model.__tablename__].add(row.id)
                            records.append(row)
        frontier = dict(found)
    return records


def label(record: Any) -> str:
    """How a person recognises the record: "need 630 · Wireless access point…"."""
    table = record.__tablename__
    member = getattr(record, "member", None) if table != "members" else None
    whose = f"{member.code} · " if member is not None else ""
    if table == "members":
        return f"member {record.code} {record.name}"
    if table == "procurements":
        return f"procurement {record.ref}"
    if table == "needs":
        return f"need {whose}{_short(record.description)}"
    if table == "allocations":
        award = record.award
        vendor = award.vendor.name if award is not None and award.vendor is not None else ""
        contract = award.contract.number if award is not None and award.contract else ""
        to = f" → {vendor}" if vendor else " (not awarded)"
        under = f" under contract {contract}" if contract else ""
        return f"allocation {whose}{_short(record.need.description)}{to}{under}"
    if table == "awards":
        vendor = record.vendor.name if record.vendor is not None else "no award"
        return f"award lot {record.lot_number} → {vendor}"
    if table == "contracts":
        return f"contract {record.number}"
    noun = table.removesuffix("s").replace("_", " ")
    text = getattr(record, "name", None) or getattr(record, "description", None) or \
        getattr(record, "title", None) or getattr(record, "number", None) or \
        (member.name if member is not None else record.uid[:8])
    return f"{noun} {whose}{_short(str(text))}"


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


# --- reading the trail ----------------------------------------------------------------------
def history(session: Session, *, record_uid: str | None = None, member: str | None = None,
            procurement: str | None = None, since: date | None = None,
            limit: int | None = None) -> list[HistoryEntry]:
    """The trail of one record (with the records pointing at it), a member (code) or a
    procurement (ref), oldest first; `since` a day, `limit` the newest N entries."""
    if sum(x is not None for x in (record_uid, member, procurement)) != 1:
        raise UserError("Name one of: a record uid, a member code or a procurement id.")
    if limit is not None and limit < 1:
        raise UserError(f"limit: {limit} is not a number of changes (1 or more)")
    root = _root(session, record_uid, member, procurement)
    if isinstance(root, AuditEntry):  # removed from this store: its trail remains
        labels = {root.record_uid: f"{root.entity.removesuffix('s').replace('_', ' ')} "
                                   f"{root.record_uid[:8]}… (no longer here)"}
        entities = {root.record_uid: root.entity}
    else:
        records = family(session, root)
        labels = {r.uid: label(r) for r in records}
        entities = {r.uid: r.__tablename__ for r in records}
    sources = _bundle_sources(session)
    start = datetime.combine(since, time.min, tzinfo=UTC) if since else None
    out: list[tuple[int, HistoryEntry]] = []
    uids = list(labels)
    for index in range(0, len(uids), CHUNK):
        query = select(AuditEntry).where(AuditEntry.record_uid.in_(uids[index:index + CHUNK]))
        if start is not None:
            query = query.where(AuditEntry.at >= start)
        for entry in session.scalars(query):
            if not _bookkeeping(entry):
                out.append((entry.id, _entry(entry, labels[entry.record_uid], sources)))
    # Records that arrived new in a bundle: one entry per entity and bundle names them.
    query = select(AuditEntry).where(AuditEntry.action == "sync",
                                     AuditEntry.entity.in_(set(entities.values())),
                                     AuditEntry.record_uid.in_(list(sources)))
    if start is not None:
        query = query.where(AuditEntry.at >= start)
    for entry in session.scalars(query):
        named = entry.changes.get("uids", []) if isinstance(entry.changes, dict) else []
        for uid in set(named) & labels.keys():
            out.append((entry.id, _arrived(entry, uid, entities[uid], labels[uid], sources)))
    out.sort(key=lambda pair: (pair[1].when, pair[0]))
    entries = [entry for _id, entry in out]
    return entries[-limit:] if limit else entries


def _root(session: Session, record_uid: str | None, member: str | None,
          procurement: str | None) -> Any:
    if member is not None:
        member = member.strip().upper()  # codes are kept upper-case: 63a is 63A
        found = session.scalar(select(Member).where(Member.code == member))
        if found is None:
            raise NotFoundError(f"No member with code {member}.")
        return found
    if procurement is not None:
        procurement = procurement.strip().upper()
        found = session.scalar(select(Procurement).where(Procurement.ref == procurement))
        if found is None:
            raise NotFoundError(f"No procurement {procurement}.")
        return found
    record_uid = (record_uid or "").strip()
    for model in _models().values():
        found = session.scalar(select(model).where(model.uid == record_uid))
        if found is not None:
            return found
    # A record removed from this store (a member moved to another region) keeps its trail.
    entry = session.scalars(select(AuditEntry).where(AuditEntry.record_uid == record_uid)
                            .order_by(AuditEntry.id)).first()
    if entry is not None:
        return entry
    raise NotFoundError(f"No record with uid {record_uid} in this store.")


def _bundle_sources(session: Session) -> dict[str, str]:
    """Bundle uid -> sender scope, for every bundle applied here (the log knows the sender
    of bundles imported before their audit entries named it)."""
    return {uid: scope for uid, scope in session.execute(select(
        BundleLog.bundle_uid, BundleLog.peer_scope).where(BundleLog.direction == "in"))}


def _where(entry: AuditEntry, sources: dict[str, str]) -> str:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if "_conflict" in changes or "resolution" in changes:
        return CONFLICT
    if entry.action in ("sync", "moved away"):
        scope = changes.get(SOURCE_KEY) or sources.get(
            str(changes.get("bundle") or changes.get(BUNDLE_KEY) or ""))
        return f"bundle from {scope_text(scope)}" if scope else "a bundle"
    return HERE


def _triples(changes: Any, action: str) -> tuple[tuple[str, Any, Any], ...]:
    if not isinstance(changes, dict):
        return ()
    if action == "create":
        return tuple((k, None, v) for k, v in changes.items() if k != "uid")
    if action in ("sync", "moved away") and isinstance(changes.get("fields"), dict):
        fields = changes["fields"]
        if action == "moved away":
            return tuple((k, v, None) for k, v in fields.items() if k != "uid")
        return tuple((k, *_pair(v)) for k, v in fields.items())
    if action == HANDOVER:
        return (("owner", None, changes.get("to")), ("version", None, changes.get("version")))
    return tuple((k, *_pair(v)) for k, v in changes.items()
                 if not k.startswith("_") and k not in BOOKKEEPING)


def _pair(value: Any) -> tuple[Any, Any]:
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    return None, value


def _bookkeeping(entry: AuditEntry) -> bool:
    """A resolved conflict's note that this store has seen the owner's version, with no
    field of its own: the entry beside it tells what was kept."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return entry.action == "sync" and "resolution" in changes and not changes.get("fields")


def _action(entry: AuditEntry) -> str:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    kept = changes.get("_kept") or changes.get("resolution") or \
        ("theirs" if "_conflict" in changes else None)
    if kept:  # "fields": some of each side's
        return "kept some of each" if kept == "fields" else f"kept {kept}"
    return ACTIONS.get(entry.action, entry.action)


def _entry(entry: AuditEntry, record: str, sources: dict[str, str]) -> HistoryEntry:
    return HistoryEntry(entry.at, entry.operator, _where(entry, sources), entry.entity,
                        entry.record_uid, record, _action(entry),
                        _triples(entry.changes, entry.action))


def _arrived(entry: AuditEntry, uid: str, entity: str, record: str,
             sources: dict[str, str]) -> HistoryEntry:
    return HistoryEntry(entry.at, entry.operator, _where(entry, sources), entity, uid, record,
                        "arrived (new)", ())
