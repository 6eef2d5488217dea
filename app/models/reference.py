"""Regions: the eight State Board of Education regions (data, not code)."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced


class Region(Synced, Base):
    __tablename__ = "regions"

    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(60))


class ConsortiumProfile(Synced, Base):
    """The consortium itself, kept by the state and sent to the regions: its name heads every
    PDF. At most one row; none means the default name."""

    __tablename__ = "consortium_profile"

    name: Mapped[str] = mapped_column(String(200))
