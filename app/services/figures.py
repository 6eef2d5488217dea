"""Where each member's E-rate figures stand for a funding year, and members confirming them.

A school's NSLP-eligible count (or CEP ISP) and rural status come from the shipped reference
data (DPI's economically disadvantaged count: a starting figure, not the NSLP count), are typed
in ("entered"), or are confirmed by the member for one funding year. A member counts as
confirmed for year Y when every one of its schools is; a member without schools on file is
judged by its own figures. Discounts resting on anything else say so (issue 13).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationError
from app.models import FundingYear, Member, School
from app.models.types import utcnow
from app.rules.procurement import UnconfirmedFigures
from app.services.members import get_member
from app.services.record_rules import SCHOOL
from app.services.scope import member_write_error
from app.services.values import Checker

# The figures a member confirms per school; anything else is not part of a confirmation.
CONFIRMED_FIELDS = ("nslp_eligible", "cep_isp", "rural")


@dataclass(frozen=True)
class FigureStatus:
    member_code: str
    schools: int
    unconfirmed: tuple[str, ...]  # codes of the schools not confirmed for the year

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed

    def as_gap(self) -> UnconfirmedFigures:
        return UnconfirmedFigures(self.member_code, len(self.unconfirmed), self.schools)


def is_confirmed(source: str, confirmed_for_year: int | None, year: int) -> bool:
    """Confirmed for `year` only: last year's confirmation does not carry over, as NSLP
    counts and CEP groupings change every school year."""
    return source == "confirmed" and confirmed_for_year == year


def figure_status(session: Session, member_ids: Iterable[int], year: int
                  ) -> dict[int, FigureStatus]:
    """Each member's confirmation state for `year`, in two queries."""
    ids = list(member_ids)
    if not ids:
        return {}
    codes = {mid: code for mid, code in session.execute(
        select(Member.id, Member.code).where(Member.id.in_(ids)))}
    schools: dict[int, list[tuple[str, bool]]] = {i: [] for i in ids}
    query = (select(School.member_id, School.code, School.figures_source,
                    School.confirmed_for_year)
             .where(School.member_id.in_(ids), School.deleted.is_(False))
             .order_by(School.code))
    for member_id, code, source, for_year in session.execute(query):
        schools[member_id].append((code, is_confirmed(source, for_year, year)))
    out = {}
    missing = [i for i, rows in schools.items() if not rows]
    for member_id, code, source, for_year in session.execute(
            select(Member.id, Member.code, Member.figures_source, Member.confirmed_for_year)
            .where(Member.id.in_(missing))):
        out[member_id] = FigureStatus(code, 1, () if is_confirmed(source, for_year, year)
                                      else (code,))
    for member_id, rows in schools.items():
        if rows:
            out[member_id] = FigureStatus(codes[member_id], len(rows),
                                          tuple(c for c, ok in rows if not ok))
    return out


@dataclass(frozen=True)
class ConfirmResult:
    member_code: str
    funding_year: int
    confirmed: tuple[str, ...]  # school codes confirmed now
    unconfirmed: tuple[str, ...]  # the member's schools still unconfirmed for the year

    def as_json(self) -> dict[str, Any]:
        return {"member": self.member_code, "funding_year": self.funding_year,
                "confirmed": list(self.confirmed), "unconfirmed": list(self.unconfirmed),
                "figures_confirmed": not self.unconfirmed}


def _school_figures(check: Checker, school: School, entry: dict[str, Any]) -> dict[str, Any]:
    """The figures one school's entry gives, typed: only the confirmed fields, a blank NSLP
    count is 0, rural a yes/no; never more NSLP-eligible students than enrolled. Each
    failure is named by the school's code."""
    code = school.code
    unknown = sorted(set(entry) - {"code", *CONFIRMED_FIELDS})
    for name in unknown:
        check.errors.append(FieldError(
            name, f"is not a figure a member confirms ({', '.join(CONFIRMED_FIELDS)})",
            None, code))
    # Named by school, so a bad value in a long list says where it is.
    per_school = Checker(record=code)
    values = {name: SCHOOL.field(per_school, name, entry[name])
              for name in CONFIRMED_FIELDS if name in entry}
    check.errors.extend(per_school.errors)
    if "nslp_eligible" in values:
        values["nslp_eligible"] = values["nslp_eligible"] or 0
    if "rural" in values:
        values["rural"] = bool(values["rural"])
    eligible = values.get("nslp_eligible", school.nslp_eligible)
    if eligible is not None and eligible > school.students:
        check.errors.append(FieldError(
            "nslp_eligible", f"{eligible} NSLP-eligible students is more than the "
                             f"{school.students} enrolled", None, code))
    return values


def confirm_figures(session: Session, member_code: str, year: int | str, by: str,
                    schools: Sequence[dict[str, Any]] | None = None) -> ConfirmResult:
    """Record that the member confirmed its NSLP (or CEP ISP) figures and rural status per
    school for funding year `year`.

    `schools` lists the schools confirmed, each {"code": ..., and optionally new
    "nslp_eligible", "cep_isp", "rural"} — the figures the member gave, stored as confirmed.
    None confirms every school of the member as it stands. All or nothing: any bad code or
    value and nothing changes.
    """
    member = get_member(session, member_code)
    check = Checker(record=member.code)
    problem = member_write_error(session, member)
    if problem:
        check.errors.append(problem)
    number = check.integer("confirmed_for_year", year, required=True)
    if number is not None and session.scalar(
            select(FundingYear.id).where(FundingYear.year == number)) is None:
        check.fail("confirmed_for_year", f"FY{number} is not a funding year on file")
    who = check.text("confirmed_by", by or session.info.get("operator", ""), required=True,
                     max_len=120)
    on_file = {s.code: s for s in session.scalars(select(School).where(
        School.member_id == member.id, School.deleted.is_(False)))}
    if not on_file and schools:
        check.fail("schools", f"{member.code} has no schools on file; add them first "
                              "(`consortium schools add`)")
    if not on_file and not member.students:
        check.fail("students", f"{member.code} has no schools and no enrolment on file: "
                               "there are no figures to confirm")
    wanted = [{"code": code} for code in sorted(on_file)] if schools is None else schools
    changes: list[tuple[School, dict[str, Any]]] = []
    seen: set[str] = set()
    for entry in wanted:
        code = str(entry.get("code") or "").strip().upper()
        school = on_file.get(code)
        if school is None:
            check.fail("school", f"'{code}' is not a school of {member.code}")
            continue
        if code in seen:
            check.fail("school", f"{code} is listed twice")
        seen.add(code)
        changes.append((school, _school_figures(check, school, entry)))
    if check.errors:
        raise ValidationError(check.errors, f"confirming {member.code}'s figures: nothing "
                                            "was changed")
    assert number is not None
    now = utcnow()
    if not on_file:
        # A member without schools on file is described by its own figures (a one-school
        # district, as school_figures reads it): those are what it confirms.
        member.figures_source, member.confirmed_for_year = "confirmed", number
        member.confirmed_by, member.confirmed_at = who, now
    for school, values in changes:
        for key, value in values.items():
            setattr(school, key, value)
        school.figures_source, school.confirmed_for_year = "confirmed", number
        school.confirmed_by, school.confirmed_at = who, now
    session.flush()
    status = figure_status(session, [member.id], number)[member.id]
    return ConfirmResult(member.code, number, tuple(s.code for s, _v in changes),
                         status.unconfirmed)


def mark_entered(record: Member | School, values: dict[str, Any]) -> None:
    """A figure typed in by hand is no longer the reference figure nor the one the member
    confirmed: the record becomes "entered" and its confirmation is cleared, so discounts
    resting on it say so until the member confirms again."""
    changed = [k for k in CONFIRMED_FIELDS if k in values and getattr(record, k) != values[k]]
    if changed:
        record.figures_source = "entered"
        record.confirmed_for_year, record.confirmed_by, record.confirmed_at = None, "", None

