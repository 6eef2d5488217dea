"""Members from a spreadsheet: charter lists, student and NSLP counts, BENs.

A known code updates that member (as `edit_member` would); a new code creates one (as
`create_member` would). Blank cells leave the stored value alone: lists from outside
(DPI, USAC) often lack a column for some rows, and a blank must not erase what is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, ValidationError
from app.models import Member, School, region_owner
from app.models.tracking import note_handover
from app.services.figures import ConfirmResult, confirm_figures, mark_entered
from app.services.members import MEMBER_FIELDS, check_member_values
from app.services.scope import current_identity, member_write_error
from app.services.tabular import ImportReport, Row, read_table
from app.services.values import is_blank

MEMBER_ALIASES = {"member": "code", "member_code": "code", "lea_code": "code",
                  "school_code": "code", "member_name": "name", "school_name": "name",
                  "type": "kind", "county_name": "county", "enrollment": "students",
                  "adm": "students", "nslp": "nslp_eligible", "isp": "cep_isp",
                  "ben_number": "ben", "entity_number": "ben"}


@dataclass
class _Plan:
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Member, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[FieldError] = field(default_factory=list)


def import_members(session: Session, path: Path, dry_run: bool = False,
                   skip_bad: bool = False) -> ImportReport:
    """Create or update members from CSV/XLSX; all or nothing unless `skip_bad`."""
    path = Path(path)
    rows = read_table(path, MEMBER_FIELDS, MEMBER_ALIASES, sheet="Members")
    plan = _plan(session, rows)
    if plan.errors and not skip_bad:
        raise ValidationError(plan.errors, f"{path}: nothing imported")
    if not dry_run:
        for member, changes in plan.updates:
            mark_entered(member, changes)
            for key, value in changes.items():
                setattr(member, key, value)
        created = [Member(owner=region_owner(values["region"]), **values)
                   for values in plan.creates]
        session.add_all(created)
        session.flush()
        if created and current_identity(session).role == "state":
            note_handover(session, created)  # made for the regions: their bundles carry them
    return ImportReport(str(path), len(rows), len(plan.creates), len(plan.updates),
                        plan.unchanged, plan.errors, dry_run)


def _plan(session: Session, rows: list[tuple[int, Row]]) -> _Plan:
    plan = _Plan()
    members = {m.code: m for m in session.scalars(select(Member))}
    first_row: dict[str, int] = {}
    for number, row in rows:
        raw = {k: v for k, v in row.items() if not is_blank(v)}
        code = str(raw.get("code") or "").strip().upper()
        if code in first_row:
            plan.errors.append(FieldError("code", f"{code} is also on row {first_row[code]}",
                                          number, code))
            continue
        if code:
            first_row[code] = number
        member = members.get(code)
        if member is None:
            values, errors = _plan_create(session, raw, number)
            if errors:
                plan.errors.extend(errors)
            else:
                plan.creates.append(values)
            continue
        changes, errors = _plan_update(session, member, raw, number)
        plan.errors.extend(errors)
        if changes:
            plan.updates.append((member, changes))
        elif not errors:
            plan.unchanged += 1
    return plan


def default_kind(code: str) -> str | None:
    """Charters have codes like 32A, LEAs three digits; other codes must say their kind."""
    if len(code) == 3 and code[:2].isdigit() and code[2].isalpha():
        return "charter"
    if len(code) == 3 and code.isdigit():
        return "lea"
    return None


def _plan_create(session: Session, raw: dict[str, Any], row: int
                 ) -> tuple[dict[str, Any], list[FieldError]]:
    raw = dict(raw)
    code = str(raw.get("code") or "").strip().upper()
    if "kind" not in raw and default_kind(code):
        raw["kind"] = default_kind(code)
    values, check = check_member_values(session, raw, row=row)
    identity = current_identity(session)
    region = values.get("region")
    if identity.role == "region" and region is not None and region != identity.region:
        check.fail("region", f"this instance is Region {identity.region}; it cannot add a "
                             f"member of Region {region}")
    return _exact(values), check.errors


def _plan_update(session: Session, member: Member, raw: dict[str, Any], row: int
                 ) -> tuple[dict[str, Any], list[FieldError]]:
    """The fields this row changes on `member`, checked as `edit_member` checks them."""
    if member.deleted:
        return {}, [FieldError("code", "this member was deleted", row, member.code)]
    raw = {k: v for k, v in raw.items() if k != "code"}
    region = raw.pop("region", None)
    values, check = check_member_values(session, raw, row=row, existing=member)
    if region is not None:
        number = check.integer("region", region, minimum=1, maximum=8)
        if number is not None and number != member.region:
            check.fail("region", f"{member.code} is in Region {member.region}; an import does "
                                 "not move members between regions")
    if check.errors:
        return {}, check.errors
    changes = {k: v for k, v in _exact(values).items() if getattr(member, k) != v}
    if not changes:
        return {}, []
    problem = member_write_error(session, member, "code", row)
    if problem:
        return {}, [problem]
    return changes, []


def _exact(values: dict[str, Any]) -> dict[str, Any]:
    """CEP percentages at the stored two places, so the content hash sees what is stored."""
    if values.get("cep_isp") is not None:
        values = {**values, "cep_isp": values["cep_isp"].quantize(Decimal("0.01"))}
    return values


# --- members confirming their figures by spreadsheet ------------------------------------------

CONFIRM_COLUMNS = ("member_code", "school_code", "school_name", "students", "nslp_eligible",
                   "cep_isp", "rural", "figures")
CONFIRM_ALIASES = {"school": "school_code", "code": "school_code", "member": "member_code",
                   "nslp": "nslp_eligible", "isp": "cep_isp", "enrollment": "students",
                   "name": "school_name"}


@dataclass(frozen=True)
class ConfirmImport:
    file: str
    funding_year: int
    members: list[ConfirmResult]

    @property
    def schools(self) -> int:
        return sum(len(r.confirmed) for r in self.members)

    def summary(self) -> str:
        whole = [r.member_code for r in self.members if not r.unconfirmed]
        partly = [f"{r.member_code} ({len(r.unconfirmed)} school(s) still unconfirmed)"
                  for r in self.members if r.unconfirmed]
        return (f"{self.file}: {self.schools} school(s) of {len(self.members)} member(s) "
                f"confirmed for FY{self.funding_year}"
                + (f"; fully confirmed: {', '.join(whole)}" if whole else "")
                + (f"; partly: {', '.join(partly)}" if partly else "") + ".")

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "funding_year": self.funding_year,
                "schools_confirmed": self.schools,
                "members": [r.as_json() for r in self.members]}


def import_confirmations(session: Session, path: Path, year: int | str, by: str
                         ) -> ConfirmImport:
    """The member's own figures, one row per school: the `schools` sheet (or a CSV) with
    school_code and the NSLP-eligible count or CEP ISP and rural status as the member
    confirms them; blank cells confirm the figure on file. member_code, school_name,
    students and figures may be there (as `write_schools_sheet` writes them) and are
    ignored — students are not a figure a member confirms here. Each listed school becomes confirmed
    for `year` (as `confirm_figures` does); all rows or none."""
    path = Path(path)
    rows = read_table(path, CONFIRM_COLUMNS, CONFIRM_ALIASES, sheet="Schools")
    schools = {s.code: s for s in session.scalars(select(School).where(
        School.deleted.is_(False)))}
    by_member: dict[str, list[dict[str, Any]]] = {}
    errors: list[FieldError] = []
    first_row: dict[str, int] = {}
    for number, row in rows:
        code = str(row.get("school_code") or "").strip().upper()
        school = schools.get(code)
        if not code:
            errors.append(FieldError("school_code", "is required", number))
        elif school is None:
            errors.append(FieldError("school_code", f"no school with code {code}", number,
                                     code))
        elif code in first_row:
            errors.append(FieldError("school_code", f"{code} is also on row {first_row[code]}",
                                     number, code))
        else:
            first_row[code] = number
            entry = {k: row[k] for k in ("nslp_eligible", "cep_isp", "rural")
                     if not is_blank(row.get(k))}
            by_member.setdefault(school.member.code, []).append({"code": code, **entry})
    if errors:
        raise ValidationError(errors, f"{path}: nothing confirmed")
    if not by_member:
        raise ValidationError([FieldError("school_code", "the file lists no schools")],
                              f"{path}: nothing confirmed")
    results = []
    for member_code, entries in sorted(by_member.items()):
        try:
            results.append(confirm_figures(session, member_code, year, by, entries))
        except ValidationError as error:
            located = [FieldError(e.field, e.message, first_row.get(e.record or ""), e.record)
                       for e in error.errors]
            raise ValidationError(located, f"{path}: nothing confirmed") from error
    return ConfirmImport(str(path), results[0].funding_year, results)


def write_schools_sheet(session: Session, out: Path, member_codes: list[str],
                        year: int | None = None) -> int:
    """The members' schools with their E-rate figures, one row per school, in the columns
    `import_confirmations` reads: the sheet a coordinator sends a member to check, correct
    and return. `figures` says where each figure stands (for `year`); returns the rows."""
    from app.services.members import get_member
    from app.services.spreadsheet_write import write_table

    ids = [get_member(session, code).id for code in member_codes]
    query = (select(School).join(Member, School.member_id == Member.id)
             .where(School.member_id.in_(ids), School.deleted.is_(False))
             .order_by(Member.code, School.code))
    rows = []
    for school in session.scalars(query):
        if school.figures_source == "confirmed" and school.confirmed_for_year:
            where = f"confirmed FY{school.confirmed_for_year} by {school.confirmed_by}"
            if year is not None and school.confirmed_for_year != year:
                where += f" (not FY{year})"
        else:
            where = {"reference": "DPI starting figure, not NSLP"}.get(
                school.figures_source, school.figures_source)
        rows.append([school.member.code, school.code, school.name, school.students,
                     school.nslp_eligible, school.cep_isp, "yes" if school.rural else "no",
                     where])
    write_table(Path(out), "Schools", CONFIRM_COLUMNS, rows)
    return len(rows)
