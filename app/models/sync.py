"""What sync remembers: trusted peers (their keys and watermarks), bundles in and out, and
conflicts waiting for a person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.types import UTCDateTime, utcnow

CONFLICT_STATUSES = ("open", "resolved")
DIRECTIONS = ("in", "out")


class SyncPeer(Base):
    """Another instance whose public key this store trusts.

    `received_seq` is the highest change sequence of the peer's that this store has applied
    without a gap; it travels back to the peer as an acknowledgement.
    """

    __tablename__ = "sync_peers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_uid: Mapped[str] = mapped_column(String(36), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    region: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(120), default="")
    public_key: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(24), unique=True)
    trusted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trusted_by: Mapped[str] = mapped_column(String(120), default="")
    received_seq: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def scope(self) -> str:
        return "state" if self.role == "state" else f"region:{self.region}"


class BundleLog(Base):
    """One bundle written (`out`) or applied (`in`)."""

    __tablename__ = "bundle_log"
    __table_args__ = (UniqueConstraint("direction", "bundle_uid",
                                       name="uq_bundle_log_direction_bundle_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    bundle_uid: Mapped[str] = mapped_column(String(36), index=True)
    # The other side: the source of a bundle in, the intended receiver of a bundle out.
    peer_instance_uid: Mapped[str] = mapped_column(String(36), default="")
    peer_scope: Mapped[str] = mapped_column(String(16))
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator: Mapped[str] = mapped_column(String(120), default="")
    file_name: Mapped[str] = mapped_column(String(260), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    # {entity: rows} for out; {entity: {new, updated, unchanged, conflicts, refused}} for in.
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    # For out: the receiver confirmed it applied this bundle (an acknowledgement came back).
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Conflict(Base):
    """A record changed on both sides, or the same version with different content."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_uid: Mapped[str] = mapped_column(String(36), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    bundle_uid: Mapped[str] = mapped_column(String(36))
    source_scope: Mapped[str] = mapped_column(String(16))
    local_version: Mapped[int] = mapped_column(Integer)
    remote_version: Mapped[int] = mapped_column(Integer)
    # Portable fields (parents as `<relationship>_uid`) of each side when it was found.
    local_fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    remote_fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    resolution: Mapped[str] = mapped_column(String(10), default="")
    resolved_by: Mapped[str] = mapped_column(String(120), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
