"""The vendor registry: companies that may bid, with the facts their compliance rests on.
Kept by the state (a region receives it read-only in the state's bundle); a removal is a
tombstone, so bids and awards that name the vendor keep it.

A vendor is named on the command line by its short id (the first 8 characters of its uid, as
`vendors list` shows), its uid, or its name (case, punctuation and "Inc/LLC/Corp" ignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, NotFoundError, UserError, ValidationError
from app.models import STATE_OWNER, Vendor
from app.rules.compliance import normalise_name, parse_years
from app.services.record_rules import VENDOR
from app.services.scope import require_state
from app.services.tabular import ImportReport, read_table
from app.services.values import Checker, is_blank

VENDOR_FIELDS = tuple(VENDOR.fields)
BOOLEAN_FIELDS = ("e_verify_affidavit", "w9_on_file", "hub_certified")
VENDOR_ALIASES = {"legal_name": "name", "vendor": "name", "vendor_name": "name",
                  "company": "name", "doing_business_as": "dba", "spin": "spin_498",
                  "form_498_id": "spin_498", "498_id": "spin_498", "e_verify": "e_verify_affidavit",
                  "w9": "w9_on_file", "hub": "hub_certified", "form_473": "form_473_years",
                  "email": "contact_email", "phone": "contact_phone", "contact": "contact_name"}
WHAT = "The vendor registry"
LABELS = {"name": "Legal name", "dba": "Doing business as", "address": "Address",
          "remit_address": "Remit-to address", "contact_name": "Contact",
          "contact_email": "E-mail", "contact_phone": "Phone",
          "spin_498": "FCC Form 498 ID (SPIN)", "nc_vendor_number": "NC vendor number",
          "e_verify_affidavit": "E-Verify affidavit on file", "e_verify_on": "E-Verify dated",
          "form_473_years": "Form 473 on file for FY", "hub_certified": "HUB certified",
          "hub_class": "HUB classification", "w9_on_file": "W-9 on file", "w9_on": "W-9 dated",
          "notes": "Notes"}


@dataclass(frozen=True)
class VendorRow:
    uid: str
    name: str
    dba: str
    address: str
    remit_address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    spin_498: str
    nc_vendor_number: str
    e_verify_affidavit: bool
    e_verify_on: date | None
    form_473_years: str
    hub_certified: bool
    hub_class: str
    w9_on_file: bool
    w9_on: date | None
    notes: str
    version: int

    @property
    def short_id(self) -> str:
        return self.uid[:8]

    def as_json(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in ("uid", *VENDOR_FIELDS, "version")}
        for name in ("e_verify_on", "w9_on"):
            values[name] = values[name].isoformat() if values[name] else None
        return {"id": self.short_id, **values}


def vendor_row(vendor: Vendor) -> VendorRow:
    return VendorRow(uid=vendor.uid, version=vendor.version,
                     **{name: getattr(vendor, name) for name in VENDOR_FIELDS})


def list_vendors(session: Session, find: str = "") -> list[VendorRow]:
    """Live vendors by name; `find`: only those whose name or DBA holds every word."""
    words = normalise_name(find).split()
    rows = [vendor_row(v) for v in session.scalars(
        select(Vendor).where(Vendor.deleted.is_(False)).order_by(Vendor.name))]
    return [r for r in rows if all(w in normalise_name(f"{r.name} {r.dba}") for w in words)]


def get_vendor(session: Session, key: str) -> Vendor:
    """The live vendor named by short id, uid, name, or words only its name holds."""
    key = key.strip()
    live = list(session.scalars(select(Vendor).where(Vendor.deleted.is_(False))))
    words = normalise_name(key).split()
    found = [v for v in live if v.uid == key] or \
        ([v for v in live if v.uid.startswith(key.lower())] if len(key) >= 6 else []) or \
        [v for v in live if normalise_name(v.name) == normalise_name(key) and key] or \
        [v for v in live if words and all(w in normalise_name(f"{v.name} {v.dba}").split()
                                           for w in words)]
    if len(found) == 1:
        return found[0]
    if found:
        raise UserError(f"'{key}' names {len(found)} vendors; use the id from "
                        "`consortium vendors list`.")
    raise NotFoundError(f"No vendor '{key}' (give the id from `consortium vendors list`, or "
                        "the legal name).")


def _same_company(session: Session, name: str, other_than: Vendor | None) -> Vendor | None:
    key = normalise_name(name)
    for vendor in session.scalars(select(Vendor).where(Vendor.deleted.is_(False))):
        if vendor is not other_than and normalise_name(vendor.name) == key:
            return vendor
    return None


def check_vendor_values(session: Session, raw: dict[str, Any], *, current: Vendor | None = None,
                        row: int | None = None) -> tuple[dict[str, Any], Checker]:
    """The typed values of the fields in `raw` (every field when creating), checked."""
    check = Checker(row=row, record=raw.get("name") or (current.name if current else None))
    unknown = sorted(set(raw) - set(VENDOR_FIELDS))
    for name in unknown:
        check.fail(name, f"is not a vendor field ({', '.join(VENDOR_FIELDS)})")
    wanted = [n for n in VENDOR_FIELDS if n in raw or (current is None and n == "name")]
    values = {name: VENDOR.field(check, name, raw.get(name)) for name in wanted}
    for name in BOOLEAN_FIELDS:
        if name in values:
            values[name] = bool(values[name])
    years = values.get("form_473_years")
    if years and re.fullmatch(r"[\d,;/\s]+", years) and parse_years(years):
        values["form_473_years"] = ",".join(map(str, parse_years(years)))
    for name in ("name", "dba", "spin_498", "nc_vendor_number"):
        if name in values and values[name] is None:
            values[name] = ""
    merged = {n: values.get(n, getattr(current, n, None)) for n in VENDOR.across_fields}
    VENDOR.check_across(check, merged)
    if values.get("name"):
        twin = _same_company(session, values["name"], current)
        if twin is not None:
            check.fail("name", f"'{values['name']}' is the same company as the registered "
                               f"'{twin.name}'")
    return values, check


def add_vendor(session: Session, raw: dict[str, Any]) -> VendorRow:
    require_state(session, WHAT)
    values, check = check_vendor_values(session, raw)
    check.raise_if_errors("vendor")
    vendor = Vendor(owner=STATE_OWNER, **values)
    session.add(vendor)
    session.flush()
    return vendor_row(vendor)


def edit_vendor(session: Session, key: str, raw: dict[str, Any]) -> VendorRow:
    require_state(session, WHAT)
    vendor = get_vendor(session, key)
    values, check = check_vendor_values(session, raw, current=vendor)
    check.raise_if_errors(f"vendor {vendor.name}")
    for name, value in values.items():
        setattr(vendor, name, value)
    session.flush()
    return vendor_row(vendor)


def remove_vendor(session: Session, key: str) -> VendorRow:
    """A tombstone: the audit, and any bid that names the vendor, keep it."""
    require_state(session, WHAT)
    vendor = get_vendor(session, key)
    vendor.deleted = True
    session.flush()
    return vendor_row(vendor)


def import_vendors(session: Session, path: Path, dry_run: bool = False,
                   skip_bad: bool = False) -> ImportReport:
    """Add or update vendors from CSV/XLSX (matched by legal name); a blank cell keeps the
    stored value. All or nothing unless `skip_bad`."""
    require_state(session, WHAT)
    path = Path(path)
    rows = read_table(path, VENDOR_FIELDS, VENDOR_ALIASES, sheet="Vendors")
    errors: list[FieldError] = []
    creates: list[dict[str, Any]] = []
    updates: list[tuple[Vendor, dict[str, Any]]] = []
    unchanged = 0
    seen: dict[str, int] = {}
    for number, row in rows:
        raw = {k: v for k, v in row.items() if not is_blank(v)}
        current = _same_company(session, raw.get("name") or "", None) if raw.get("name") \
            else None
        values, check = check_vendor_values(session, raw, current=current, row=number)
        key = normalise_name(raw.get("name") or "")
        if key in seen:
            check.fail("name", f"the same company is on row {seen[key]}")
        seen.setdefault(key, number)
        if check.errors:
            errors.extend(check.errors)
        elif current is None:
            creates.append(values)
        else:
            changed = {k: v for k, v in values.items() if getattr(current, k) != v}
            if changed:
                updates.append((current, changed))
            else:
                unchanged += 1
    if errors and not skip_bad:
        raise ValidationError(errors, f"{path}: nothing imported")
    if not dry_run:
        for vendor, changed in updates:
            for name, value in changed.items():
                setattr(vendor, name, value)
        session.add_all(Vendor(owner=STATE_OWNER, **values) for values in creates)
        session.flush()
    return ImportReport(str(path), len(rows), len(creates), len(updates), unchanged, errors,
                        dry_run)
