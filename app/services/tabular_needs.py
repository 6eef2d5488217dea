"""Need lines in spreadsheets: the template members fill in, import (add or update), export.

An import is all or nothing: every row is checked first, and one bad row stops the whole
file (unless the caller asks to skip bad rows) so a coordinator never has to work out which
half of a file went in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.errors import FieldError, UserError, ValidationError
from app.models import NEED_STATUSES, Member, Need
from app.models.bulk import insert_synced
from app.services.imported_files import (
    AlreadyImported,
    file_sha256,
    previous_import,
    remember_import,
)
from app.services.members import get_member
from app.services.needs import (
    SIGNED_FIELDS,
    Lookups,
    NeedRow,
    check_need_values,
    default_funding_year,
    list_needs,
)
from app.services.scope import member_write_error
from app.services.spreadsheet_write import atomic_target, check_out_path, write_table
from app.services.tabular import NEED_INPUT_COLUMNS, ImportReport, Row, read_table, row_errors
from app.services.tabular_template import build_template
from app.services.values import is_blank

EXPORT_COLUMNS = ("uid", "member", "member_name", "item", "description", "quantity", "unit",
                  "unit_price", "amount", "funding_year", "needed_by", "funding_sources",
                  "current_vendor", "preferred_vendor", "notes", "status", "confirmed_by",
                  "confirmed_at")
QUANTITY_STEP = Decimal("0.001")
MONEY_STEP = Decimal("0.01")
IMPORT_KIND = "needs"  # ImportedFile.kind


# --- template and export -----------------------------------------------------------------


def write_needs_template(session: Session, out: Path, member_code: str | None = None) -> Path:
    """The sheet a member fills in: XLSX with instructions, catalog and drop-downs, or a
    bare CSV header when `out` ends in .csv."""
    suffix = check_out_path(out)
    member = None
    if member_code:
        member = get_member(session, member_code)
        problem = member_write_error(session, member)
        if problem:
            raise UserError(f"Cannot make a template for {problem.message}.")
    if suffix == ".csv":
        rows = [[member.code] + [None] * (len(NEED_INPUT_COLUMNS) - 1)] if member else []
        write_table(out, "Needs", NEED_INPUT_COLUMNS, rows)
        return out
    book: Workbook = build_template(session, member)
    with atomic_target(out) as target:
        book.save(target)
    return out


def export_needs(session: Session, out: Path, member_code: str | None = None,
                 region: int | None = None, status: str | None = None) -> int:
    """Write need lines to CSV/XLSX; returns how many. Re-importing the file updates them."""
    check_out_path(out)
    if member_code:
        get_member(session, member_code)  # a typo'd code is an error, not an empty file
    if status and status not in NEED_STATUSES:
        raise UserError(f"'{status}' is not a need status ({', '.join(NEED_STATUSES)}).")
    lines = list_needs(session, member_code=member_code, region=region, status=status)
    write_table(out, "Needs", EXPORT_COLUMNS, [_export_row(r) for r in lines])
    return len(lines)


def _export_row(r: NeedRow) -> list[object]:
    quantity = r.quantity.quantize(Decimal(1)) if r.quantity == r.quantity.to_integral_value() \
        else r.quantity.normalize()
    return [r.uid, r.member_code, r.member_name, r.item_code, r.description, quantity, r.unit,
            r.unit_price, r.amount, r.funding_year, r.needed_by, ",".join(r.funding_sources),
            r.current_vendor, r.preferred_vendor, r.notes, r.status, r.confirmed_by,
            r.confirmed_at]


# --- import --------------------------------------------------------------------------------


@dataclass
class _Plan:
    adds: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Need, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[FieldError] = field(default_factory=list)


def import_needs(session: Session, path: Path, dry_run: bool = False,
                 skip_bad: bool = False, again: bool = False) -> ImportReport:
    """Add the rows without a known uid, update those with one; nothing is written when any
    row is bad (unless `skip_bad`) or when `dry_run`. A file imported here before that would
    add lines again is refused (AlreadyImported) unless `again`; a dry run reports it."""
    path = Path(path)
    rows = [(n, r) for n, r in read_table(path) if _has_content(r)]
    sha256 = file_sha256(path)
    plan = _plan(session, rows)
    if plan.errors and not skip_bad:
        raise ValidationError(plan.errors, f"{path}: nothing imported")
    previous = previous_import(session, IMPORT_KIND, sha256) if plan.adds else None
    if previous is not None and not again and not dry_run:
        raise AlreadyImported(
            f"{path}: {previous.describe()}; importing it again would add its "
            f"{len(plan.adds)} line(s) without an id a second time. Nothing imported. If "
            "those lines are not in the needs list, import it again with --again.", previous)
    if not dry_run:
        _apply(session, plan)
        remember_import(session, IMPORT_KIND, path, sha256, len(plan.adds), len(plan.updates))
    return ImportReport(str(path), len(rows), len(plan.adds), len(plan.updates), plan.unchanged,
                        plan.errors, dry_run,
                        already_imported=previous.describe() if previous else "")


def _has_content(row: Row) -> bool:
    """A template row with only the pre-filled member (or nothing) is an unused row."""
    return any(not is_blank(v) for k, v in row.items() if k != "member")


def _plan(session: Session, rows: list[tuple[int, Row]]) -> _Plan:
    plan = _Plan()
    lookups = Lookups.load(session)
    existing = _needs_by_uid(session, {str(r["uid"]) for _, r in rows if r.get("uid")})
    # looked up once here: check_need_values would ask the database again for every row
    year = default_funding_year(session)
    first_row: dict[str, int] = {}
    for number, row in rows:
        raw = {k: row[k] for k in NEED_INPUT_COLUMNS if k in row}
        uid = str(row.get("uid") or "")
        if uid in first_row:
            plan.errors.append(FieldError("uid", f"the same line is also on row "
                                                 f"{first_row[uid]}", number, uid))
            continue
        if uid:
            first_row[uid] = number
        need = existing.get(uid)
        if need is None:
            if is_blank(raw.get("funding_year")) and year is not None:
                raw["funding_year"] = year
            values, check = check_need_values(session, raw, row=number, lookups=lookups)
            errors = row_errors(check.errors, _new_record_name(raw))
            if errors:
                plan.errors.extend(errors)
            else:
                plan.adds.append(_exact(values))
            continue
        changes, errors = _plan_update(session, need, raw, number, lookups)
        plan.errors.extend(errors)
        if changes:
            plan.updates.append((need, changes))
        elif not errors:
            plan.unchanged += 1
    return plan


def _new_record_name(raw: dict[str, Any]) -> str | None:
    member = str(raw.get("member") or "").strip().upper()
    item = str(raw.get("item") or raw.get("description") or "").strip()
    return " ".join(p for p in (f"member {member}" if member else "", item) if p) or None


def _needs_by_uid(session: Session, uids: set[str]) -> dict[str, Need]:
    found: dict[str, Need] = {}
    ordered = sorted(uids)
    for start in range(0, len(ordered), 500):  # stay under every driver's parameter limit
        query = (select(Need).where(Need.uid.in_(ordered[start:start + 500]))
                 .options(selectinload(Need.member), selectinload(Need.item)))
        found.update((n.uid, n) for n in session.scalars(query))
    return found


def _plan_update(session: Session, need: Need, raw: dict[str, Any], row: int,
                 lookups: Lookups) -> tuple[dict[str, Any], list[FieldError]]:
    """The fields this row changes on `need`, checked as `edit_need` checks them."""
    if need.deleted:
        return {}, [FieldError("uid", "this need line was deleted", row, need.uid)]
    raw = dict(raw)
    code = str(raw.pop("member", None) or "").strip().upper()
    if code and code != need.member.code:
        return {}, [FieldError("member", f"cannot be changed from {need.member.code} to "
                                         f"{code}; withdraw the line and add it for the other "
                                         "member", row, need.uid)]
    if is_blank(raw.get("funding_year")):
        raw.pop("funding_year", None)  # blank keeps the year rather than picking a default
    values, check = check_need_values(session, raw, row=row, existing=need, lookups=lookups)
    if check.errors:
        return {}, check.errors
    changes = {k: v for k, v in _exact(values).items() if getattr(need, k) != v}
    if not changes:
        return {}, []
    problem = member_write_error(session, need.member, "member", row)
    if problem:
        return {}, [problem]
    if need.status == "withdrawn":
        return {}, [FieldError("status", "this line is withdrawn; reopen it before editing",
                               row, need.uid)]
    return changes, []


def _exact(values: dict[str, Any]) -> dict[str, Any]:
    """Quantise to the stored scale, so content hashes and comparisons see stored values."""
    out = dict(values)
    if out.get("quantity") is not None:
        out["quantity"] = out["quantity"].quantize(QUANTITY_STEP)
    if out.get("unit_price") is not None:
        out["unit_price"] = out["unit_price"].quantize(MONEY_STEP)
    return out


def _apply(session: Session, plan: _Plan) -> None:
    for need, changes in plan.updates:
        for key, value in changes.items():
            setattr(need, key, value)
        if need.status == "confirmed" and set(changes) & SIGNED_FIELDS:
            # the member signed for different figures: it has to confirm again
            need.status, need.confirmed_by, need.confirmed_at = "draft", "", None
    session.flush()
    by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for values in plan.adds:
        by_owner[values["member"].owner].append(values)
    for owner, group in by_owner.items():
        parents: list[dict[str, str | None]] = [
            {"member": v["member"].uid, "item": v["item"].uid if v.get("item") else None}
            for v in group]
        insert_synced(session, Need, [_insert_values(v) for v in group],
                      parent_uids=parents, owner=owner)


def _insert_values(values: dict[str, Any]) -> dict[str, Any]:
    member: Member = values["member"]
    item = values.get("item")
    return {"member_id": member.id, "item_id": item.id if item is not None else None,
            "description": values["description"], "unit": values["unit"],
            "quantity": values["quantity"], "unit_price": values["unit_price"],
            "funding_year": values["funding_year"], "needed_by": values.get("needed_by"),
            "funding_sources": values.get("funding_sources", ""),
            "current_vendor": values.get("current_vendor", ""),
            "preferred_vendor": values.get("preferred_vendor", ""),
            "notes": values.get("notes", ""), "status": "draft", "confirmed_by": "",
            "confirmed_at": None, "deleted": False}

