"""This store's identity, its change counter, and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.types import UTCDateTime, utcnow

ROLES = ("region", "state")


class InstanceIdentity(Base):
    """Exactly one row once the store is initialised."""

    __tablename__ = "instance_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    region: Mapped[int | None] = mapped_column(ForeignKey("regions.number"))
    operator: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    app_version: Mapped[str] = mapped_column(String(20))
    # Ed25519 public key, PEM. The private key is a file in the data folder
    # (app.signing_key), out of the database every desk of a state office can read.
    public_key: Mapped[str] = mapped_column(Text)
    focus_funding_year: Mapped[int | None] = mapped_column(Integer)
    # The state's OCDS ocid prefix ("ocds-" + the six characters the Open Contracting
    # Partnership registers, plus an optional suffix); None: the placeholder in
    # app.services.settings until the consortium registers one.
    ocid_prefix: Mapped[str | None] = mapped_column(String(60))

    @property
    def owner_scope(self) -> str:
        return "state" if self.role == "state" else f"region:{self.region}"


class Counter(Base):
    """Named monotonically increasing counters (the local change sequence)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    operator: Mapped[str] = mapped_column(String(120))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    record_uid: Mapped[str] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(20))
    # {field: [old, new]} as JSON-ready strings; the full row for creates.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
