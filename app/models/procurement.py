"""Procurements the state plans from aggregated demand: lots of catalog items, participating
members with their letter-of-agency check, milestone dates, and volume price tiers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.catalog import CatalogItem
from app.models.members import Member
from app.models.types import Money, Quantity

PROCUREMENT_STATUSES = ("planning", "bidding", "evaluating", "awarded", "cancelled")
PROCUREMENT_METHODS = ("none", "informal", "formal")
LOT_BASES = ("item", "category")


class Procurement(Synced, Base):
    __tablename__ = "procurements"

    ref: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    funding_year: Mapped[int] = mapped_column(Integer, index=True)
    method: Mapped[str] = mapped_column(String(12), default="none")
    status: Mapped[str] = mapped_column(String(12), default="planning", index=True)
    lot_basis: Mapped[str] = mapped_column(String(10), default="item")
    # Comma-separated codes from FUNDING_SOURCES of the demand it was built from.
    funding_sources: Mapped[str] = mapped_column(String(60), default="")
    estimated_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    form470_certified_on: Mapped[date | None] = mapped_column(Date)
    rfp_posted_on: Mapped[date | None] = mapped_column(Date)
    nc_advertised_on: Mapped[date | None] = mapped_column(Date)
    bid_due_on: Mapped[date | None] = mapped_column(Date)
    contract_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    lots: Mapped[list[Lot]] = relationship(back_populates="procurement",
                                           order_by="Lot.number")
    members: Mapped[list[ProcurementMember]] = relationship(back_populates="procurement")


class Lot(Synced, Base):
    __tablename__ = "lots"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(160))
    # The item or category code the lot was built from.
    basis_code: Mapped[str] = mapped_column(String(20), default="")
    erate_category: Mapped[str] = mapped_column(String(10), default="")

    procurement: Mapped[Procurement] = relationship(back_populates="lots")
    items: Mapped[list[LotItem]] = relationship(back_populates="lot")


class LotItem(Synced, Base):
    __tablename__ = "lot_items"

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_items.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(30), default="")
    quantity: Mapped[Decimal] = mapped_column(Quantity())
    estimated_unit_price: Mapped[Decimal] = mapped_column(Money())
    estimated_amount: Mapped[Decimal] = mapped_column(Money())
    members: Mapped[int] = mapped_column(Integer, default=0)

    lot: Mapped[Lot] = relationship(back_populates="items")
    item: Mapped[CatalogItem | None] = relationship()


class ProcurementMember(Synced, Base):
    __tablename__ = "procurement_members"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    estimated_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    # The member's Category 2 (pre-discount) part, which counts against its C2 budget.
    c2_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    # How many of the procurement's lots this member has demand in (each one a separate
    # procurement the member would otherwise have run itself).
    lots_taken: Mapped[int] = mapped_column(Integer, default=0)
    loa_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    loa_problems: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship(back_populates="members")
    member: Mapped[Member] = relationship()


class PriceTier(Synced, Base):
    """A quantity break: from `min_qty` units the unit price is `unit_price`. Belongs to a
    catalog item (the state's reference tiers) or to one lot item (a bid's tiers)."""

    __tablename__ = "price_tiers"

    item_id: Mapped[int | None] = mapped_column(ForeignKey("catalog_items.id"), index=True)
    lot_item_id: Mapped[int | None] = mapped_column(ForeignKey("lot_items.id"), index=True)
    min_qty: Mapped[Decimal] = mapped_column(Quantity())
    unit_price: Mapped[Decimal] = mapped_column(Money())
    vendor: Mapped[str] = mapped_column(String(160), default="")
