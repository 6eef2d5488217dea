"""The award of an opened procurement's lots and the contracts it records (rules:
`app.rules.award`).

Synced, owned by the state: they reach the regions in the state's bundle, where the
allocation and the award letters (the next part of issue #16) use them. They carry only
what the award made public: the awarded vendors and their contract prices.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.procurement import LotItem, Procurement
from app.models.types import Money, Quantity
from app.models.vendors import Vendor


class Award(Synced, Base):
    """One lot awarded to one vendor (a multiple award is several rows for the lot), or a
    recorded no-award (no vendor, the reason in `no_award_reason`)."""

    # One row per lot and vendor is the service's check, not a constraint: a synced record
    # may be a tombstone, and the bundle applies rows one by one.
    __tablename__ = "awards"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    lot_number: Mapped[int] = mapped_column(Integer)
    # A per-line award names the lot's line it covers; None: the whole lot.
    lot_item_id: Mapped[int | None] = mapped_column(ForeignKey("lot_items.id"), index=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    # The packet's basis as applied ("single", "multiple within 10%", ...).
    basis: Mapped[str] = mapped_column(String(40))
    no_award_reason: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
    lot_item: Mapped[LotItem | None] = relationship()
    vendor: Mapped[Vendor | None] = relationship()
    contract: Mapped[Contract | None] = relationship(back_populates="award")


class Contract(Synced, Base):
    """The contract an award records: number, signature date, term and renewals, and the
    board's approval date where the method is formal."""

    __tablename__ = "contracts"

    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"), unique=True)
    number: Mapped[str] = mapped_column(String(60), index=True)
    signed_on: Mapped[date] = mapped_column(Date)
    term_months: Mapped[int] = mapped_column(Integer, default=12)
    renewal_options: Mapped[int] = mapped_column(Integer, default=0)
    board_approved_on: Mapped[date | None] = mapped_column(Date)

    award: Mapped[Award] = relationship(back_populates="contract")
    prices: Mapped[list[ContractPrice]] = relationship(back_populates="contract")


class ContractPrice(Synced, Base):
    """A not-to-exceed unit price of a contract line, from the awarded bid: the base price
    (`min_qty` 0) and each volume tier the vendor offered (from `min_qty` units)."""

    __tablename__ = "contract_prices"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id"), index=True)
    lot_item_id: Mapped[int] = mapped_column(ForeignKey("lot_items.id"), index=True)
    min_qty: Mapped[Decimal] = mapped_column(Quantity(), default=Decimal(0))
    unit_price: Mapped[Decimal] = mapped_column(Money())

    contract: Mapped[Contract] = relationship(back_populates="prices")
    lot_item: Mapped[LotItem] = relationship()
