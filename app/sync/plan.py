"""Planning an import: for every record, new / updated / unchanged / conflict / refused — with
no writes, so the UI can show it as a preview and apply can replay it in its transaction.

Rules (DESIGN.md §3, FEATURES.md §5):
- a bundle writes only what its source owns; anything else is refused with a reason;
- parents are named by uid; a parent this store knows under another uid (both loaded it from
  reference data) is found by its natural key (member code, item code…) via the bundle's refs;
  a parent found nowhere holds the record back (refused now, sent again next time);
- same content → unchanged; a newer version of a record not edited here since it was last
  synced → update; an older one → unchanged (stale); same version with different content, or
  an edit here since the last sync → a conflict for a person. Nothing is silently overwritten;
- a record this instance owns, sent by another: the sender's edit of it → a conflict here
  for the owner to accept or decline; one this instance lacks (a member the state moved
  here, with its records) → new, handed over.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Member
from app.models.portable import content_hash, portable_fields
from app.models.sync import BundleLog, Conflict
from app.models.tracking import HANDOVER, SYNCED_VERSION
from app.services.progress import CancelToken
from app.services.scope import current_identity
from app.sync.bundle_zip import BundleError
from app.sync.format import EntitySpec, entity_specs
from app.sync.ownership import action_of, passes_whole_table, refusal
from app.sync.plan_types import (
    Assignment,
    Decision,
    EntityPlan,
    Incoming,
    Local,
    Plan,
    Problem,
    Refusal,
    scope_name,
)
from app.sync.reader import Bundle
from app.sync.validate import key_errors, manifest_problem, value_errors

CHUNK = 2000
def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _local_columns(table: Any) -> list[Any]:
    return [table.c.id, table.c.uid, table.c.version, table.c.content_hash, table.c.seq,
            table.c.owner, table.c.deleted]


def _local(row: Any, label: str = "") -> Local:
    return Local(row.id, row.uid, row.version, row.content_hash, row.seq, row.owner, label,
                 bool(row.deleted))


def _member_label(row: Any) -> str:
    return f"member {row.member_code} {row.member_name}"


def _locals(session: Session, spec: EntitySpec, uids: list[str]) -> dict[str, Local]:
    table = spec.table
    is_member = spec.name == "members"
    extra = [table.c.code.label("member_code"), table.c.name.label("member_name")] \
        if is_member else []
    found: dict[str, Local] = {}
    for chunk in _chunks(uids):
        for row in session.execute(select(*_local_columns(table), *extra)
                                   .where(table.c.uid.in_(chunk))):
            found[row.uid] = _local(row, _member_label(row) if is_member else "")
    return found


def _by_natural_key(session: Session, spec: EntitySpec) -> dict[tuple[Any, ...], Local]:
    if not spec.natural_key:
        return {}
    table = spec.table
    is_member = spec.name == "members"
    keys = [table.c[k].label(f"key_{k}") for k in spec.natural_key]
    extra = [table.c.code.label("member_code"), table.c.name.label("member_name")] \
        if is_member else []
    out = {}
    for row in session.execute(select(*_local_columns(table), *keys, *extra)):
        mapping = row._mapping
        key = tuple(mapping[f"key_{k}"] for k in spec.natural_key)
        out[key] = _local(row, _member_label(row) if is_member else "")
    return out


def same_content_here(session: Session, spec: EntitySpec, incoming: Incoming,
                      local: Local) -> bool:
    """Does `incoming` say what the local record says, uids aside? Both instances load the
    reference data (LEAs, catalog, funding years) at init, each under its own uids; the
    first sync matches them by natural key and only hands over the owner's uid. (A newer
    version of the same content under the same uid stays "updated": an owner's answer.)"""
    if incoming.fields["uid"] == local.uid:
        return False
    obj = session.get(spec.model, local.id)
    if obj is None:
        return False
    here = portable_fields(obj)
    parent_keys = {f"{rel}_uid" for rel in spec.parents}
    for key, value in incoming.fields.items():
        if key == "uid" or key in parent_keys:
            continue
        if here.get(key) != value:
            return False
    # Parents compared by the local record they resolve to, not by uid.
    for rel, (column, _parent) in spec.parents.items():
        if incoming.parent_ids.get(rel) != getattr(obj, column):
            return False
    return True


class Planner:
    def __init__(self, session: Session, bundle: Bundle) -> None:
        self.session = session
        self.bundle = bundle
        self.source = bundle.source_scope
        self.specs = entity_specs()
        # table -> sender's uid -> (local id or None if new in bundle, uid here, owner, label)
        self.resolved: dict[str, dict[str, tuple[int | None, str, str, str]]] = {}
        self.refused: dict[str, set[str]] = {}
        self.refs: dict[str, dict[str, dict[str, Any]]] = {}
        for ref in bundle.refs:
            self.refs.setdefault(ref["entity"], {})[ref["uid"]] = ref["key"]
        self.natural: dict[str, dict[tuple[Any, ...], Local]] = {}
        identity = current_identity(session)
        self.scope = identity.owner_scope
        self.answered_up_to = answered_seq(bundle, identity.uid)

    def natural_index(self, spec: EntitySpec) -> dict[tuple[Any, ...], Local]:
        if spec.name not in self.natural:
            self.natural[spec.name] = _by_natural_key(self.session, spec)
        return self.natural[spec.name]

    def run(self, cancel: CancelToken | None = None) -> Plan:
        problem = manifest_problem(self.bundle.manifest)
        if problem is not None:
            raise BundleError(f"{self.bundle.path.name}: {problem}. Nothing was changed.")
        plan = Plan(self.bundle)
        plan.already_imported = self.session.scalar(select(BundleLog.id).where(
            BundleLog.direction == "in", BundleLog.bundle_uid == self.bundle.uid)) is not None
        for name, spec in self.specs.items():
            if cancel is not None:
                cancel.check()
            rows = self.bundle.records.get(name)
            if rows:
                plan.entities[name] = self.plan_entity(spec, rows)
        self.plan_assignments(plan)
        return plan

    # --- parents ---------------------------------------------------------------------------
    def resolve_parents(self, spec: EntitySpec, rows: list[dict[str, Any]]) -> None:
        """Fill `resolved` for every parent uid the rows name that is not settled yet."""
        for rel, (_column, parent) in spec.parents.items():
            known = self.resolved.setdefault(parent, {})
            wanted = sorted({r[f"{rel}_uid"] for r in rows if r[f"{rel}_uid"] is not None}
                            - known.keys() - self.refused.get(parent, set()))
            if not wanted:
                continue
            parent_spec = self.specs[parent]
            for uid, local in _locals(self.session, parent_spec, wanted).items():
                known[uid] = (local.id, local.uid, local.owner, local.label)
            index = None
            for uid in wanted:
                key = self.refs.get(parent, {}).get(uid)
                if uid in known or key is None:
                    continue
                index = index if index is not None else self.natural_index(parent_spec)
                match = index.get(tuple(key.get(k) for k in parent_spec.natural_key))
                if match is not None:
                    known[uid] = (match.id, match.uid, match.owner, match.label)

    def translate(self, spec: EntitySpec, row: dict[str, Any]
                  ) -> tuple[dict[str, Any], dict[str, int | None], Problem | None]:
        """Portable fields with parents as this store's uids, and the problem or None."""
        fields = dict(row)  # the reader checked: the fields plus version and updated_at
        del fields["version"], fields["updated_at"]
        parent_ids: dict[str, int | None] = {}
        for rel, (_column, parent) in spec.parents.items():
            uid = row[f"{rel}_uid"]
            if uid is None:
                parent_ids[rel] = None
                continue
            noun = rel.replace("_", " ")
            if uid in self.refused.get(parent, set()):
                return fields, parent_ids, Problem(f"its {noun} {uid[:8]}… was refused")
            hit = self.resolved.get(parent, {}).get(uid)
            if hit is None:
                return fields, parent_ids, Problem(
                    f"its {noun} {uid[:8]}… is neither in this store nor in the bundle; held "
                    "until it arrives", held=True)
            local_id, here_uid, owner, label = hit
            # A region's record must be for one of its members (a Region 2 bundle cannot
            # carry a Region 3 member's need); the state's records may name any member.
            if rel == "member" and row["owner"] != "state" and owner != row["owner"]:
                return fields, parent_ids, Problem(
                    f"{label or 'its member'} belongs to {scope_name(owner)}, bundle is from "
                    f"{scope_name(self.source)}"
                    + (f" (record marked {scope_name(row['owner'])})"
                       if row["owner"] != self.source else ""), other_members=True)
            fields[f"{rel}_uid"] = here_uid
            parent_ids[rel] = local_id
        return fields, parent_ids, None

    # --- one entity --------------------------------------------------------------------------
    def refuse_key_clashes(self, spec: EntitySpec, out: EntityPlan) -> None:
        """Of the records about to be written, refuse those whose natural key (a member's or
        school's code) would not stay unique: twice in the bundle, or another record's here."""
        writing = out.new + out.updated
        if not spec.natural_key or not writing:
            return
        clashes = key_errors(spec, [i.row for i in writing], self.natural_index(spec))
        if not clashes:
            return
        out.new = [i for i in out.new if i.row["uid"] not in clashes]
        out.updated = [i for i in out.updated if i.row["uid"] not in clashes]
        for incoming in writing:
            error = clashes.get(incoming.row["uid"])
            if error is not None:
                out.refused.append(Refusal(spec.name, incoming.row["uid"], incoming.label,
                                           str(error), field=error.field))
                self.refused.setdefault(spec.name, set()).add(incoming.row["uid"])

    def plan_entity(self, spec: EntitySpec, rows: list[dict[str, Any]]) -> EntityPlan:
        out = EntityPlan()
        self.resolve_parents(spec, rows)
        by_uid = _locals(self.session, spec, [r["uid"] for r in rows])
        resolved = self.resolved.setdefault(spec.name, {})
        refused = self.refused.setdefault(spec.name, set())
        edited: list[Incoming] = []
        proposals: list[Incoming] = []
        is_member = spec.name == "members"
        whole_table_passes = passes_whole_table(spec.name, self.source,
                                                {r["owner"] for r in rows})
        bad_values = {rows[i]["uid"]: error for i, error in value_errors(spec, rows).items()}
        for row in rows:
            label = spec.label(row) if is_member else ""  # children name their member
            local = by_uid.get(row["uid"])
            if local is None and spec.natural_key:
                local = self.natural_index(spec).get(tuple(row[k] for k in spec.natural_key))
            # The ownership table first: a record its sender may never write is refused for
            # that, not held for a missing parent.
            fields = row
            parent_ids: dict[str, int | None] = {}
            problem = None if whole_table_passes else self.table_problem(spec, row, local)
            if problem is None and row["uid"] in bad_values:  # then its values
                error = bad_values[row["uid"]]
                out.refused.append(Refusal(spec.name, row["uid"], spec.label(row), str(error),
                                           field=error.field))
                refused.add(row["uid"])
                continue
            if problem is None:
                fields, parent_ids, problem = self.translate(spec, row)
            if problem is None:
                if not self.is_proposal(row):
                    problem = self.ownership_problem(spec, row, local)
                elif local is None:  # handed over: ours, and not here yet
                    out.new.append(Incoming(spec, row, fields, content_hash(fields), None,
                                            parent_ids, handover=True))
                    resolved[row["uid"]] = (None, row["uid"], row["owner"], label)
                    continue
                else:
                    problem = self.proposal_problem(local)
                    if problem is None:
                        proposals.append(Incoming(spec, row, fields, content_hash(fields),
                                                  local, parent_ids))
                        resolved[row["uid"]] = (local.id, local.uid, local.owner, label)
                        continue
            if problem is not None:
                label = spec.label(row)
                out.refused.append(Refusal(spec.name, row["uid"], label,
                                           self.reason(spec, row, problem), problem.held))
                refused.add(row["uid"])
                continue
            incoming = Incoming(spec, row, fields, content_hash(fields), local, parent_ids)
            if local is None:
                out.new.append(incoming)
                resolved[row["uid"]] = (None, row["uid"], row["owner"], label)
                continue
            here_uid = self.place_known(incoming, local, out, edited)
            resolved[row["uid"]] = (local.id, here_uid, local.owner, label)
        for incoming, decision in self.decide_edited(spec, edited):
            assert incoming.local is not None
            if decision is Decision.CONFLICT:
                incoming.declined = self.is_answer(incoming.local)
                out.conflicts.append(incoming)
            elif decision is Decision.UPDATED:
                out.updated.append(incoming)
            else:
                out.unchanged += 1
        fresh = self.new_proposals(spec, proposals)
        out.conflicts.extend(fresh)
        # Same content at a newer version (a member moved away and back before this instance
        # heard of it): take the version, so both sides agree on it and the next edit here
        # is not taken for an old one there.
        renumbered = [p for p in proposals if p.local is not None and p.hash == p.local.hash
                      and p.row["version"] > p.local.version]
        out.updated.extend(renumbered)
        out.unchanged += len(proposals) - len(fresh) - len(renumbered)
        self.refuse_key_clashes(spec, out)
        return out

    def place_known(self, incoming: Incoming, local: Local, out: EntityPlan,
                    edited: list[Incoming]) -> str:
        """A record already here, by the decision: edited here (settled after the loop),
        updated, in conflict or unchanged. Returns the uid children name it by here: its own
        unless it is updated, when it takes the owner's uid."""
        here_uid, uid = local.uid, incoming.row["uid"]
        decision = self.decide(incoming, local)
        if decision is Decision.EDITED:
            edited.append(incoming)
        elif decision is Decision.UPDATED:
            incoming.same_content = same_content_here(self.session, incoming.spec, incoming,
                                                      local)
            out.updated.append(incoming)
            here_uid = uid
            if local.uid != uid:  # adopt the owner's uid for the record
                incoming.fields["uid"] = uid
        elif decision is Decision.CONFLICT:
            out.conflicts.append(incoming)
        else:
            out.unchanged += 1
        return here_uid

    @staticmethod
    def reason(spec: EntitySpec, row: dict[str, Any], problem: Problem) -> str:
        """The refusal as a person reads it: which record, and why."""
        what = spec.label(row) if spec.name != "needs" else f"need {row['uid'][:8]}…"
        if problem.other_members and spec.parents.get("member"):
            return f"{what} for {problem.text}"
        return problem.text if problem.labelled else f"{what}: {problem.text}"

    def is_answer(self, local: Local) -> bool:
        """The sender owns the record and had applied this instance's edit of it (its
        bundle acknowledges our change sequence), so its differing version answers it."""
        return local.owner == self.source and 0 < local.seq <= self.answered_up_to

    # --- the ownership table ----------------------------------------------------------------
    def table_problem(self, spec: EntitySpec, row: dict[str, Any], local: Local | None
                      ) -> Problem | None:
        """What the sender's role may do with this kind of record (ownership.OWNERSHIP),
        held against every record before anything else is decided about it."""
        action = action_of(local is not None, local is not None and local.deleted,
                           bool(row["deleted"]))
        text = refusal(spec.name, self.source, row["owner"], action)
        return Problem(text) if text is not None else None

    # --- edits of records this instance owns, made on the sender ------------------------------
    def is_proposal(self, row: dict[str, Any]) -> bool:
        owner: str = row["owner"]
        return owner == self.scope and owner != self.source

    def proposal_problem(self, local: Local) -> Problem | None:
        source = scope_name(self.source)
        if local.owner != self.scope:
            return Problem(f"{source} sent it as this instance's record, but here it belongs "
                           f"to {scope_name(local.owner)}")
        return None

    def new_proposals(self, spec: EntitySpec, proposals: list[Incoming]) -> list[Incoming]:
        """The sender's edits of records this instance owns, each a conflict for a person
        here to accept or decline, unless the record already says the same or this very
        edit was decided before (a bundle sent again)."""
        differing = [p for p in proposals if p.local is not None and p.hash != p.local.hash]
        if not differing:
            return []
        seen: set[tuple[Any, ...]] = set()
        uids = [p.local.uid for p in differing if p.local is not None]
        for chunk in _chunks(uids):
            seen.update(tuple(row) for row in self.session.execute(select(
                Conflict.record_uid, Conflict.remote_version).where(
                    Conflict.source_scope == self.source,
                    Conflict.record_uid.in_(chunk))).all())
        return [p for p in differing if p.local is not None
                and (p.local.uid, p.row["version"]) not in seen]

    def ownership_problem(self, spec: EntitySpec, row: dict[str, Any], local: Local | None
                          ) -> Problem | None:
        """Whose record it is: the sender writes only its own (each text names the
        record)."""
        source = scope_name(self.source)
        if row["owner"] == self.source and (local is None or local.owner == self.source) \
                and spec.name != "members":
            return None
        label = spec.label(row) if spec.name != "needs" else \
            f"need {row['uid'][:8]}… ({row.get('description', '')[:40]})"
        if row["owner"] != self.source:
            return Problem(f"{label} belongs to {scope_name(row['owner'])}, bundle is from "
                           f"{source}", labelled=True)
        if local is not None and local.owner != self.source:
            return Problem(f"{label} belongs to {scope_name(local.owner)} here, bundle is from "
                           f"{source}", labelled=True)
        if spec.name == "members" and self.source.startswith("region:"):
            if f"region:{row['region']}" != self.source:
                return Problem(f"{label}: region {row['region']} is not the bundle's region; "
                               "region assignment is the state's", labelled=True)
        return None

    @staticmethod
    def decide(incoming: Incoming, local: Local) -> Decision:
        if incoming.hash == local.hash and incoming.fields["uid"] == local.uid:
            # Same content. Take the owner's version when it accepted this instance's edit
            # (edited here, seq > 0), or when it only wrote a new version of what both hold
            # (an owner declining an edit that this instance had meanwhile given up), so
            # both agree on the version too.
            if local.seq > 0:
                return Decision.UPDATED if local.version > 1 else Decision.UNCHANGED
            return Decision.UPDATED if incoming.row["version"] > local.version \
                else Decision.UNCHANGED
        version = incoming.row["version"]
        if local.seq > 0:
            # Written here since the last sync. Version 1 is the copy made at init from the
            # same reference data: the owner's copy replaces it.
            return Decision.UPDATED if local.version == 1 else Decision.EDITED
        if version > local.version:
            return Decision.UPDATED
        return Decision.CONFLICT if version == local.version else Decision.STALE

    def decide_edited(self, spec: EntitySpec, edited: list[Incoming]
                      ) -> list[tuple[Incoming, Decision]]:
        """Records edited here since the last sync: a conflict if the owner also moved past
        the version both last agreed on, else the incoming one is stale."""
        if not edited:
            return []
        base: dict[str, int] = {}
        handed: dict[str, int] = {}
        uids = [i.local.uid for i in edited if i.local is not None]
        # The agreed version is noted by a per-record sync entry (an update from the owner,
        # a resolved conflict) or by the first local edit after a sync (SYNCED_VERSION). A
        # record this instance handed over to a new owner notes the version it handed over.
        for chunk in _chunks(uids):
            for uid, action, changes in self.session.execute(
                    select(AuditEntry.record_uid, AuditEntry.action, AuditEntry.changes).where(
                        AuditEntry.entity == spec.name,
                        AuditEntry.action.in_(("sync", "update", "delete", HANDOVER)),
                        AuditEntry.record_uid.in_(chunk))):
                if not isinstance(changes, dict):
                    continue
                if action == HANDOVER:
                    handed[uid] = max(handed.get(uid, 0), changes.get("version", 0))
                    continue
                version = changes.get("version" if action == "sync" else SYNCED_VERSION)
                if isinstance(version, int):
                    base[uid] = max(base.get(uid, 0), version)
        out = []
        for incoming in edited:
            assert incoming.local is not None
            version = incoming.row["version"]
            if handed.get(incoming.local.uid) == incoming.local.version:
                # Unchanged here since it was handed over: the new owner's later versions
                # were made from it.
                out.append((incoming, Decision.UPDATED if version > incoming.local.version
                            else Decision.STALE))
                continue
            agreed = base.get(incoming.local.uid, 1)
            out.append((incoming, Decision.STALE if version <= agreed else Decision.CONFLICT))
        return out

    # --- state's region assignments ----------------------------------------------------------
    def plan_assignments(self, plan: Plan) -> None:
        if not self.bundle.assignments or self.source != "state":
            return
        identity = current_identity(self.session)
        members = {m.uid: m for m in self.session.execute(
            select(Member.id, Member.uid, Member.code, Member.region))}
        by_code = {m.code: m for m in members.values()}
        arriving = {r["uid"] for r in self.bundle.records.get("members", [])}
        for entry in self.bundle.assignments:
            member = members.get(entry["uid"]) or by_code.get(entry["code"])
            if member is None:
                if entry["region"] == identity.region and entry["uid"] not in arriving:
                    plan.notes.append(f"member {entry['code']} is assigned to this region but "
                                      "is not in this store")
                continue
            if member.region != entry["region"]:
                plan.assignments.append(Assignment(member.id, member.code, member.region,
                                                   entry["region"]))


def answered_seq(bundle: Bundle, instance_uid: str) -> int:
    """How far the sender had applied this instance's changes when it wrote `bundle`."""
    for ack in bundle.manifest.get("acks", []):
        if isinstance(ack, dict) and ack.get("instance_uid") == instance_uid and \
                isinstance(ack.get("seq"), int):
            return int(ack["seq"])
    return 0


def plan_import(session: Session, bundle: Bundle, cancel: CancelToken | None = None) -> Plan:
    """What importing `bundle` would do; reads only."""
    return Planner(session, bundle).run(cancel)
