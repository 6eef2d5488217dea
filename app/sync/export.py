"""Writing a bundle: what this instance owns that the receiver has not acknowledged (or all of
it with `full`), as JSON lines in a zip with a signed manifest."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import FromClause, and_, or_, select
from sqlalchemy.orm import Session, aliased

from app import __version__
from app.errors import UserError
from app.models import AuditEntry, Member
from app.models.db import Store
from app.models.migrate import current_revision
from app.models.portable import jsonable
from app.models.sync import BundleLog, SyncPeer
from app.models.tracking import CHANGE_SEQ, HANDOVER
from app.models.types import utcnow
from app.services.changes import acked_seq, changed_here, counter_value, record_export
from app.services.imported_files import file_sha256 as _file_sha256
from app.services.instance import key_fingerprint
from app.services.progress import CancelToken, ProgressFn, no_progress
from app.services.scope import current_identity
from app.sync.format import (
    ASSIGNMENTS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    REFS,
    SEAL_PREFIX,
    SIGNATURE,
    EntitySpec,
    entity_specs,
)
from app.sync.keys import sign, signing_key

COMPRESSION = zipfile.ZIP_DEFLATED
COMPRESS_LEVEL = 1  # bundles are mostly repetitive text; level 1 is ~4x faster than 6
MAX_ACKED_BUNDLES = 200


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_uid: str
    receiver: str
    full: bool
    seq_from: int
    seq_to: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "bundle_uid": self.bundle_uid,
                "receiver": self.receiver, "full": self.full, "seq_from": self.seq_from,
                "seq_to": self.seq_to, "counts": self.counts}


def resolve_receiver(session: Session, to: str | None) -> tuple[str, str | None]:
    """(receiver scope, receiver instance uid or None) for `--to`.

    A region always sends to the state. The state names the region: `region:3`, `3`, or a
    trusted peer's instance uid.
    """
    identity = current_identity(session)
    peers = list(session.scalars(select(SyncPeer)))
    text = (to or "").strip()
    by_uid = [p for p in peers if p.instance_uid == text]
    if by_uid:
        scope = by_uid[0].scope
    elif identity.role == "region":
        if text not in ("", "state"):
            raise UserError(f"A region's bundle goes to the state; --to '{text}' is not the "
                            "state or a trusted state instance id.")
        scope = "state"
    else:
        number = text.removeprefix("region:").strip()
        if not number.isdigit() or not 1 <= int(number) <= 8:
            raise UserError("The state exports one bundle per region: give --to region:N "
                            "(N = 1..8) or a trusted region's instance id.")
        scope = f"region:{int(number)}"
    if identity.role == "region" and scope != "state":
        raise UserError("A region's bundle goes to the state only.")
    if identity.role == "state" and scope == "state":
        raise UserError("The state's bundles go to the regions.")
    matching = [p for p in peers if p.scope == scope]
    return scope, matching[0].instance_uid if len(matching) == 1 else None


def _select(spec: EntitySpec) -> Any:
    table = spec.table
    columns: list[Any] = []
    joins: FromClause = table
    for name, field_spec in spec.fields.items():
        if field_spec.kind == "uid" and name.endswith("_uid") and name[:-4] in spec.parents:
            fk_column, parent = spec.parents[name[:-4]]
            parent_table = aliased(entity_specs()[parent].table, name=f"p_{name}")
            joins = joins.outerjoin(parent_table, table.c[fk_column] == parent_table.c.id)
            columns.append(parent_table.c.uid.label(name))
        else:
            columns.append(table.c[name])
    columns += [table.c.version, table.c.updated_at]
    return select(*columns).select_from(joins), table


def _edits_for_owner(table: Any, receiver: str, since: int) -> Any:
    """Records the receiver owns that were edited, or made for it, here: they travel to
    their owner, who accepts or declines each edit (a conflict there) or takes a record it
    lacks, so nothing stays here unseen."""
    return and_(table.c.owner == receiver, table.c.seq > since, changed_here(table))


def _region_scope(spec: EntitySpec, table: Any, receiver: str) -> Any:
    """SQL condition for what a region may hold, or None: a record about a member (a need,
    a procurement's participant with its estimated amount) goes only to the member's region,
    so the state's bundle never carries another region's records for the receiver to hold
    back and refuse again in every later bundle."""
    region = int(receiver.removeprefix("region:"))
    if spec.name == "members":
        return table.c.region == region
    if "member" in spec.parents:
        column = spec.parents["member"][0]
        return table.c[column].in_(select(Member.id).where(Member.region == region))
    return None


def _assignments(session: Session, receiver: str) -> list[bytes]:
    """The receiver region's members, and every member the state moved or added (noted as
    handed over), so a region that held a moved member learns where it went."""
    region = int(receiver.removeprefix("region:"))
    handed = select(AuditEntry.record_uid).where(AuditEntry.action == HANDOVER,
                                                 AuditEntry.entity == "members")
    return [_dump({"uid": u, "code": c, "region": r}) for u, c, r in session.execute(
        select(Member.uid, Member.code, Member.region)
        .where(or_(Member.region == region, Member.uid.in_(handed))).order_by(Member.code))]


def _write_member(archive: zipfile.ZipFile, name: str, lines: list[bytes]) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(name, "w") as handle:
        for chunk_start in range(0, len(lines), 5000):
            chunk = b"".join(lines[chunk_start:chunk_start + 5000])
            digest.update(chunk)
            size += len(chunk)
            handle.write(chunk)
    return {"name": name, "sha256": digest.hexdigest(), "rows": len(lines), "bytes": size}


def _dump(value: dict[str, Any]) -> bytes:
    """One JSON line: compact, UTF-8 as is (orjson; the standard library for what it
    refuses, such as integers past 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def export_bundle(store: Store, out: Path, to: str | None = None, full: bool = False,
                  progress: ProgressFn = no_progress,
                  cancel: CancelToken | None = None) -> ExportResult:
    """Write a signed bundle to `out` and record it; the file appears only when complete."""
    cancel = cancel or CancelToken()
    with store.transaction() as session:
        identity = current_identity(session)
        receiver, receiver_uid = resolve_receiver(session, to)
        private_pem = signing_key(store, identity)  # before any work: a missing key says so
        since = 0 if full else acked_seq(session, receiver)
        seq_to = counter_value(session, CHANGE_SEQ)
        owner = identity.owner_scope
        specs = entity_specs()
        bundle_uid = str(uuid.uuid4())
        files: list[dict[str, Any]] = []
        counts: dict[str, int] = {}
        referenced: dict[str, set[str]] = {}
        carried: dict[str, set[str]] = {}
        tmp = out.with_name(f".{out.name}.{bundle_uid[:8]}.part")
        try:
            with zipfile.ZipFile(tmp, "w", COMPRESSION, compresslevel=COMPRESS_LEVEL) as archive:
                for index, spec in enumerate(specs.values()):
                    cancel.check()
                    progress(index, len(specs) + 2, f"Writing {spec.name.replace('_', ' ')}…")
                    query, table = _select(spec)
                    query = query.where(or_(
                        and_(table.c.owner == owner, table.c.seq > since) if not full
                        else table.c.owner == owner,
                        _edits_for_owner(table, receiver, since)))
                    scope = _region_scope(spec, table, receiver) \
                        if identity.role == "state" else None
                    if scope is not None:
                        query = query.where(scope)
                    lines, uids = [], set()
                    result = session.execute(query.order_by(table.c.id))
                    names = list(result.keys())
                    convert = [(i, jsonable) for i, n in enumerate(names)
                               if n in ("updated_at",) or (n in spec.fields and spec.fields[
                                   n].kind in ("decimal", "date", "datetime"))]
                    parents = [(names.index(f"{rel}_uid"), spec.parents[rel][1])
                               for rel in spec.parents]
                    uid_index = names.index("uid")
                    for row in result:
                        values = list(row)
                        for index, fn in convert:
                            values[index] = fn(values[index])
                        uids.add(values[uid_index])
                        for index, parent in parents:
                            if values[index] is not None:
                                referenced.setdefault(parent, set()).add(values[index])
                        lines.append(_dump(dict(zip(names, values, strict=True))))
                    if lines:
                        files.append({**_write_member(archive, spec.file_name, lines),
                                      "entity": spec.name})
                        counts[spec.name] = len(lines)
                        carried[spec.name] = uids
                cancel.check()
                progress(len(specs), len(specs) + 2, "Writing references…")
                refs = _refs(session, referenced, carried)
                if refs:
                    files.append({**_write_member(archive, REFS, refs), "entity": "refs"})
                if identity.role == "state":
                    rows = _assignments(session, receiver)
                    files.append({**_write_member(archive, ASSIGNMENTS, rows),
                                  "entity": "member_assignments"})
                manifest = {
                    "format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                    "app_version": __version__, "schema_revision": current_revision(store),
                    "bundle_uid": bundle_uid, "created_at": utcnow().isoformat(),
                    "source": {"instance_uid": identity.uid, "role": identity.role,
                               "region": identity.region, "scope": owner,
                               "public_key": identity.public_key,
                               "key_fingerprint": key_fingerprint(identity.public_key)},
                    "receiver": {"scope": receiver, "instance_uid": receiver_uid},
                    "full": full, "seq_from": since + 1, "seq_to": seq_to,
                    "acks": _acks(session, receiver), "files": files,
                }
                manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                archive.writestr(MANIFEST, manifest_bytes)
                archive.writestr(SIGNATURE, sign(private_pem, manifest_bytes))
            cancel.check()
            seal(tmp, private_pem)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        session.add(BundleLog(
            direction="out", bundle_uid=bundle_uid, peer_instance_uid=receiver_uid or "",
            peer_scope=receiver, seq_from=since + 1, seq_to=seq_to, full=full,
            created_at=utcnow(), operator=identity.operator, file_name=str(out),
            file_sha256=_file_sha256(out), counts=counts))
        record_export(session, receiver, seq_to)
    progress(1, 1, "Done")
    return ExportResult(out, bundle_uid, receiver, full, since + 1, seq_to, counts)


def _refs(session: Session, referenced: dict[str, set[str]],
          carried: dict[str, set[str]]) -> list[bytes]:
    """Natural keys of parents referenced but not carried, so a receiver that knows the same
    member or item under another uid (both loaded it from reference data) finds it."""
    specs = entity_specs()
    lines = []
    for parent, uids in referenced.items():
        missing = sorted(uids - carried.get(parent, set()))
        spec = specs[parent]
        if not missing or not spec.natural_key:
            continue
        table = spec.table
        columns = [table.c.uid, *(table.c[k] for k in spec.natural_key)]
        for start in range(0, len(missing), 500):
            for row in session.execute(select(*columns).where(
                    table.c.uid.in_(missing[start:start + 500]))):
                values = dict(row._mapping)
                lines.append(_dump({"entity": parent, "uid": values.pop("uid"),
                                    "key": {k: jsonable(v) for k, v in values.items()}}))
    return lines


def _acks(session: Session, receiver: str) -> list[dict[str, Any]]:
    """What this instance applied from the receiver's instances: their watermark and the
    last bundle ids, so the receiver's next incremental export starts after them."""
    acks = []
    for peer in session.scalars(select(SyncPeer)):
        if peer.scope != receiver:
            continue
        bundles = list(session.scalars(
            select(BundleLog.bundle_uid).where(BundleLog.direction == "in",
                                               BundleLog.peer_instance_uid == peer.instance_uid)
            .order_by(BundleLog.id.desc()).limit(MAX_ACKED_BUNDLES)))
        acks.append({"instance_uid": peer.instance_uid, "seq": peer.received_seq,
                     "bundles": bundles})
    return acks


def seal(path: Path, private_pem: str) -> None:
    """Sign the finished zip and put the signature in its comment (see format.SEAL_PREFIX)."""
    data = path.read_bytes()
    if data[-2:] != b"\x00\x00":
        raise RuntimeError("the zip already has a comment")
    comment = SEAL_PREFIX + base64.b64encode(sign(private_pem, data[:-2]))
    with path.open("r+b") as handle:
        handle.seek(len(data) - 2)
        handle.write(len(comment).to_bytes(2, "little") + comment)
