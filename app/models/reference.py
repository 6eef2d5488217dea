"""Regions: the eight State Board of Education regions (data, not code)."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced


class Region(Synced, Base):
    __tablename__ = "regions"

    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(60))
