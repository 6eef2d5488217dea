"""Domain settings: who operates this instance and which funding year is in focus (kept on
the instance identity), and the consortium's name (state-owned data that travels to the
regions in the state's bundle), and the state's OCDS ocid prefix (a setting of the state
instance only: it publishes the open data). Window layout lives in QSettings, not here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationError
from app.models import ConsortiumProfile, FundingYear
from app.rules.ocds import PLACEHOLDER_PREFIX, prefix_problem
from app.services.scope import current_identity

DEFAULT_CONSORTIUM_NAME = "North Carolina K-12 Technology Purchasing Consortium"


@dataclass(frozen=True)
class InstanceSettings:
    operator: str
    focus_funding_year: int | None
    funding_years: tuple[int, ...]
    consortium_name: str
    consortium_name_editable: bool  # the state keeps it; regions receive it
    ocid_prefix: str = PLACEHOLDER_PREFIX
    ocid_prefix_set: bool = False  # False: the placeholder, not a registered prefix

    def as_json(self) -> dict[str, object]:
        return {"operator": self.operator, "focus_funding_year": self.focus_funding_year,
                "funding_years": list(self.funding_years),
                "consortium_name": self.consortium_name,
                "consortium_name_editable": self.consortium_name_editable,
                "ocid_prefix": self.ocid_prefix, "ocid_prefix_set": self.ocid_prefix_set}


def _profile(session: Session) -> ConsortiumProfile | None:
    return session.scalars(select(ConsortiumProfile).where(
        ConsortiumProfile.deleted.is_(False)).order_by(ConsortiumProfile.id)).first()


def consortium_name(session: Session) -> str:
    """The name that heads every PDF: the state's, once it has set one and it has arrived."""
    profile = _profile(session)
    return profile.name if profile is not None else DEFAULT_CONSORTIUM_NAME


def ocid_prefix(session: Session) -> str:
    """The prefix of this instance's OCDS ocids: the one set, or the placeholder."""
    return current_identity(session).ocid_prefix or PLACEHOLDER_PREFIX


def get_settings(session: Session) -> InstanceSettings:
    identity = current_identity(session)
    years = tuple(session.scalars(select(FundingYear.year).where(
        FundingYear.deleted.is_(False)).order_by(FundingYear.year)))
    return InstanceSettings(identity.operator, identity.focus_funding_year, years,
                            consortium_name(session), identity.role == "state",
                            ocid_prefix(session), bool(identity.ocid_prefix))


def _consortium_name_errors(role: str, consortium: str) -> list[FieldError]:
    """Only the state names the consortium (regions receive it); 3 to 200 characters."""
    if role != "state":
        return [FieldError("consortium_name", "is kept by the state coordinator; "
                           "it arrives in the state's bundle")]
    if len(consortium) < 3:
        return [FieldError("consortium_name", "is required (at least 3 characters)")]
    if len(consortium) > 200:
        return [FieldError("consortium_name", "is longer than 200 characters")]
    return []


def _ocid_prefix_errors(role: str, prefix: str) -> list[FieldError]:
    """The state publishes the open data, so only it sets the ocid prefix; it must be one."""
    if role != "state":
        return [FieldError("ocid_prefix", "is the state's: it publishes the open data")]
    problem = prefix_problem(prefix)
    return [FieldError("ocid_prefix", f"'{prefix}' {problem}")] if problem else []


def _operator_errors(name: str) -> list[FieldError]:
    """The operator's name is required, at most 120 characters."""
    if not name:
        return [FieldError("operator", "is required (the coordinator's name)")]
    if len(name) > 120:
        return [FieldError("operator", "is longer than 120 characters")]
    return []


def update_settings(session: Session, *, operator: str | None = None,
                    focus_funding_year: int | None = None, clear_focus: bool = False,
                    consortium_name: str | None = None,
                    ocid_prefix: str | None = None) -> InstanceSettings:
    """Change the operator's name, the funding year in focus and/or (the state only) the
    consortium's name and the OCDS ocid prefix; all checked first, nothing changed if any
    is wrong."""
    identity = current_identity(session)
    errors: list[FieldError] = []
    consortium = None
    if consortium_name is not None:
        consortium = " ".join(consortium_name.split())
        errors += _consortium_name_errors(identity.role, consortium)
    prefix = None
    if ocid_prefix is not None:
        prefix = ocid_prefix.strip()
        errors += _ocid_prefix_errors(identity.role, prefix)
    name = None
    if operator is not None:
        name = " ".join(operator.split())
        errors += _operator_errors(name)
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
    if prefix is not None:
        identity.ocid_prefix = prefix
    if consortium is not None:
        profile = _profile(session)
        if profile is None:
            session.add(ConsortiumProfile(name=consortium))
        elif profile.name != consortium:
            profile.name = consortium  # a tracked edit: versioned, audited, synced
    session.flush()
    return get_settings(session)
