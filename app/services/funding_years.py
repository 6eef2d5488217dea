"""Funding-year parameters (discount matrix, C2 budgets, windows, thresholds): listed by
everyone, edited by the state coordinator. Rules read them from here, never from constants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, NotFoundError, UserError, ValidationError
from app.models import FundingYear
from app.models.portable import jsonable
from app.services.scope import current_identity
from app.services.values import Checker

MONEY_FIELDS = ("c2_multiplier", "c2_floor", "nc_informal_bid_threshold",
                "nc_formal_bid_threshold", "nc_construction_formal_threshold",
                "federal_micro_purchase_threshold", "federal_simplified_acquisition_threshold")
DATE_FIELDS = ("starts_on", "ends_on", "form470_available_on", "form471_window_opens",
               "form471_window_closes")
INT_FIELDS = ("c2_max_discount", "c2_cycle_start", "c2_cycle_end",
              "c2_small_district_max_schools", "nc_formal_ad_min_days",
              "nc_piggyback_notice_days", "erate_bidding_days")
TEXT_FIELDS = ("label", "notes")
EDITABLE = MONEY_FIELDS + DATE_FIELDS + INT_FIELDS + TEXT_FIELDS + ("cep_multiplier",)
MATRIX_KEYS = ("min_pct", "max_pct", "c1_urban", "c1_rural", "c2_urban", "c2_rural")


@dataclass(frozen=True)
class FundingYearView:
    year: int
    values: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, **{k: jsonable(v) for k, v in self.values.items()}}


def _view(fy: FundingYear) -> FundingYearView:
    values = {k: getattr(fy, k) for k in EDITABLE}
    values["discount_matrix"] = fy.discount_matrix
    return FundingYearView(fy.year, values)


def list_funding_years(session: Session) -> list[FundingYearView]:
    query = select(FundingYear).where(FundingYear.deleted.is_(False)).order_by(FundingYear.year)
    return [_view(fy) for fy in session.scalars(query)]


def get_funding_year(session: Session, year: int) -> FundingYear:
    fy = session.scalar(select(FundingYear).where(FundingYear.year == year))
    if fy is None:
        raise NotFoundError(f"No parameters for funding year {year}.")
    return fy


def check_matrix(bands: Any) -> list[FieldError]:
    """Bands must cover 0–100 % without gaps or overlaps; discounts are 0–90 %."""
    errors: list[FieldError] = []
    if not isinstance(bands, list) or not bands:
        return [FieldError("discount_matrix", "must be a list of bands")]
    expected_min = 0
    for index, band in enumerate(sorted(bands, key=lambda b: b.get("min_pct", -1))):
        where = f"band {index + 1}"
        if set(band) != set(MATRIX_KEYS) or not all(isinstance(band[k], int) for k in band):
            errors.append(FieldError("discount_matrix", f"{where} needs whole numbers for "
                                                        f"{', '.join(MATRIX_KEYS)}"))
            continue
        if band["min_pct"] != expected_min or band["max_pct"] < band["min_pct"]:
            errors.append(FieldError("discount_matrix", f"{where} should start at "
                                                        f"{expected_min} %"))
        if not all(0 <= band[k] <= 90 for k in MATRIX_KEYS[2:]):
            errors.append(FieldError("discount_matrix", f"{where}: discounts are 0–90 %"))
        expected_min = band["max_pct"] + 1
    if not errors and expected_min != 101:
        errors.append(FieldError("discount_matrix", "the last band must end at 100 %"))
    return errors


def edit_funding_year(session: Session, year: int, raw: dict[str, Any]) -> FundingYearView:
    """Change parameters of one funding year (state only); every value is checked first."""
    if current_identity(session).role != "state":
        raise UserError("Funding-year parameters are kept by the state coordinator.")
    fy = get_funding_year(session, year)
    check = Checker(record=f"FY{year}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in MONEY_FIELDS:
            values[key] = check.decimal(key, value, required=True)
        elif key == "cep_multiplier":
            values[key] = check.decimal(key, value, required=True, places=3, positive=True)
        elif key in DATE_FIELDS:
            values[key] = check.date(key, value)
            if values[key] is None and key not in ("form470_available_on",):
                check.fail(key, "is required")
        elif key in INT_FIELDS:
            values[key] = check.integer(key, value, required=True)
        elif key in TEXT_FIELDS:
            values[key] = check.text(key, value, max_len=4000)
        elif key == "discount_matrix":
            check.errors.extend(check_matrix(value))
            values[key] = value
        else:
            check.fail(key, "is not a funding-year parameter")
    merged = {**{k: getattr(fy, k) for k in EDITABLE}, **values}
    opens, closes = merged["form471_window_opens"], merged["form471_window_closes"]
    if isinstance(opens, date) and isinstance(closes, date) and closes <= opens:
        check.fail("form471_window_closes", "must be after the window opens")
    if Decimal(merged["nc_formal_bid_threshold"]) <= Decimal(merged["nc_informal_bid_threshold"]):
        check.fail("nc_formal_bid_threshold", "must be above the informal-bid threshold")
    if check.errors:
        raise ValidationError(check.errors, f"funding year {year}")
    for key, value in values.items():
        setattr(fy, key, value)
    session.flush()
    return _view(fy)
