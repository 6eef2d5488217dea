"""A member's need line: what it wants to buy, how many, for which funding year."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.catalog import CatalogItem
from app.models.members import Member
from app.models.types import Money, Quantity, UTCDateTime

NEED_STATUSES = ("draft", "confirmed", "withdrawn")
FUNDING_SOURCES = ("erate", "federal", "state", "local")


class Need(Synced, Base):
    __tablename__ = "needs"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_items.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(30))
    quantity: Mapped[Decimal] = mapped_column(Quantity())
    unit_price: Mapped[Decimal] = mapped_column(Money())
    funding_year: Mapped[int] = mapped_column(Integer, index=True)
    needed_by: Mapped[date | None] = mapped_column(Date)
    # Comma-separated codes from FUNDING_SOURCES, in that order.
    funding_sources: Mapped[str] = mapped_column(String(60), default="")
    current_vendor: Mapped[str] = mapped_column(String(160), default="")
    preferred_vendor: Mapped[str] = mapped_column(String(160), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    confirmed_by: Mapped[str] = mapped_column(String(120), default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()
    item: Mapped[CatalogItem | None] = relationship()
