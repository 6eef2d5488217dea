"""The yearly figures every rule needs, as one plain value (built from a FundingYear by the
services; rules never read the database and never hold a yearly figure as a constant)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class DiscountBand:
    """One row of the E-rate discount matrix: NSLP % from `min_pct` to `max_pct` inclusive."""

    min_pct: int
    max_pct: int
    c1_urban: int
    c1_rural: int
    c2_urban: int
    c2_rural: int


@dataclass(frozen=True)
class YearParams:
    year: int
    discount_matrix: tuple[DiscountBand, ...]
    c2_max_discount: int
    cep_multiplier: Decimal
    c2_multiplier: Decimal
    c2_floor: Decimal
    c2_small_district_max_schools: int
    form471_window_opens: date
    form471_window_closes: date
    nc_informal_bid_threshold: Decimal
    nc_formal_bid_threshold: Decimal
    nc_formal_ad_min_days: int
    erate_bidding_days: int
    federal_micro_purchase_threshold: Decimal
    federal_simplified_acquisition_threshold: Decimal
    starts_on: date | None = None
    c2_cycle_start: int | None = None
    c2_cycle_end: int | None = None

    @classmethod
    def from_values(cls, values: Mapping[str, Any] | Any) -> YearParams:
        """From a mapping or any object with these attributes (e.g. a FundingYear row)."""
        def get(name: str) -> Any:
            if isinstance(values, Mapping):
                return values.get(name)
            return getattr(values, name, None)

        kwargs = {f.name: get(f.name) for f in fields(cls)}
        kwargs["discount_matrix"] = tuple(
            band if isinstance(band, DiscountBand) else DiscountBand(**band)
            for band in (get("discount_matrix") or ()))
        for name in ("cep_multiplier", "c2_multiplier", "c2_floor",
                     "nc_informal_bid_threshold", "nc_formal_bid_threshold",
                     "federal_micro_purchase_threshold",
                     "federal_simplified_acquisition_threshold"):
            kwargs[name] = Decimal(str(kwargs[name]))
        return cls(**kwargs)
