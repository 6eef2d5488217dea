"""What the CLI and the UI call: inspect, preview, import, and the bundle history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.bulk import gc_paused
from app.models.db import Store
from app.models.sync import BundleLog
from app.services.progress import CancelToken, ProgressFn, no_progress
from app.services.scope import current_identity
from app.sync.apply import ImportResult, apply_bundle, result_of
from app.sync.format import DEFAULT_LIMITS, Limits
from app.sync.kept import COPY_MISSING, is_kept, kept_path
from app.sync.keys import own_key, trusted_senders
from app.sync.plan import plan_import
from app.sync.reader import Bundle, Receiver, read_bundle


def read_verified(store: Store, path: Path, check_receiver: bool = True,
                  limits: Limits = DEFAULT_LIMITS) -> Bundle:
    """Read and verify `path` against this store's trusted keys (no writes).

    This instance's own key counts as trusted too, so a coordinator can inspect a bundle
    they exported. Importing it stays impossible: the receiver check refuses a bundle that
    is not addressed to this instance or that comes from this instance's own scope."""
    with store.session() as session:
        identity = current_identity(session)
        trusted = trusted_senders(session)
        mine = own_key(identity)
        trusted[mine.fingerprint] = mine
        me = Receiver(identity.uid, identity.owner_scope) if check_receiver else None
    return read_bundle(path, trusted, me, limits)


@dataclass(frozen=True)
class Inspection:
    bundle: Bundle
    result: ImportResult | None  # the plan against this store, when it is meant for it

    def as_json(self) -> dict[str, Any]:
        manifest = self.bundle.manifest
        source = {k: v for k, v in manifest["source"].items() if k != "public_key"}
        out = {"file": str(self.bundle.path), "bundle_uid": self.bundle.uid,
               "format_version": manifest["format_version"],
               "app_version": manifest.get("app_version"),
               "schema_revision": manifest.get("schema_revision"),
               "created_at": manifest["created_at"], "source": source,
               "receiver": manifest["receiver"], "full": manifest["full"],
               "seq_from": manifest["seq_from"], "seq_to": manifest["seq_to"],
               "signed_by": self.bundle.signer_fingerprint, "records": self.bundle.counts(),
               "acks": [{k: v for k, v in a.items() if k != "bundles"}
                        for a in manifest["acks"] if isinstance(a, dict)]}
        if self.result is not None:
            out["plan"] = self.result.as_json()
        return out


def inspect_bundle(store: Store, path: Path, limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Verify and summarise; if the bundle is meant for this instance, say what importing it
    would do. Changes nothing."""
    bundle = read_verified(store, path, check_receiver=False, limits=limits)
    with store.session() as session:
        identity = current_identity(session)
        receiver = bundle.manifest["receiver"]
        mine = receiver.get("scope") == identity.owner_scope and \
            receiver.get("instance_uid") in (None, identity.uid)
        result = result_of(plan_import(session, bundle), dry_run=True) if mine else None
    return Inspection(bundle, result)


def preview_import(store: Store, path: Path, cancel: CancelToken | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> tuple[Bundle, ImportResult]:
    bundle = read_verified(store, path, limits=limits)
    with store.session() as session:
        result = result_of(plan_import(session, bundle, cancel), dry_run=True)
    if result.already_imported and not is_kept(kept_path(store, bundle.uid)):
        result.notes.append(COPY_MISSING)
    return bundle, result


def import_bundle(store: Store, path: Path, dry_run: bool = False,
                  progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read and verify, plan, and (unless `dry_run`) apply in one transaction."""
    progress(0, 0, "Verifying the bundle…")
    with gc_paused():
        if dry_run:
            return preview_import(store, path, cancel, limits)[1]
        bundle = read_verified(store, path, limits=limits)
        if cancel is not None:
            cancel.check()
        return apply_bundle(store, bundle, progress, cancel)


@dataclass(frozen=True)
class BundleRow:
    direction: str
    bundle_uid: str
    peer_scope: str
    seq_from: int
    seq_to: int
    full: bool
    recorded_at: datetime
    records: int
    acknowledged: bool | None  # None for bundles in
    file_name: str
    conflicts: int = 0
    refused: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"direction": self.direction, "bundle_uid": self.bundle_uid,
                "peer": self.peer_scope, "seq_from": self.seq_from, "seq_to": self.seq_to,
                "full": self.full, "recorded_at": self.recorded_at.isoformat(),
                "records": self.records, "acknowledged": self.acknowledged,
                "conflicts": self.conflicts, "refused": self.refused, "file": self.file_name}


def _records(counts: dict[str, Any], keys: tuple[str, ...] = ("new", "updated")) -> int:
    total = 0
    for value in counts.values():
        if isinstance(value, int) and keys == ("new", "updated"):
            total += value
        elif isinstance(value, dict):
            total += sum(v for k, v in value.items() if k in keys)
    return total


def bundle_history(session: Session) -> list[BundleRow]:
    """Bundles in and out, newest first."""
    rows = session.scalars(select(BundleLog).order_by(BundleLog.id.desc())).all()
    return [BundleRow(b.direction, b.bundle_uid, b.peer_scope, b.seq_from, b.seq_to, b.full,
                      b.recorded_at, _records(b.counts),
                      (b.acknowledged_at is not None) if b.direction == "out" else None,
                      b.file_name, _records(b.counts, ("conflicts",)),
                      _records(b.counts, ("refused",))) for b in rows]
