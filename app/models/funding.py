"""Per-funding-year E-rate and procurement parameters: data the user edits, never constants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Synced
from app.models.types import Money, ScaledDecimal


class FundingYear(Synced, Base):
    __tablename__ = "funding_years"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # List of bands: {min_pct, max_pct, c1_urban, c1_rural, c2_urban, c2_rural}.
    discount_matrix: Mapped[list[dict[str, int]]] = mapped_column(JSON)
    c2_max_discount: Mapped[int] = mapped_column(Integer)
    cep_multiplier: Mapped[Decimal] = mapped_column(ScaledDecimal(3))
    c2_cycle_start: Mapped[int] = mapped_column(Integer)
    c2_cycle_end: Mapped[int] = mapped_column(Integer)
    c2_multiplier: Mapped[Decimal] = mapped_column(Money())
    c2_floor: Mapped[Decimal] = mapped_column(Money())
    c2_small_district_max_schools: Mapped[int] = mapped_column(Integer)
    form470_available_on: Mapped[date | None] = mapped_column(Date)
    form471_window_opens: Mapped[date] = mapped_column(Date)
    form471_window_closes: Mapped[date] = mapped_column(Date)
    nc_informal_bid_threshold: Mapped[Decimal] = mapped_column(Money())
    nc_formal_bid_threshold: Mapped[Decimal] = mapped_column(Money())
    nc_construction_formal_threshold: Mapped[Decimal] = mapped_column(Money())
    nc_formal_ad_min_days: Mapped[int] = mapped_column(Integer)
    nc_piggyback_notice_days: Mapped[int] = mapped_column(Integer)
    erate_bidding_days: Mapped[int] = mapped_column(Integer)
    federal_micro_purchase_threshold: Mapped[Decimal] = mapped_column(Money())
    federal_simplified_acquisition_threshold: Mapped[Decimal] = mapped_column(Money())
    notes: Mapped[str] = mapped_column(Text, default="")
