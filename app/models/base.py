"""Declarative base, naming convention, and the columns every synced record carries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.types import UTCDateTime, utcnow

# Stable constraint names keep Alembic batch migrations on SQLite predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATE_OWNER = "state"


def region_owner(region: int) -> str:
    """Owner scope of records a regional instance writes, e.g. ``region:3``."""
    return f"region:{region}"


def new_uid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Any]) -> Table:
    """The Core table of a mapped class, for insert/update/delete over many rows. (The
    declarative ``__table__`` is typed as any FROM clause, which those do not take.)"""
    return Base.metadata.tables[model.__tablename__]


class Synced:
    """Columns of a record that travels between instances (DESIGN.md §3).

    ``uid`` is the identity everywhere (never the local integer id); ``owner`` is the scope
    allowed to write it (``state`` or ``region:N``); ``version`` grows with every edit;
    ``seq`` is this store's change counter at the last local write, which incremental export
    compares with what the receiver acknowledged; ``deleted`` is a tombstone.
    """

    if TYPE_CHECKING:
        # Every concrete model names its table; declared here only for the type checker,
        # so the declarative scan of the mixin sees nothing new.
        __tablename__: str

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    owner: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Kept:
    """Columns of a record that stays in this store: it is audited like a synced record
    (who, when, what changed) but never travels in a bundle. Sealed bids are kept this way:
    a region has no use for them, and nothing priced may leave the state before the opening.
    """

    if TYPE_CHECKING:
        # Every concrete model names its table; declared here only for the type checker,
        # so the declarative scan of the mixin sees nothing new.
        __tablename__: str

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
