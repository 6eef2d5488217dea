"""Members (LEAs, charters, regional schools): list, create, edit, with field-level checks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import FieldError, NotFoundError, ValidationError
from app.models import Member, Region, School, region_owner
from app.models.tracking import note_handover
from app.services.record_rules import ENROLMENT, MEMBER
from app.services.scope import current_identity, member_write_error
from app.services.values import Checker

MEMBER_FIELDS = ("code", "name", "kind", "county", "region", "students", "nslp_eligible",
                 "cep_isp", "rural", "ben", "notes")


@dataclass(frozen=True)
class MemberRow:
    uid: str
    code: str
    name: str
    kind: str
    county: str
    region: int
    dpi_region: int | None
    students: int | None
    nslp_eligible: int | None
    cep_isp: Decimal | None
    rural: bool | None
    ben: str
    notes: str
    version: int

    def as_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "code": self.code, "name": self.name, "kind": self.kind,
                "county": self.county, "region": self.region, "dpi_region": self.dpi_region,
                "students": self.students, "nslp_eligible": self.nslp_eligible,
                "cep_isp": None if self.cep_isp is None else str(self.cep_isp),
                "rural": self.rural, "ben": self.ben}


def member_row(member: Member) -> MemberRow:
    return MemberRow(member.uid, member.code, member.name, member.kind, member.county,
                     member.region, member.dpi_region, member.students, member.nslp_eligible,
                     member.cep_isp, member.rural, member.ben, member.notes, member.version)


def list_members(session: Session, region: int | None = None,
                 kind: str | None = None) -> list[MemberRow]:
    query = select(Member).where(Member.deleted.is_(False)).order_by(Member.code)
    if region is not None:
        query = query.where(Member.region == region)
    if kind is not None:
        query = query.where(Member.kind == kind)
    return [member_row(m) for m in session.scalars(query)]


def get_member(session: Session, code: str) -> Member:
    member = session.scalar(select(Member).where(Member.code == code.strip().upper(),
                                                 Member.deleted.is_(False)))
    if member is None:
        raise NotFoundError(f"No member with code '{code}'.")
    return member


def school_totals(session: Session, member: Member) -> tuple[int, int] | None:
    """(students, NSLP-eligible) summed over the member's schools; None when it has none.
    A member's counts are the sum of its schools: the discount is computed from the schools,
    so a member-level figure that disagreed would print one number and use another."""
    row = session.execute(select(func.count(), func.coalesce(func.sum(School.students), 0),
                                 func.coalesce(func.sum(School.nslp_eligible), 0))
                          .where(School.member_id == member.id,
                                 School.deleted.is_(False))).one()
    return (int(row[1]), int(row[2])) if row[0] else None


def refresh_member_totals(session: Session, member: Member) -> None:
    """Set the member's counts to the sum of its schools (after a school changed)."""
    session.flush()
    totals = school_totals(session, member)
    if totals is not None and (member.students, member.nslp_eligible) != totals:
        member.students, member.nslp_eligible = totals


def _check_school_sums(check: Checker, values: dict[str, Any],
                       totals: tuple[int, int] | None) -> None:
    """A member with schools on file has the sum of its schools' enrolment and NSLP counts:
    a different figure typed for the member is refused (change the schools instead)."""
    for name, total in zip(ENROLMENT, totals or (), strict=False):
        if values.get(name) is not None and values[name] != total:
            check.fail(name, f"is the sum of the member's schools ({total}); change the "
                             "schools' figures instead")


def check_member_values(session: Session, raw: dict[str, Any], *, row: int | None = None,
                        existing: Member | None = None) -> tuple[dict[str, Any], Checker]:
    """Validate the member fields present in `raw`; returns typed values and the checker."""
    check = Checker(row=row, record=raw.get("code") or (existing.code if existing else None))
    values: dict[str, Any] = {}
    creating = existing is None
    for name in MEMBER_FIELDS:
        if name in raw or (creating and MEMBER.fields[name].required):
            values[name] = MEMBER.field(check, name, raw.get(name))
    if values.get("code"):
        values["code"] = values["code"].upper()
    region = values.get("region")
    if region is not None and not session.scalar(
            select(func.count()).select_from(Region).where(Region.number == region)):
        check.fail("region", f"region {region} is not in this store")
    if existing is not None:
        _check_school_sums(check, values, school_totals(session, existing))
    MEMBER.check_across(check, {
        "students": values.get("students", existing.students if existing else None),
        "nslp_eligible": values.get("nslp_eligible",
                                    existing.nslp_eligible if existing else None)})
    return values, check


def create_member(session: Session, raw: dict[str, Any]) -> MemberRow:
    values, check = check_member_values(session, raw)
    identity = current_identity(session)
    if values.get("code") and session.scalar(select(Member).where(Member.code == values["code"])):
        check.fail("code", f"a member with code {values['code']} already exists")
    if identity.role == "region" and values.get("region") not in (None, identity.region):
        check.fail("region", f"this instance is Region {identity.region}; it cannot add a "
                             f"member of Region {values['region']}")
    check.raise_if_errors("member")
    member = Member(owner=region_owner(values["region"]), **values)
    session.add(member)
    session.flush()
    if identity.role == "state":  # made for a region: its next bundle hands it over
        note_handover(session, [member])
    return member_row(member)


def edit_member(session: Session, code: str, raw: dict[str, Any]) -> MemberRow:
    member = get_member(session, code)
    problem = member_write_error(session, member)
    if problem:
        raise ValidationError([problem], "member")
    unknown = set(raw) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError([FieldError(k, "is not a member field") for k in sorted(unknown)])
    # Refused rather than ignored: a silently dropped change is data lost.
    fixed = []
    if "code" in raw and str(raw["code"]).strip().upper() != member.code:
        fixed.append(FieldError("code", "cannot be changed; it is the member's DPI code"))
    if "region" in raw and str(raw["region"]).strip() != str(member.region):
        fixed.append(FieldError("region", "is assigned by the state coordinator"))
    if fixed:
        raise ValidationError(fixed, f"member {member.code}")
    raw = {k: v for k, v in raw.items() if k not in ("code", "region")}
    values, check = check_member_values(session, raw, existing=member)
    check.raise_if_errors(f"member {member.code}")
    from app.services.figures import mark_entered  # figures builds on this module

    mark_entered(member, values)
    for key, value in values.items():
        setattr(member, key, value)
    session.flush()
    return member_row(member)
