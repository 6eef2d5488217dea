"""Domain settings kept on the instance identity: who operates it, which funding year is in
focus. (Window layout lives in QSettings, not here.)"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationError
from app.models import FundingYear
from app.services.scope import current_identity


@dataclass(frozen=True)
class InstanceSettings:
    operator: str
    focus_funding_year: int | None
    funding_years: tuple[int, ...]


def get_settings(session: Session) -> InstanceSettings:
    identity = current_identity(session)
    years = tuple(session.scalars(select(FundingYear.year).where(
        FundingYear.deleted.is_(False)).order_by(FundingYear.year)))
    return InstanceSettings(identity.operator, identity.focus_funding_year, years)


def update_settings(session: Session, *, operator: str | None = None,
                    focus_funding_year: int | None = None,
                    clear_focus: bool = False) -> InstanceSettings:
    """Change the operator's name and/or the funding year in focus; all checked first."""
    identity = current_identity(session)
    errors: list[FieldError] = []
    name = None
    if operator is not None:
        name = " ".join(operator.split())
        if not name:
            errors.append(FieldError("operator", "is required (the coordinator's name)"))
        elif len(name) > 120:
            errors.append(FieldError("operator", "is longer than 120 characters"))
    years = get_settings(session).funding_years
    if focus_funding_year is not None and focus_funding_year not in years:
        known = ", ".join(str(y) for y in years) or "none"
        errors.append(FieldError("focus_funding_year",
                                 f"FY{focus_funding_year} has no parameters in this store "
                                 f"(known: {known})"))
    if errors:
        raise ValidationError(errors, "settings")
    if name is not None:
        identity.operator = name
    if focus_funding_year is not None:
        identity.focus_funding_year = focus_funding_year
    elif clear_focus:
        identity.focus_funding_year = None
    session.flush()
    return get_settings(session)
