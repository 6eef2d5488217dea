"""Conflicts a person resolves: keep mine, keep theirs, or field by field.

A conflict holds both sides' portable fields as they were when it was found. There are three
kinds:
- another instance's edit of a record this instance owns ("edit of a record owned here"):
  whatever is kept becomes the owner's new version and travels back, so the other side
  learns the answer;
- the owner's answer to an edit made here, not taking it all ("declined by Region N"): the
  owner had received the edit when it wrote this version;
- the owner's new version of a record also edited here that the owner had not yet seen
  ("changed on both sides").

The rule that ends every disagreement: **the owner's answer is final for its records.** At
the instance that does not own the record, keeping theirs writes the owner's version exactly;
keeping anything of its own (mine, or some fields) is a new correction: a version above the
owner's, sent to the owner in the next bundle, where it is a conflict again. So two copies
never hold different content at rest without an open conflict on one side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models import AuditEntry
from app.models.portable import content_hash, portable_fields
from app.models.sync import Conflict
from app.models.tracking import OPERATOR, audit_row, next_change_seq
from app.models.types import utcnow
from app.services.scope import current_identity
from app.sync.format import entity_specs, to_python
from app.sync.plan_types import scope_name

KEEP_CHOICES = ("mine", "theirs")
# Kept with the owner's fields of a conflict: the owner had received the edit made here when
# it wrote this version (its answer declines the edit). Not a field.
DECLINED = "_declined"
HIDDEN = frozenset({"uid", "owner", DECLINED})


@dataclass(frozen=True)
class FieldDiff:
    name: str
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class ConflictRow:
    id: int
    entity: str
    record_uid: str
    label: str
    source_scope: str
    local_version: int
    remote_version: int
    status: str
    resolution: str
    created_at: datetime
    diffs: tuple[FieldDiff, ...]
    # True when the sender edited a record this instance owns: "theirs" is its proposed
    # edit, and whatever is kept here travels back as the owner's answer.
    owned_here: bool = False
    # True when the owner answered an edit made here by keeping (some of) its own values.
    declined: bool = False

    @property
    def kind(self) -> str:
        if self.owned_here:
            return "edit of a record owned here"
        if self.declined:
            return f"declined by {scope_name(self.source_scope)}"
        return "changed on both sides"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "entity": self.entity, "record_uid": self.record_uid,
                "label": self.label, "kind": self.kind, "owned_here": self.owned_here,
                "declined": self.declined,
                "source": self.source_scope,
                "local_version": self.local_version, "remote_version": self.remote_version,
                "status": self.status, "resolution": self.resolution,
                "created_at": self.created_at.isoformat(),
                "fields": {d.name: {"mine": d.mine, "theirs": d.theirs} for d in self.diffs}}


def _row(conflict: Conflict) -> ConflictRow:
    mine, theirs = conflict.local_fields, conflict.remote_fields
    diffs = tuple(FieldDiff(k, mine.get(k), theirs.get(k)) for k in theirs
                  if k not in HIDDEN and mine.get(k) != theirs.get(k))
    # A sender owns what it sends, except its edits of the receiver's records.
    owned_here = mine.get("owner") not in (None, conflict.source_scope)
    return ConflictRow(conflict.id, conflict.entity, conflict.record_uid, conflict.label,
                       conflict.source_scope, conflict.local_version, conflict.remote_version,
                       conflict.status, conflict.resolution, conflict.created_at, diffs,
                       owned_here, bool(theirs.get(DECLINED)))


def list_conflicts(session: Session, include_resolved: bool = False) -> list[ConflictRow]:
    query = select(Conflict).order_by(Conflict.id)
    if not include_resolved:
        query = query.where(Conflict.status == "open")
    return [_row(c) for c in session.scalars(query)]


def get_conflict(session: Session, conflict_id: int) -> ConflictRow:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise NotFoundError(f"No conflict with id {conflict_id}.")
    return _row(conflict)


def _target(session: Session, conflict: Conflict) -> Any:
    spec = entity_specs().get(conflict.entity)
    if spec is None:
        raise UserError(f"Conflict {conflict.id} is about '{conflict.entity}', unknown here.")
    obj = session.scalar(select(spec.model).where(spec.model.uid == conflict.record_uid))
    if obj is None:
        raise NotFoundError(f"The record of conflict {conflict.id} ({conflict.label}) is no "
                            "longer in this store.")
    return obj


def _set_fields(session: Session, obj: Any, values: dict[str, Any]) -> None:
    """Set portable `values` on `obj`, turning parent uids into local records."""
    spec = entity_specs()[obj.__tablename__]
    for name, value in values.items():
        if name.endswith("_uid") and name[:-4] in spec.parents:
            parent_spec = entity_specs()[spec.parents[name[:-4]][1]]
            parent = None
            if value is not None:
                parent = session.scalar(select(parent_spec.model).where(
                    parent_spec.model.uid == value))
                if parent is None:
                    raise UserError(f"{name[:-4]} {value} is not in this store; import the "
                                    "bundle that carries it first.")
            setattr(obj, name[:-4], parent)
        elif name in spec.fields:
            setattr(obj, name, to_python(spec.fields[name], value))


def _note_seen(session: Session, conflict: Conflict, fields: dict[str, Any]) -> None:
    """An audit entry saying this store has seen the owner's version (the base for the next
    plan: a later owner version is news, this one is not)."""
    session.add(AuditEntry(**audit_row(
        session.info.get(OPERATOR, "unknown"), conflict.entity, conflict.record_uid, "sync",
        {"bundle": conflict.bundle_uid, "version": conflict.remote_version,
         "resolution": conflict.resolution, "fields": fields})))


def resolve_conflict(session: Session, conflict_id: int, keep: str,
                     choices: dict[str, str] | None = None) -> ConflictRow:
    """Resolve with `keep` = "mine" or "theirs"; or "fields" with `choices` naming, for each
    differing field, "mine" or "theirs" (fields not named keep mine)."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise NotFoundError(f"No conflict with id {conflict_id}.")
    if conflict.status != "open":
        raise UserError(f"Conflict {conflict_id} is already resolved ({conflict.resolution}).")
    if keep not in (*KEEP_CHOICES, "fields"):
        raise UserError(f"--keep must be mine or theirs, not '{keep}'")
    obj = _target(session, conflict)
    row = _row(conflict)
    taken = _taken_fields(conflict, row, keep, choices or {})
    if keep == "fields" and taken.keys() == {d.name for d in row.diffs}:
        keep = "theirs"  # every differing field taken: the other side's version as it is
    conflict.resolution = keep
    owner_here = obj.owner == current_identity(session).owner_scope
    if owner_here:
        _answer_as_owner(session, conflict, obj, keep, taken)
    elif keep == "theirs" and obj.owner == conflict.source_scope:
        _keep_theirs(session, conflict, obj)
    else:  # a record that has since moved to a new owner gets the values as a correction
        _correct_again(session, conflict, obj, taken)
        _note_seen(session, conflict, {})
    conflict.status = "resolved"
    conflict.resolved_by = session.info.get(OPERATOR, "")
    conflict.resolved_at = utcnow()
    session.flush()
    return _row(conflict)


def _taken_fields(conflict: Conflict, row: ConflictRow, keep: str,
                  choices: dict[str, str]) -> dict[str, Any]:
    """The other side's values that `keep` takes, after checking field-by-field choices."""
    if keep == "theirs":
        return {d.name: conflict.remote_fields[d.name] for d in row.diffs}
    if keep == "mine":
        return {}
    names = {d.name for d in row.diffs}
    bad = sorted(set(choices) - names)
    if bad:
        raise UserError(f"'{bad[0]}' is not a field that differs in conflict {conflict.id}")
    wrong = [k for k, v in choices.items() if v not in KEEP_CHOICES]
    if wrong:
        raise UserError(f"field '{wrong[0]}': choose mine or theirs")
    return {k: conflict.remote_fields[k] for k, v in choices.items() if v == "theirs"}


def _answer_as_owner(session: Session, conflict: Conflict, obj: Any, keep: str,
                     taken: dict[str, Any]) -> None:
    """Another instance edited a record this one owns. What the owner keeps is a new version
    of the record, edited here, so it travels back in the next bundle: the other instance
    takes it when it matches its edit (accepted), or sees a conflict of its own (declined),
    and the two copies never differ unseen."""
    version = obj.version
    if taken:
        _set_fields(session, obj, taken)  # a local edit: the hook stamps and audits it
        session.flush()
    if obj.version == version:  # nothing taken: still a new version, the owner's answer
        table = obj.__table__
        session.execute(update(table).where(table.c.id == obj.id).values(
            version=version + 1, seq=next_change_seq(session), updated_at=utcnow()))
        session.add(AuditEntry(**audit_row(
            session.info.get(OPERATOR, "unknown"), conflict.entity, obj.uid, "update",
            {"_conflict": conflict.id, "_kept": keep, "_from": conflict.source_scope})))
        session.expire(obj)


def _correct_again(session: Session, conflict: Conflict, obj: Any,
                   taken: dict[str, Any]) -> None:
    """Keeping (some of) this instance's values of a record another instance owns: a new
    correction. It gets a version above the owner's and a change sequence, so the next
    bundle puts it to the owner, who accepts or declines it like any edit of its records —
    never a silent difference between the two copies."""
    if taken:
        _set_fields(session, obj, taken)  # a local edit: the hook stamps and audits it
        session.flush()
    version = max(obj.version, conflict.remote_version) + 1
    table = obj.__table__
    session.execute(update(table).where(table.c.id == obj.id).values(
        version=version, seq=next_change_seq(session), updated_at=utcnow()))
    session.add(AuditEntry(**audit_row(
        session.info.get(OPERATOR, "unknown"), conflict.entity, obj.uid, "update",
        {"_conflict": conflict.id, "_kept": conflict.resolution, "version": version,
         "_to": conflict.source_scope})))
    session.expire(obj)


def _keep_theirs(session: Session, conflict: Conflict, obj: Any) -> None:
    """Write the owner's version as it is: its uid, version and hash; seq 0 (as synced)."""
    from app.models.tracking import APPLYING_REMOTE, BUNDLE_KEY, SOURCE_KEY, SYNC_ORIGIN

    before, origin = session.info.get(APPLYING_REMOTE), session.info.get(SYNC_ORIGIN)
    session.info[APPLYING_REMOTE] = True
    session.info[SYNC_ORIGIN] = {"_conflict": conflict.id, SOURCE_KEY: conflict.source_scope,
                                 BUNDLE_KEY: conflict.bundle_uid}
    try:
        _set_fields(session, obj, {k: v for k, v in conflict.remote_fields.items()
                                   if k != "uid"})
        new_uid = conflict.remote_fields.get("uid", obj.uid)
        rekey = new_uid != obj.uid
        obj.uid = new_uid
        session.flush()
    finally:
        session.info[APPLYING_REMOTE], session.info[SYNC_ORIGIN] = before, origin
    table = obj.__table__
    session.execute(update(table).where(table.c.id == obj.id).values(
        version=conflict.remote_version, seq=0,
        content_hash=content_hash(portable_fields(obj))))
    if rekey:
        conflict.record_uid = new_uid
        for spec in entity_specs().values():
            for column, parent in spec.parents.values():
                if parent != obj.__tablename__:
                    continue
                for child in session.scalars(select(spec.model).where(
                        getattr(spec.model, column) == obj.id)):
                    session.execute(update(spec.table).where(
                        spec.table.c.id == child.id).values(
                        content_hash=content_hash(portable_fields(child))))
    _note_seen(session, conflict, {})
