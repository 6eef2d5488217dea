"""Sealed bids: the files vendors return, their priced lines, and the public opening.

Kept in the state's store only (`Kept`: audited, never in a bundle). Until a `BidOpening`
exists for the procurement nothing here that carries a price may be shown (the services
enforce it, DOMAIN.md §2.10)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Kept
from app.models.procurement import LotItem, Procurement
from app.models.types import Money, Quantity, UTCDateTime
from app.models.vendors import Vendor

# current: the vendor's bid; replaced: an earlier version; withdrawn: taken back before the
# deadline. Lateness is separate (`late`): a late bid is kept and never opened.
BID_STATUSES = ("current", "replaced", "withdrawn")
OPENING_OUTCOMES = ("bids", "one_bid", "no_bids")


class BidFile(Base):
    """A received file, byte for byte, under its SHA-256 (one copy however often it came)."""

    __tablename__ = "bid_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Bid(Kept, Base):
    """One version of one vendor's bid on one procurement."""

    __tablename__ = "bids"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="current")
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by: Mapped[str] = mapped_column(String(120))
    file_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # The company name the vendor typed on the form.
    bidder_name: Mapped[str] = mapped_column(String(160), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The addenda numbers the vendor acknowledged, "1,2" (app.rules.addenda reads it).
    addenda_acknowledged: Mapped[str] = mapped_column(String(200), default="")

    procurement: Mapped[Procurement] = relationship()
    vendor: Mapped[Vendor] = relationship()
    lines: Mapped[list[BidLine]] = relationship(back_populates="bid")
    tiers: Mapped[list[BidTier]] = relationship(back_populates="bid")


class BidLine(Kept, Base):
    """A priced line of a bid (lots the vendor did not bid on have none)."""

    __tablename__ = "bid_lines"

    bid_id: Mapped[int] = mapped_column(ForeignKey("bids.id"), index=True)
    lot_item_id: Mapped[int] = mapped_column(ForeignKey("lot_items.id"), index=True)
    manufacturer: Mapped[str] = mapped_column(String(120), default="")
    part_number: Mapped[str] = mapped_column(String(120), default="")
    unit_price: Mapped[Decimal] = mapped_column(Money())
    ineligible_unit_price: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    extended_price: Mapped[Decimal] = mapped_column(Money())
    # An "or equivalent" product instead of the brand the specification names: for review.
    substitution: Mapped[bool] = mapped_column(Boolean, default=False)
    review_note: Mapped[str] = mapped_column(Text, default="")

    bid: Mapped[Bid] = relationship(back_populates="lines")
    lot_item: Mapped[LotItem] = relationship()


class BidTier(Kept, Base):
    """A volume tier the vendor offered on a line: from `min_qty` units, `unit_price`."""

    __tablename__ = "bid_tiers"

    bid_id: Mapped[int] = mapped_column(ForeignKey("bids.id"), index=True)
    lot_item_id: Mapped[int] = mapped_column(ForeignKey("lot_items.id"), index=True)
    min_qty: Mapped[Decimal] = mapped_column(Quantity())
    unit_price: Mapped[Decimal] = mapped_column(Money())

    bid: Mapped[Bid] = relationship(back_populates="tiers")
    lot_item: Mapped[LotItem] = relationship()


class BidOpening(Kept, Base):
    """The opening of a procurement's bids: an event that cannot be undone, after which
    prices are public (formal bids: public opening at the advertised time and place)."""

    __tablename__ = "bid_openings"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), unique=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str] = mapped_column(String(120))
    # One witness per line.
    witnesses: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    outcome: Mapped[str] = mapped_column(String(12), default="bids")
    notes: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
