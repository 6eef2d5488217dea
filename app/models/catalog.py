"""The state's catalog of standard items."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.types import Money

ERATE_CATEGORIES = ("C1", "C2", "ineligible")


class Category(Synced, Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(80))


class CatalogItem(Synced, Base):
    __tablename__ = "catalog_items"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    unit: Mapped[str] = mapped_column(String(30))
    erate_category: Mapped[str] = mapped_column(String(10))
    reference_price: Mapped[Decimal] = mapped_column(Money())
    spec: Mapped[str] = mapped_column(Text, default="")
    # A brand named in a specification is always printed "<brand> or equivalent" (E-rate
    # bids may not require one brand); empty when the item names none.
    brand: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    category: Mapped[Category] = relationship()

