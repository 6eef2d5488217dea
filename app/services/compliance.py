"""The compliance lists vendors and manufacturers are checked against, each with its date,
and a vendor's compliance as PASS / FAIL / NOT CHECKED lines (rules: `app.rules.compliance`).

The NC State Treasurer publishes the Iran Divestment and Israel-boycott lists as complete
lists: importing one replaces the list (names gone from the file are removed as tombstones).
The FCC Covered List ships as reference data and is edited entry by entry. All are the
state's and reach the regions in its bundle. The SAM.gov exclusion check is recorded per
procurement and vendor (who checked, when, the result).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import paths
from app.errors import FieldError, NotFoundError, UserError, ValidationError
from app.models import (
    STATE_OWNER,
    Bid,
    BidLine,
    ComplianceEntry,
    ComplianceList,
    SamCheck,
    Vendor,
)
from app.rules.compliance import (
    LIST_LABELS,
    ComplianceLine,
    ListFacts,
    SamFacts,
    VendorFacts,
    normalise_name,
    parse_years,
    vendor_compliance,
)
from app.services.erate import find_procurement
from app.services.record_rules import COMPLIANCE_ENTRY, SAM_CHECK
from app.services.scope import require_state
from app.services.values import Checker
from app.services.vendors import get_vendor

WHAT = "The compliance lists"
COVERED_LIST_FILE = "fcc_covered_list.csv"
ENTRY_ALIASES = {"company": "name", "company_name": "name", "vendor": "name",
                 "parent": "affiliate_of", "parent_company": "affiliate_of",
                 "affiliate": "affiliate_of", "note": "notes"}


@dataclass(frozen=True)
class ListRow:
    kind: str
    label: str
    list_date: date | None
    source: str
    entries: int

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "entries": self.entries,
                "list_date": self.list_date.isoformat() if self.list_date else None,
                "source": self.source}


@dataclass(frozen=True)
class ListImport:
    kind: str
    file: str
    added: int
    removed: int
    kept: int
    dry_run: bool

    def summary(self) -> str:
        verb = "would be " if self.dry_run else ""
        return (f"{LIST_LABELS[self.kind]} from {self.file}: {self.added} {verb}added, "
                f"{self.removed} {verb}removed, {self.kept} unchanged")


def _kind(kind: str) -> str:
    key = kind.strip().lower().replace("-", "_")
    if key not in LIST_LABELS:
        raise UserError(f"'{kind}' is not a compliance list: use one of "
                        f"{', '.join(LIST_LABELS)}.")
    return key


def _list(session: Session, kind: str, create: bool = False) -> ComplianceList | None:
    found = session.scalar(select(ComplianceList).where(ComplianceList.kind == kind))
    if found is None and create:
        found = ComplianceList(kind=kind, owner=STATE_OWNER)
        session.add(found)
        session.flush()
    return found


def _entries(session: Session, listed: ComplianceList) -> list[ComplianceEntry]:
    return list(session.scalars(select(ComplianceEntry).where(
        ComplianceEntry.list_id == listed.id, ComplianceEntry.deleted.is_(False))
        .order_by(ComplianceEntry.name)))


def list_lists(session: Session) -> list[ListRow]:
    """Every kind of list, loaded or not, with its date and number of entries."""
    rows = []
    for kind, label in LIST_LABELS.items():
        listed = _list(session, kind)
        rows.append(ListRow(kind, label, listed.list_date if listed else None,
                            listed.source if listed else "",
                            len(_entries(session, listed)) if listed else 0))
    return rows


def list_entries(session: Session, kind: str) -> list[ComplianceEntry]:
    listed = _list(session, _kind(kind))
    return _entries(session, listed) if listed else []


def list_facts(session: Session) -> dict[str, ListFacts]:
    """The loaded lists as the rules read them (a list never loaded is absent)."""
    facts = {}
    for listed in session.scalars(select(ComplianceList).where(
            ComplianceList.deleted.is_(False))):
        names = {}
        for entry in _entries(session, listed):
            names[entry.normalized] = entry.name + (f" (affiliate of {entry.affiliate_of})"
                                                    if entry.affiliate_of else "")
        facts[listed.kind] = ListFacts(listed.kind, listed.list_date, names)
    return facts


def _checked_entries(rows: list[tuple[int, dict[str, Any]]], path: Path
                     ) -> list[dict[str, Any]]:
    errors: list[FieldError] = []
    entries: dict[str, dict[str, Any]] = {}
    for number, row in rows:
        check = Checker(row=number, record=row.get("name"))
        values = COMPLIANCE_ENTRY.record(check, {**row, "normalized": normalise_name(
            row.get("name") or "") or None}, ("name", "normalized", "affiliate_of", "notes"))
        errors.extend(check.errors)
        if not check.errors:
            entries.setdefault(values["normalized"], values)  # a repeated name is one entry
    if errors:
        raise ValidationError(errors, f"{path}: nothing imported")
    if not entries:
        raise UserError(f"{path}: the file lists no company names.")
    return list(entries.values())


def import_list(session: Session, kind: str, path: Path, list_date: date, source: str = "",
                dry_run: bool = False) -> ListImport:
    """Replace the list `kind` with the names in the file (a `name` column; optional
    `affiliate_of` and `notes`), dated `list_date`."""
    require_state(session, WHAT)
    kind, path = _kind(kind), Path(path)
    # here, not at the top: the app imports this module at start-up, and the spreadsheet
    # reader brings openpyxl (and numpy) with it
    from app.services.tabular import read_table

    rows = read_table(path, ("name", "affiliate_of", "notes"), ENTRY_ALIASES, sheet="List")
    if rows and "name" not in rows[0][1]:
        raise UserError(f"{path}: no 'name' column (the company names).")
    wanted = {e["normalized"]: e for e in _checked_entries(rows, path)}
    listed = _list(session, kind, create=not dry_run)
    current = {e.normalized: e for e in _entries(session, listed)} if listed else {}
    added = [n for n in wanted if n not in current]
    removed = [n for n in current if n not in wanted]
    report = ListImport(kind, str(path), len(added), len(removed),
                        len(wanted) - len(added), dry_run)
    if dry_run or listed is None:
        return report
    for key in removed:
        current[key].deleted = True
    for key in added:
        session.add(ComplianceEntry(compliance_list=listed, owner=STATE_OWNER, **wanted[key]))
    listed.list_date, listed.source = list_date, source or str(path.name)
    session.flush()
    return report


def add_entry(session: Session, kind: str, name: str, affiliate_of: str = "",
              notes: str = "") -> ComplianceEntry:
    """Add one company to a list (the Covered List is kept this way)."""
    require_state(session, WHAT)
    kind = _kind(kind)
    check = Checker(record=name)
    values = COMPLIANCE_ENTRY.record(check, {"name": name, "normalized": normalise_name(name)
                                             or None, "affiliate_of": affiliate_of,
                                             "notes": notes})
    listed = _list(session, kind, create=True)
    assert listed is not None
    if values.get("normalized") and any(e.normalized == values["normalized"]
                                        for e in _entries(session, listed)):
        check.fail("name", f"'{name}' is already on the {LIST_LABELS[kind]}")
    check.raise_if_errors("list entry")
    entry = ComplianceEntry(compliance_list=listed, owner=STATE_OWNER, **values)
    session.add(entry)
    session.flush()
    return entry


def remove_entry(session: Session, kind: str, name: str) -> ComplianceEntry:
    require_state(session, WHAT)
    kind = _kind(kind)
    key = normalise_name(name)
    for entry in list_entries(session, kind):
        if entry.normalized == key:
            entry.deleted = True
            session.flush()
            return entry
    raise NotFoundError(f"'{name}' is not on the {LIST_LABELS[kind]}.")


def set_list_date(session: Session, kind: str, list_date: date, source: str = "") -> None:
    """Date an edited list (the Covered List as checked against the FCC's page)."""
    require_state(session, WHAT)
    listed = _list(session, _kind(kind), create=True)
    assert listed is not None
    listed.list_date = list_date
    if source:
        listed.source = source
    session.flush()


def load_covered_list(session: Session) -> int:
    """The shipped FCC Covered List (init): its companies and affiliates, if not loaded."""
    if _list(session, "covered_list") is not None:
        return 0
    with paths.reference_file(COVERED_LIST_FILE).open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if not r["name"].startswith("#")]
    listed = ComplianceList(kind="covered_list", owner=STATE_OWNER,
                            source="shipped with the app (resources/reference/SOURCES.md)")
    session.add(listed)
    for row in rows:
        session.add(ComplianceEntry(compliance_list=listed, name=row["name"],
                                    normalized=normalise_name(row["name"]),
                                    affiliate_of=row.get("affiliate_of") or "",
                                    notes=row.get("notes") or "", owner=STATE_OWNER))
    session.flush()
    return len(rows)


def record_sam_check(session: Session, procurement_ref: str, vendor_key: str,
                     raw: dict[str, Any]) -> SamCheck:
    """Record the SAM.gov exclusion check of a vendor for a procurement (the latest counts)."""
    require_state(session, "The SAM.gov checks")
    procurement = find_procurement(session, procurement_ref)
    vendor = get_vendor(session, vendor_key)
    check = Checker(record=vendor.name)
    values = SAM_CHECK.record(check, raw)
    check.raise_if_errors("SAM.gov check")
    record = SamCheck(procurement=procurement, vendor=vendor, owner=STATE_OWNER, **values)
    session.add(record)
    session.flush()
    return record


def _vendor_facts(vendor: Vendor) -> VendorFacts:
    return VendorFacts(vendor.name, vendor.dba, vendor.spin_498, vendor.e_verify_affidavit,
                       vendor.e_verify_on, parse_years(vendor.form_473_years),
                       vendor.w9_on_file)


def compliance_of_live_vendors(session: Session) -> dict[str, list[ComplianceLine]]:
    """Every live vendor's compliance lines without a procurement, by uid (the lists are
    read once, for a page that lists them all)."""
    lists = list_facts(session)
    return {v.uid: vendor_compliance(_vendor_facts(v), lists)
            for v in session.scalars(select(Vendor).where(Vendor.deleted.is_(False)))}


def compliance_for(session: Session, vendor_key: str, procurement_ref: str | None = None
                   ) -> list[ComplianceLine]:
    """The vendor's compliance lines; with a procurement, also its E-rate and federal lines
    (Form 473 for its year, the Covered List against the vendor's bid lines, SAM.gov)."""
    vendor = get_vendor(session, vendor_key)
    facts = _vendor_facts(vendor)
    lists = list_facts(session)
    if procurement_ref is None:
        return vendor_compliance(facts, lists)
    procurement = find_procurement(session, procurement_ref)
    sources = procurement.funding_sources.split(",")
    latest = session.scalars(select(SamCheck).where(
        SamCheck.procurement_id == procurement.id, SamCheck.vendor_id == vendor.id,
        SamCheck.deleted.is_(False)).order_by(SamCheck.id.desc())).first()
    sam = SamFacts(latest.checked_by, latest.checked_on, latest.result, latest.reference) \
        if latest else None
    makers = list(session.scalars(select(BidLine.manufacturer).join(Bid).where(
        Bid.procurement_id == procurement.id, Bid.vendor_id == vendor.id,
        Bid.status == "current", BidLine.manufacturer != "").distinct()))
    return vendor_compliance(facts, lists, funding_year=procurement.funding_year,
                             erate="erate" in sources, federal="federal" in sources, sam=sam,
                             manufacturers=makers)
