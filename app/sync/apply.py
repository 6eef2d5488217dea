"""Applying a verified bundle: plan again inside ONE transaction, write, record the bundle.

Records arrive stamped by their owner: they keep the owner's version and `updated_at`, and
get `seq = 0` here, which marks "as last synced" (a later local edit gives them a real
sequence, which is how the next plan knows they were edited here). Writes are audited with
action "sync": one entry per entity naming the records that arrived new, one per updated
record with its changed fields and the owner's version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.models import AuditEntry, Member, region_owner, table_of
from app.models.db import Store
from app.models.portable import content_hash, portable_fields
from app.models.sync import BundleLog, Conflict, SyncPeer
from app.models.tracking import (
    APPLYING_REMOTE,
    BUNDLE_KEY,
    OPERATOR,
    SOURCE_KEY,
    SYNC_ORIGIN,
    next_change_seq,
)
from app.models.types import utcnow
from app.services.changes import exported_seq, record_ack
from app.services.progress import CancelToken, ProgressFn, no_progress
from app.services.scope import current_identity
from app.sync.conflicts import DECLINED
from app.sync.format import EntitySpec, entity_specs, to_python
from app.sync.kept import COPY_RESTORED, discard, is_kept, kept_path, publish, stage
from app.sync.moved_away import release_moved_members
from app.sync.plan import Planner
from app.sync.plan_types import Incoming, Plan, Refusal

BATCH = 5000


@dataclass
class ImportResult:
    bundle_uid: str
    source_scope: str
    already_imported: bool
    dry_run: bool
    counts: dict[str, dict[str, int]]
    refused: list[Refusal] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    assignments: int = 0

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for entity in self.counts.values():
            for key, value in entity.items():
                out[key] = out.get(key, 0) + value
        return out

    def as_json(self) -> dict[str, Any]:
        return {"bundle_uid": self.bundle_uid, "source": self.source_scope,
                "already_imported": self.already_imported, "dry_run": self.dry_run,
                "counts": self.counts, "totals": self.totals(),
                "refused": [r.as_json() for r in self.refused],
                "conflicts": self.conflicts, "member_assignments": self.assignments,
                "notes": self.notes}


def result_of(plan: Plan, dry_run: bool) -> ImportResult:
    conflicts = [{"entity": c.spec.name, "uid": c.row["uid"], "label": c.label,
                  "local_version": c.local.version if c.local else None,
                  "remote_version": c.row["version"]} for c in plan.conflicts()]
    return ImportResult(plan.bundle.uid, plan.bundle.source_scope, plan.already_imported,
                        dry_run, plan.counts(), plan.refusals(), conflicts, list(plan.notes),
                        len(plan.assignments))


def _layout(spec: EntitySpec) -> list[tuple[str, str, Any]]:
    """(column to write, field to read, converter or None) for each field, worked out once."""
    out: list[tuple[str, str, Any]] = []
    for name, field_spec in spec.fields.items():
        if name.endswith("_uid") and name[:-4] in spec.parents:
            out.append((spec.parents[name[:-4]][0], name[:-4], "parent"))
        elif field_spec.kind in ("decimal", "date", "datetime"):
            out.append((name, name, field_spec))
        else:
            out.append((name, name, None))
    return out


def _values(layout: list[tuple[str, str, Any]], item: Incoming,
            parent_ids: dict[str, int | None]) -> dict[str, Any]:
    fields = item.fields
    values: dict[str, Any] = {}
    for column, name, how in layout:
        if how is None:
            values[column] = fields[name]
        elif how == "parent":
            values[column] = parent_ids[name]
        else:
            values[column] = to_python(how, fields[name])
    values.update(version=item.row["version"], seq=0, content_hash=item.hash,
                  updated_at=datetime.fromisoformat(item.row["updated_at"]))
    return values


def _memo(processor: Any, values: list[Any]) -> list[Any]:
    """Apply a bind processor once per distinct value (bundles repeat dates, prices, flags)."""
    try:
        distinct = set(values)
    except TypeError:  # unhashable (JSON lists and dicts)
        return list(map(processor, values))
    if len(distinct) * 2 > len(values):  # mostly distinct: a cache would cost more than it saves
        return list(map(processor, values))
    converted = {value: processor(value) for value in distinct}
    return list(map(converted.__getitem__, values))


def fast_insert_columns(session: Session, table: Any, columns: dict[str, list[Any]],
                        raw: frozenset[str] = frozenset()) -> None:
    """executemany with the columns' own bind processors, compiled once: the same rows the
    Core `insert()` would send, without its per-row parameter bookkeeping (3x faster).
    `columns` maps column name to its values; those in `raw` are already in driver form."""
    connection = session.connection()
    dialect = connection.dialect
    keys = list(columns)
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    names = list(compiled.positiontup) if dialect.positional else keys  # type: ignore[arg-type]
    ready = []
    for name in names:  # a column at a time: one pass per column, not a call per value
        processor = None if name in raw else \
            table.c[name].type._cached_bind_processor(dialect)
        ready.append(_memo(processor, columns[name]) if processor else columns[name])
    if dialect.positional:
        params: list[Any] = list(zip(*ready, strict=True))
    else:
        params = [dict(zip(names, values, strict=True)) for values in zip(*ready, strict=True)]
    connection.exec_driver_sql(str(compiled), params)


class Applier:
    def __init__(self, session: Session, plan: Plan) -> None:
        self.session, self.plan = session, plan
        self.now = utcnow()
        self.operator = session.info.get(OPERATOR, "unknown")
        self.bundle_uid = plan.bundle.uid
        self.source = plan.bundle.source_scope  # named in every entry: where values came from
        self.specs = entity_specs()
        self.new_ids: dict[str, dict[str, int]] = {}  # table -> uid -> id, inserted here
        self._handover_seq: int | None = None

    def handover_seq(self) -> int:
        """One change sequence for every record handed over by this bundle."""
        if self._handover_seq is None:
            self._handover_seq = next_change_seq(self.session)
        return self._handover_seq

    def audit(self, spec: EntitySpec, uid: str, version: int,
              changes: dict[str, Any] | None = None) -> dict[str, Any]:
        body: Any = {"bundle": self.bundle_uid, "version": version, SOURCE_KEY: self.source}
        if changes:
            body["fields"] = changes
        return {"at": self.now, "operator": self.operator, "entity": spec.name,
                "record_uid": uid, "action": "sync", "changes": body}

    def parent_ids(self, item: Incoming) -> dict[str, int | None]:
        if all(v is not None for v in item.parent_ids.values()) and \
                len(item.parent_ids) == len(item.spec.parents):
            return item.parent_ids
        ids = dict(item.parent_ids)
        for rel, (_column, parent) in item.spec.parents.items():
            uid = item.row[f"{rel}_uid"]
            if uid is not None and ids.get(rel) is None:
                ids[rel] = self.new_ids[parent][uid]
        return ids

    def columns(self, spec: EntitySpec, items: list[Incoming]) -> dict[str, list[Any]]:
        """The rows to insert, a column at a time (C-level maps: 100k rows × 20 columns)."""
        out: dict[str, list[Any]] = {}
        fields = [i.fields for i in items]
        rows = [i.row for i in items]
        for column, name, how in _layout(spec):
            if how is None:
                out[column] = list(map(itemgetter(name), fields))
            elif how == "parent":
                parent = spec.parents[name][1]
                new_ids = self.new_ids.get(parent, {})
                out[column] = [
                    i.parent_ids[name] if i.parent_ids.get(name) is not None
                    or i.row[f"{name}_uid"] is None else new_ids[i.row[f"{name}_uid"]]
                    for i in items]
            else:
                values = list(map(itemgetter(name), fields))
                converted = {v: to_python(how, v) for v in set(values)}
                out[column] = list(map(converted.__getitem__, values))
        out["version"] = list(map(itemgetter("version"), rows))
        out["seq"] = [self.handover_seq() if i.handover else 0 for i in items]
        out["content_hash"] = [i.hash for i in items]
        out["updated_at"] = list(map(datetime.fromisoformat, map(itemgetter("updated_at"), rows)))
        return out

    def insert_new(self, spec: EntitySpec, items: list[Incoming]) -> None:
        table = spec.table
        referenced = any(parent == spec.name for other in self.specs.values()
                         for _c, parent in other.parents.values())
        for start in range(0, len(items), BATCH):
            batch = items[start:start + BATCH]
            fast_insert_columns(self.session, table, self.columns(spec, batch))
        if items:
            # One audit entry per entity and bundle names every record that arrived new (the
            # values are in the bundle, kept under bundles/in); a row per record doubled the
            # import's inserts. Records updated from a bundle keep an entry each, with fields.
            self.session.execute(insert(table_of(AuditEntry)).values(
                at=self.now, operator=self.operator, entity=spec.name,
                record_uid=self.bundle_uid, action="sync",
                changes={"bundle": self.bundle_uid, SOURCE_KEY: self.source, "new": len(items),
                         "uids": [i.row["uid"] for i in items]}))
        if referenced and items:
            ids = self.new_ids.setdefault(spec.name, {})
            uids = [i.row["uid"] for i in items]
            for start in range(0, len(uids), BATCH):
                for uid, local_id in self.session.execute(select(table.c.uid, table.c.id).where(
                        table.c.uid.in_(uids[start:start + BATCH]))):
                    ids[uid] = local_id

    def update_existing(self, spec: EntitySpec, items: list[Incoming]) -> list[int]:
        """Returns the ids of records that took the owner's uid (their children re-hash)."""
        table = spec.table
        model = spec.model
        rows, audits, rekeyed = [], [], []
        for item in items:
            assert item.local is not None
            obj = self.session.get(model, item.local.id)
            before = portable_fields(obj) if obj is not None else {}
            values = _values(_layout(spec), item, self.parent_ids(item))
            rows.append({"_id": item.local.id, **values})
            changes = {k: [before.get(k), v] for k, v in item.fields.items()
                       if before.get(k) != v}
            audits.append(self.audit(spec, item.row["uid"], item.row["version"], changes))
            if item.local.uid != item.row["uid"]:
                rekeyed.append(item.local.id)
        if rows:
            statement = update(table).where(table.c.id == bindparam("_id"))
            for start in range(0, len(rows), BATCH):
                self.session.connection().execute(statement, rows[start:start + BATCH])
            self.session.connection().execute(insert(table_of(AuditEntry)), audits)
        return rekeyed

    def rehash_children(self, parent: str, ids: list[int]) -> None:
        """Children name their parent by uid in their hash; a parent that took the owner's
        uid changes that text, not the child, so the child's hash is recomputed (no version,
        no sequence: the owner computes the same hash)."""
        self.session.expire_all()
        for spec in self.specs.values():
            for column, target in spec.parents.values():
                if target != parent:
                    continue
                table = spec.table
                children = self.session.scalars(select(spec.model).where(
                    getattr(spec.model, column).in_(ids))).all()
                for child in children:
                    self.session.connection().execute(
                        update(table).where(table.c.id == child.id).values(
                            content_hash=content_hash(portable_fields(child))))

    def store_conflicts(self, spec: EntitySpec, items: list[Incoming]) -> None:
        for item in items:
            assert item.local is not None
            open_one = self.session.scalar(select(Conflict.id).where(
                Conflict.record_uid == item.local.uid, Conflict.status == "open",
                Conflict.remote_version == item.row["version"]))
            if open_one is not None:
                continue
            obj = self.session.get(spec.model, item.local.id)
            label = item.label
            member = getattr(obj, "member", None) if spec.name != "members" else None
            if member is not None:  # a need, school, contact or letter: say whose
                label = f"{member.code} {member.name}: {label}"
            self.session.add(Conflict(
                entity=spec.name, record_uid=item.local.uid, label=label[:200],
                bundle_uid=self.bundle_uid, source_scope=self.plan.bundle.source_scope,
                local_version=item.local.version, remote_version=item.row["version"],
                local_fields=portable_fields(obj),
                remote_fields={**item.fields, **({DECLINED: True} if item.declined else {})},
                status="open"))

    def apply_assignments(self) -> None:
        for change in self.plan.assignments:
            member = self.session.get(Member, change.member_id)
            assert member is not None
            before = member.region
            member.region, member.owner = change.new_region, region_owner(change.new_region)
            self.session.flush()
            self.session.connection().execute(
                update(table_of(Member)).where(Member.id == member.id).values(
                    content_hash=content_hash(portable_fields(member)), seq=0))
            self.session.add(AuditEntry(**{**self.audit(
                self.specs["members"], member.uid, member.version,
                {"region": [before, change.new_region]})}))

    def run(self, progress: ProgressFn, cancel: CancelToken) -> None:
        total = len(self.plan.entities) + 1
        for index, (name, entity) in enumerate(self.plan.entities.items()):
            cancel.check()
            progress(index, total, f"Applying {name.replace('_', ' ')}…")
            spec = self.specs[name]
            self.insert_new(spec, entity.new)
            rekeyed = self.update_existing(spec, entity.updated)
            if rekeyed:
                self.rehash_children(name, rekeyed)
            self.store_conflicts(spec, entity.conflicts)
        self.apply_assignments()
        self.session.flush()


def _record(session: Session, plan: Plan, file_sha256: str) -> None:
    bundle = plan.bundle
    manifest, sender = bundle.manifest, bundle.sender
    identity = current_identity(session)
    peer = session.scalars(select(SyncPeer).where(
        SyncPeer.fingerprint == bundle.signer_fingerprint)).one()
    # Acknowledge only a gapless run of the sender's changes, and not past records held back
    # for a missing parent: the sender's next incremental bundle then carries them again.
    if not plan.held and manifest["seq_from"] <= peer.received_seq + 1:
        peer.received_seq = max(peer.received_seq, manifest["seq_to"])
    for ack in manifest["acks"]:  # shapes checked by the reader
        if ack["instance_uid"] == identity.uid:
            # The sender cannot have applied more than was sent to it: a larger claim would
            # make the next bundle to it silently skip changes.
            seq = min(ack["seq"], exported_seq(session, sender.scope))
            record_ack(session, sender.scope, seq)
            acked = ack.get("bundles", [])
            if acked:
                # Only bundles that went to the sender: a region confirms what it received.
                session.execute(update(BundleLog).where(
                    BundleLog.direction == "out", BundleLog.bundle_uid.in_(acked),
                    BundleLog.peer_scope == sender.scope,
                    BundleLog.acknowledged_at.is_(None)).values(acknowledged_at=utcnow()))
    session.add(BundleLog(
        direction="in", bundle_uid=bundle.uid, peer_instance_uid=sender.instance_uid,
        peer_scope=sender.scope, seq_from=manifest["seq_from"],
        seq_to=manifest["seq_to"], full=manifest["full"],
        created_at=datetime.fromisoformat(manifest["created_at"]),
        operator=session.info.get(OPERATOR, ""), file_name=str(bundle.path),
        file_sha256=file_sha256, counts=plan.counts()))


def apply_bundle(store: Store, bundle: Any, progress: ProgressFn = no_progress,
                 cancel: CancelToken | None = None) -> ImportResult:
    """Plan and apply `bundle` (already read and verified) in one transaction, with its kept
    copy staged before the commit and put in place after it (see app.sync.kept)."""
    from app.services.imported_files import file_sha256 as _file_sha256

    cancel = cancel or CancelToken()
    target = kept_path(store, bundle.uid)
    staged: Path | None = None
    notes: list[str] = []
    try:
        with store.transaction() as session:
            session.info[APPLYING_REMOTE] = True
            session.info[SYNC_ORIGIN] = {SOURCE_KEY: bundle.source_scope, BUNDLE_KEY: bundle.uid}
            plan = Planner(session, bundle).run(cancel)
            if plan.already_imported:
                if is_kept(target) or not _same_file(session, bundle, _file_sha256(bundle.path)):
                    return result_of(plan, dry_run=False)
                assert target is not None
                staged = stage(bundle.path, target)
                notes.append(COPY_RESTORED)
            else:
                Applier(session, plan).run(progress, cancel)
                _record(session, plan, _file_sha256(bundle.path))
                if plan.bundle.source_scope == "state":  # after the acks: they decide
                    removed = release_moved_members(session, plan.bundle.uid)
                    if removed:
                        plan.notes.append(f"{removed} record(s) of members now in another "
                                          "region were removed here (kept in the history as "
                                          "'moved away')")
                cancel.check()
                if target is not None:
                    staged = stage(bundle.path, target)
        if staged is not None and target is not None:
            try:
                publish(staged, target)
            except OSError as error:
                notes.append(f"Imported, but its copy could not be kept in {target.parent} "
                             f"({error.strerror or error}); import it again to keep one.")
            staged = None
    finally:
        discard(staged)
    progress(1, 1, "Done")
    result = result_of(plan, dry_run=False)
    result.notes.extend(notes)
    return result


def _same_file(session: Session, bundle: Any, file_sha256: str) -> bool:
    """Whether `bundle` is byte for byte the file logged under its uid (only that file may
    stand as its kept copy)."""
    logged = session.scalar(select(BundleLog.file_sha256).where(
        BundleLog.direction == "in", BundleLog.bundle_uid == bundle.uid))
    return logged == file_sha256
