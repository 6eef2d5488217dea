"""Funding-year parameters (discount matrix, C2 budgets, windows, thresholds): listed by
everyone, edited by the state coordinator. Rules read them from here, never from constants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError, ValidationError
from app.models import FundingYear
from app.models.portable import jsonable
from app.services.record_rules import (
    FUNDING_YEAR_PARAMS,
    FY_DATE_FIELDS,
    FY_INT_FIELDS,
    FY_MONEY_FIELDS,
    FY_TEXT_FIELDS,
    MATRIX_KEYS,  # noqa: F401 - the editor's columns, named here beside the fields
)
from app.services.scope import current_identity
from app.services.values import Checker

MONEY_FIELDS, DATE_FIELDS = FY_MONEY_FIELDS, FY_DATE_FIELDS
INT_FIELDS, TEXT_FIELDS = FY_INT_FIELDS, FY_TEXT_FIELDS
EDITABLE = MONEY_FIELDS + DATE_FIELDS + INT_FIELDS + TEXT_FIELDS + ("cep_multiplier",)


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


def edit_funding_year(session: Session, year: int, raw: dict[str, Any]) -> FundingYearView:
    """Change parameters of one funding year (state only); every value is checked first."""
    if current_identity(session).role != "state":
        raise UserError("Funding-year parameters are kept by the state coordinator.")
    fy = get_funding_year(session, year)
    check = Checker(record=f"FY{year}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in EDITABLE or key == "discount_matrix":
            values[key] = FUNDING_YEAR_PARAMS.field(check, key, value)
        else:
            check.fail(key, "is not a funding-year parameter")
    FUNDING_YEAR_PARAMS.check_across(check, {**{k: getattr(fy, k) for k in EDITABLE},
                                              **values})
    if check.errors:
        raise ValidationError(check.errors, f"funding year {year}")
    for key, value in values.items():
        setattr(fy, key, value)
    session.flush()
    return _view(fy)
