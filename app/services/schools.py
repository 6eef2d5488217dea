"""A member's schools (the figures the E-rate discount is computed from) and its contacts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.models import Contact, School
from app.services.figures import mark_entered
from app.services.members import get_member, refresh_member_totals
from app.services.record_rules import CONTACT, SCHOOL
from app.services.scope import member_write_error
from app.services.values import Checker


@dataclass(frozen=True)
class SchoolRow:
    uid: str
    member_code: str
    code: str
    name: str
    students: int
    nslp_eligible: int
    cep_isp: Decimal | None
    rural: bool
    # Where the E-rate figures came from: "reference", "entered" or "confirmed" (for
    # confirmed_for_year, by confirmed_by at confirmed_at, an ISO time).
    figures_source: str = "entered"
    confirmed_for_year: int | None = None
    confirmed_by: str = ""
    confirmed_at: str = ""

    def figures_text(self, year: int | None = None, short: bool = False) -> str:
        """"Confirmed FY2026 (Pat Lee)", "Reference (DPI, not NSLP)", "Entered"; a
        confirmation for another year than `year` says so, as it does not count for `year`.
        `short` is for a narrow column: "✓ FY2026", "DPI ref.", "Entered"."""
        if short:
            if self.figures_source == "confirmed" and self.confirmed_for_year:
                return f"✓ FY{self.confirmed_for_year}"
            return "DPI ref." if self.figures_source == "reference" else "Entered"
        if self.figures_source == "confirmed" and self.confirmed_for_year:
            who = f" ({self.confirmed_by})" if self.confirmed_by else ""
            stale = (" — not this year" if year is not None
                     and self.confirmed_for_year != year else "")
            return f"Confirmed FY{self.confirmed_for_year}{who}{stale}"
        return {"reference": "Reference (DPI, not NSLP)", "entered": "Entered"}.get(
            self.figures_source, self.figures_source)


@dataclass(frozen=True)
class ContactRow:
    uid: str
    member_code: str
    name: str
    title: str
    role: str
    email: str
    phone: str


def _school_row(school: School) -> SchoolRow:
    return SchoolRow(school.uid, school.member.code, school.code, school.name, school.students,
                     school.nslp_eligible, school.cep_isp, school.rural, school.figures_source,
                     school.confirmed_for_year, school.confirmed_by,
                     school.confirmed_at.isoformat() if school.confirmed_at else "")


def _contact_row(contact: Contact) -> ContactRow:
    return ContactRow(contact.uid, contact.member.code, contact.name, contact.title,
                      contact.role, contact.email, contact.phone)


def list_schools(session: Session, member_code: str) -> list[SchoolRow]:
    member = get_member(session, member_code)
    query = select(School).where(School.member_id == member.id, School.deleted.is_(False))
    return [_school_row(s) for s in session.scalars(query.order_by(School.code))]


def _check_school(raw: dict[str, Any], creating: bool, current: School | None = None
                  ) -> tuple[dict[str, Any], Checker]:
    check = Checker(record=raw.get("code") or (current.code if current else None))
    values: dict[str, Any] = {}
    for name in ("code", "name", "students", "nslp_eligible", "cep_isp", "rural"):
        if name in raw or (creating and name in ("code", "name", "students",
                                                  "nslp_eligible")):
            values[name] = SCHOOL.field(check, name, raw.get(name), required=name in (
                "code", "name") or (creating and name == "students"))
    for name in ("students", "nslp_eligible"):
        if name in values:
            values[name] = values[name] or 0
    if "code" in values:
        values["code"] = values["code"].upper()
    if "rural" in values:
        values["rural"] = bool(values["rural"])
    SCHOOL.check_across(check, {
        "students": values.get("students", current.students if current else 0),
        "nslp_eligible": values.get("nslp_eligible", current.nslp_eligible if current else 0)})
    return values, check


def add_school(session: Session, member_code: str, raw: dict[str, Any]) -> SchoolRow:
    member = get_member(session, member_code)
    values, check = _check_school(raw, creating=True)
    problem = member_write_error(session, member)
    if problem:
        check.errors.append(problem)
    if values.get("code") and session.scalar(select(School).where(School.code == values["code"])):
        check.fail("code", f"a school with code {values['code']} already exists")
    check.raise_if_errors("school")
    school = School(member=member, owner=member.owner, **values)
    session.add(school)
    refresh_member_totals(session, member)
    session.flush()
    return _school_row(school)


def edit_school(session: Session, school_code: str, raw: dict[str, Any]) -> SchoolRow:
    school = session.scalar(select(School).where(School.code == school_code.strip().upper(),
                                                 School.deleted.is_(False)))
    if school is None:
        raise NotFoundError(f"No school with code '{school_code}'.")
    problem = member_write_error(session, school.member)
    if problem:
        raise ValidationError([problem], "school")
    values, check = _check_school({k: v for k, v in raw.items() if k != "code"},
                                  creating=False, current=school)
    check.raise_if_errors(f"school {school.code}")
    mark_entered(school, values)
    for key, value in values.items():
        setattr(school, key, value)
    refresh_member_totals(session, school.member)
    session.flush()
    return _school_row(school)


def remove_school(session: Session, school_code: str) -> SchoolRow:
    """Mark a school removed (closed, or entered by mistake). A tombstone, not a delete: the
    audit keeps it, and the removal syncs as an edit, so the state hears of it too."""
    school = session.scalar(select(School).where(School.code == school_code.strip().upper(),
                                                 School.deleted.is_(False)))
    if school is None:
        raise NotFoundError(f"No school with code '{school_code}' (or it was already "
                            "removed).")
    problem = member_write_error(session, school.member)
    if problem:
        raise ValidationError([problem], "school")
    school.deleted = True
    refresh_member_totals(session, school.member)
    session.flush()
    return _school_row(school)


def list_contacts(session: Session, member_code: str) -> list[ContactRow]:
    member = get_member(session, member_code)
    query = select(Contact).where(Contact.member_id == member.id, Contact.deleted.is_(False))
    return [_contact_row(c) for c in session.scalars(query.order_by(Contact.name))]


def _check_contact(raw: dict[str, Any], creating: bool) -> tuple[dict[str, Any], Checker]:
    check = Checker(record=raw.get("name"))
    values = CONTACT.record(check, raw, [n for n in CONTACT.fields
                                         if n in raw or (creating and n == "name")])
    return values, check


def add_contact(session: Session, member_code: str, raw: dict[str, Any]) -> ContactRow:
    member = get_member(session, member_code)
    values, check = _check_contact(raw, creating=True)
    problem = member_write_error(session, member)
    if problem:
        check.errors.append(problem)
    check.raise_if_errors("contact")
    contact = Contact(member=member, owner=member.owner, **values)
    session.add(contact)
    session.flush()
    return _contact_row(contact)


def edit_contact(session: Session, uid: str, raw: dict[str, Any]) -> ContactRow:
    contact = session.scalar(select(Contact).where(Contact.uid == uid,
                                                   Contact.deleted.is_(False)))
    if contact is None:
        raise NotFoundError(f"No contact with id '{uid}'.")
    problem = member_write_error(session, contact.member)
    if problem:
        raise ValidationError([problem], "contact")
    values, check = _check_contact(raw, creating=False)
    check.raise_if_errors(f"contact {contact.name}")
    for key, value in values.items():
        setattr(contact, key, value)
    session.flush()
    return _contact_row(contact)


def remove_contact(session: Session, uid: str) -> ContactRow:
    """Mark a contact removed (someone left); kept as a tombstone like `remove_school`."""
    contact = session.scalar(select(Contact).where(Contact.uid == uid,
                                                   Contact.deleted.is_(False)))
    if contact is None:
        raise NotFoundError(f"No contact with id '{uid}' (or it was already removed).")
    problem = member_write_error(session, contact.member)
    if problem:
        raise ValidationError([problem], "contact")
    contact.deleted = True
    session.flush()
    return _contact_row(contact)
