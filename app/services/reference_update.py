"""A newer year's schools file: what it would change, then the change (issue: "a newer
year's data").

The file has the columns of the shipped `nc_schools_2024.csv` (member_code, school_code,
school_name, county, charter, students, econ_disadv). Compared with the store it gives:
- new schools (added to their member), and new charters (added, in the region of their
  county); a new LEA is listed but not added — it needs a name and a region from a person;
- closed schools: schools loaded from reference data that the file no longer has, of members
  the file still has (removed as tombstones; a school added by hand is never touched, nor are
  the schools of a member the file lacks altogether: a partial file closes nothing);
- changed schools: name, enrolment, economically disadvantaged count;
- members whose enrolment (the sum of their schools) changes, and members from reference
  data with no school left in the file (listed, never removed: a member is removed by hand).

A figure a member has confirmed is never overwritten (its school is listed with the figures
kept), and an NSLP count typed by hand is kept too: the file's count is only DPI's
economically-disadvantaged starting figure. Updates are ordinary edits of the state's
instance, so they reach the regions in its next bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, UserError, ValidationError
from app.models import Member, School, region_owner
from app.models.tracking import note_handover
from app.services.record_rules import SCHOOL
from app.services.reference_data import read_leas, reference_uid
from app.services.scope import current_identity
from app.services.tabular import read_table
from app.services.values import Checker

FILE_COLUMNS = ("member_code", "school_code", "school_name", "county", "charter", "students",
                "econ_disadv")
REQUIRED_COLUMNS = ("member_code", "school_code", "school_name", "students")
NEW, CLOSED, CHANGED = "new", "closed", "changed"


@dataclass(frozen=True)
class FileSchool:
    member_code: str
    code: str
    name: str
    county: str
    charter: bool
    students: int
    econ_disadv: int


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        name = self.field.replace("_", " ")
        return f"{name} {self.new}" if self.old is None else f"{name} {self.old} → {self.new}"


@dataclass(frozen=True)
class SchoolUpdate:
    action: str  # NEW, CLOSED or CHANGED
    member_code: str
    code: str
    name: str
    changes: tuple[Change, ...] = ()
    kept: str = ""  # why some of the file's figures are not taken


@dataclass(frozen=True)
class MemberUpdate:
    action: str
    code: str
    name: str
    changes: tuple[Change, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ReferenceUpdate:
    """What the file changes; `apply_reference_update` makes exactly these changes."""

    file: str
    schools: tuple[SchoolUpdate, ...]
    members: tuple[MemberUpdate, ...]
    unchanged_schools: int
    rows: tuple[FileSchool, ...] = field(repr=False, default=())

    def count(self, kind: str, action: str) -> int:
        updates = self.schools if kind == "schools" else self.members
        return sum(1 for u in updates if u.action == action)

    @property
    def summary(self) -> str:
        parts = [f"{n} {action} {kind if n > 1 else kind[:-1]}"
                 for kind in ("schools", "members") for action in (NEW, CLOSED, CHANGED)
                 if (n := self.count(kind, action))]
        return ", ".join(parts) if parts else "nothing to change"

    def as_json(self) -> dict[str, Any]:
        def changes(items: tuple[Change, ...]) -> list[dict[str, Any]]:
            return [{"field": c.field, "old": c.old, "new": c.new} for c in items]
        return {"file": self.file, "unchanged_schools": self.unchanged_schools,
                "schools": [{"action": u.action, "member": u.member_code, "code": u.code,
                             "name": u.name, "changes": changes(u.changes), "kept": u.kept}
                            for u in self.schools],
                "members": [{"action": u.action, "code": u.code, "name": u.name,
                             "changes": changes(u.changes), "note": u.note}
                            for u in self.members]}


def _require_state(session: Session) -> None:
    if current_identity(session).role != "state":
        raise UserError("Reference data is updated by the state coordinator; a regional "
                        "instance receives the changes in the state's sync bundle.")


def read_schools_file(path: Path) -> list[FileSchool]:
    """The file's schools, every row checked (file, row, field); nothing is returned, and
    nothing changed, when one is wrong."""
    rows = read_table(path, FILE_COLUMNS, {}, sheet="Schools")
    if rows:
        missing = [c for c in REQUIRED_COLUMNS if c not in rows[0][1]]
        if missing:
            raise UserError(f"{path}: missing column(s) {', '.join(missing)}; a schools file "
                            f"has the columns {', '.join(FILE_COLUMNS)}.")
    errors: list[FieldError] = []
    schools: list[FileSchool] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        check = Checker(row=number, record=row.get("school_code"))
        member = check.text("member_code", row.get("member_code"), required=True, max_len=8)
        code = SCHOOL.field(check, "code", row.get("school_code"))
        name = SCHOOL.field(check, "name", row.get("school_name"))
        students = SCHOOL.field(check, "students", row.get("students"), required=False) or 0
        # A blank (suppressed) count reads as 0, as at init.
        poor = SCHOOL.field(check, "nslp_eligible", row.get("econ_disadv")) or 0
        if poor > students:
            check.fail("econ_disadv", f"{poor} is more than the {students} enrolled")
        code = (code or "").upper()
        if code in seen:
            check.fail("school_code", f"{code} is also on row {seen[code]}")
        seen.setdefault(code, number)
        errors.extend(check.errors)
        if not check.errors:
            schools.append(FileSchool(member.upper(), code, name, (row.get("county") or "")
                                      .strip(), (row.get("charter") or "").strip().upper()
                                      in ("Y", "YES", "TRUE", "1"), students, poor))
    if errors:
        raise ValidationError(errors, str(path))
    if not schools:
        raise UserError(f"{path}: the file has no schools.")
    return schools


def _county_regions() -> dict[str, tuple[int, int]]:
    """County → (statutory region, DPI region) of its LEA: a charter's are its county's."""
    return {row["county"].lower(): (int(row["region"]), int(row["dpi_region"]))
            for row in read_leas()}


def _school_update(school: School, row: FileSchool) -> SchoolUpdate | None:
    changes = []
    if row.name != school.name:
        changes.append(Change("name", school.name, row.name))
    kept = ""
    if school.figures_source == "confirmed":
        if (row.students, row.econ_disadv) != (school.students, school.nslp_eligible):
            kept = (f"figures confirmed by {school.confirmed_by} for FY"
                    f"{school.confirmed_for_year} kept (file: {row.students} students, "
                    f"{row.econ_disadv} economically disadvantaged)")
    else:
        if row.students != school.students:
            changes.append(Change("students", school.students, row.students))
        if row.econ_disadv != school.nslp_eligible:
            if school.figures_source == "reference":
                changes.append(Change("nslp_eligible", school.nslp_eligible, row.econ_disadv))
            else:
                kept = (f"NSLP count {school.nslp_eligible} entered by hand kept (file: "
                        f"{row.econ_disadv} economically disadvantaged)")
    if not changes and not kept:
        return None
    return SchoolUpdate(CHANGED, school.member.code, school.code, row.name, tuple(changes), kept)


def plan_reference_update(session: Session, path: Path) -> ReferenceUpdate:
    """Compare the schools file at `path` with the store; changes nothing."""
    _require_state(session)
    rows = read_schools_file(path)
    members = {m.code: m for m in session.scalars(select(Member).where(
        Member.deleted.is_(False)))}
    schools = {s.code: s for s in session.scalars(select(School).where(
        School.deleted.is_(False)))}
    school_updates: list[SchoolUpdate] = []
    member_updates: list[MemberUpdate] = []
    unchanged = 0
    new_members: dict[str, list[FileSchool]] = {}
    for row in rows:
        school = schools.get(row.code)
        if row.member_code not in members:
            new_members.setdefault(row.member_code, []).append(row)
        elif school is None:
            school_updates.append(SchoolUpdate(NEW, row.member_code, row.code, row.name, (
                Change("students", None, row.students),
                Change("nslp_eligible", None, row.econ_disadv))))
        elif (update := _school_update(school, row)) is not None:
            school_updates.append(update)
        else:
            unchanged += 1
    in_file = {row.code for row in rows}
    members_in_file = {row.member_code for row in rows}
    for school in schools.values():
        if school.code not in in_file and school.member.code in members_in_file and \
                school.uid == reference_uid("school", school.code):
            school_updates.append(SchoolUpdate(CLOSED, school.member.code, school.code,
                                               school.name))
    regions = _county_regions()
    for code, its_rows in sorted(new_members.items()):
        first = its_rows[0]
        region = regions.get(first.county.lower())
        if first.charter and region is not None:
            member_updates.append(MemberUpdate(NEW, code, first.name, (
                Change("region", None, region[0]), Change("dpi_region", None, region[1]),
                Change("schools", None, len(its_rows))),
                f"charter in {first.county} County"))
        else:
            member_updates.append(MemberUpdate(NEW, code, first.name, note=(
                "not added: add the member with `consortium members add` (name, kind, "
                "region), then run the update again")))
    member_updates += _member_totals(members, schools, rows, school_updates)
    return ReferenceUpdate(str(path), tuple(school_updates), tuple(member_updates), unchanged,
                           tuple(rows))


def _member_totals(members: dict[str, Member], schools: dict[str, School],
                   rows: list[FileSchool], updates: list[SchoolUpdate]) -> list[MemberUpdate]:
    """Members whose enrolment changes with their schools, and reference members the file
    no longer has."""
    by_code = {row.code: row for row in rows}
    closing = {u.code for u in updates if u.action == CLOSED}
    kept = {u.code for u in updates if u.kept}
    totals: dict[str, list[int]] = {}
    for school in schools.values():
        if school.code in closing:
            continue
        row = by_code.get(school.code)
        figures = (school.students, school.nslp_eligible) if row is None or school.code in kept \
            else (row.students, row.econ_disadv)
        total = totals.setdefault(school.member.code, [0, 0])
        total[0], total[1] = total[0] + figures[0], total[1] + figures[1]
    for row in rows:
        if row.member_code in members and row.code not in schools:
            total = totals.setdefault(row.member_code, [0, 0])
            total[0], total[1] = total[0] + row.students, total[1] + row.econ_disadv
    result = []
    in_file = {row.member_code for row in rows}
    for code, member in sorted(members.items()):
        if code not in in_file and member.uid == reference_uid("member", code):
            result.append(MemberUpdate(CLOSED, code, member.name, note=(
                "no school of this member is in the file; the member is kept (remove it by "
                "hand if it has closed)")))
            continue
        students, poor = totals.get(code, [member.students or 0, member.nslp_eligible or 0])
        changes = [Change(name, old, new) for name, old, new in (
            ("students", member.students, students),
            ("nslp_eligible", member.nslp_eligible, poor)) if old != new]
        if changes and code in in_file:
            result.append(MemberUpdate(CHANGED, code, member.name, tuple(changes)))
    return result


def apply_reference_update(session: Session, plan: ReferenceUpdate) -> ReferenceUpdate:
    """Make the changes `plan` lists (planned again against the store as it is now, so a
    preview that went stale cannot write old figures)."""
    fresh = plan_reference_update(session, Path(plan.file))
    by_code = {row.code: row for row in fresh.rows}
    members = {m.code: m for m in session.scalars(select(Member).where(
        Member.deleted.is_(False)))}
    schools = {s.code: s for s in session.scalars(select(School).where(
        School.deleted.is_(False)))}
    made: list[School] = []
    new_members: list[Member] = []
    for update in fresh.members:
        if update.action == NEW and update.changes:
            region, dpi_region = (next(c.new for c in update.changes if c.field == name)
                                  for name in ("region", "dpi_region"))
            its_rows = [row for row in fresh.rows if row.member_code == update.code]
            member = Member(uid=reference_uid("member", update.code), code=update.code,
                            name=update.name, kind="charter", region=region,
                            dpi_region=dpi_region, county=its_rows[0].county,
                            students=sum(r.students for r in its_rows),
                            nslp_eligible=sum(r.econ_disadv for r in its_rows),
                            figures_source="reference", owner=region_owner(region))
            session.add(member)
            new_members.append(member)
            members[update.code] = member
            for row in its_rows:
                made.append(_add_school(session, member, row))
    for update in fresh.schools:
        if update.action == NEW:
            made.append(_add_school(session, members[update.member_code],
                                    by_code[update.code]))
        elif update.action == CLOSED:
            schools[update.code].deleted = True
        else:
            for change in update.changes:
                setattr(schools[update.code], change.field, change.new)
    for update in fresh.members:
        if update.action == CHANGED:
            for change in update.changes:
                setattr(members[update.code], change.field, change.new)
    session.flush()
    # Made here for a region: the next bundle to that region hands them over.
    note_handover(session, [*new_members, *made])
    return fresh


def _add_school(session: Session, member: Member, row: FileSchool) -> School:
    school = School(uid=reference_uid("school", row.code), member=member, code=row.code,
                    name=row.name, students=row.students, nslp_eligible=row.econ_disadv,
                    rural=False, figures_source="reference", owner=member.owner)
    session.add(school)
    return school
