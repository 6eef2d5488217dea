"""Loading the shipped reference data (regions, LEAs, charters, schools, catalog, funding
years) into a store.

Members and schools loaded from the shipped files get uids derived from their codes, so every
instance that loads the same file holds the same records under the same uids and a region's
bundle updates the state's copy instead of colliding with it.
"""

from __future__ import annotations

import csv
import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import paths
from app.models import (
    STATE_OWNER,
    CatalogItem,
    Category,
    FundingYear,
    Member,
    Region,
    School,
    region_owner,
)
from app.models.bulk import insert_synced

# Namespace of the uids of members and schools loaded from reference data (never change it:
# instances made by different versions must agree on them).
REFERENCE_NAMESPACE = uuid.UUID("2f7d3c8e-5b1a-4e0f-9c6d-8a4b2e1f7c30")
SCHOOLS_FILE = "nc_schools_2024.csv"
CHARTERS_FILE = "nc_charters_2024.csv"

REGION_NAMES = {
    1: "Northeast", 2: "Southeast", 3: "North Central", 4: "Sandhills",
    5: "Piedmont-Triad", 6: "Southwest", 7: "Northwest", 8: "Western",
}


def reference_uid(kind: str, code: str) -> str:
    """The uid every instance gives the member or school `code` loaded from reference data."""
    return str(uuid.uuid5(REFERENCE_NAMESPACE, f"{kind}/{code}"))


def _read_csv(name: str) -> list[dict[str, str]]:
    with paths.reference_file(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_leas() -> list[dict[str, str]]:
    return _read_csv("nc_leas.csv")


def read_charters() -> list[dict[str, str]]:
    return _read_csv(CHARTERS_FILE)


def read_schools() -> list[dict[str, str]]:
    return _read_csv(SCHOOLS_FILE)


def load_regions(session: Session) -> int:
    existing = set(session.scalars(select(Region.number)))
    added = 0
    for number, name in REGION_NAMES.items():
        if number not in existing:
            session.add(Region(number=number, name=name, owner=STATE_OWNER))
            added += 1
    session.flush()
    return added


GROUPINGS = ("statutory", "dpi")


def _member_rows(region: int | None, grouping: str) -> list[dict[str, object]]:
    """The LEAs and charters of the shipped files, as member rows (of one region, or all),
    each with the students and economically disadvantaged count of its schools added up."""
    totals: dict[str, list[int]] = {}
    for school in read_schools():
        total = totals.setdefault(school["member_code"], [0, 0])
        total[0] += int(school["students"] or 0)
        total[1] += int(school["econ_disadv"] or 0)
    rows = []
    sources = [(row, "lea", row["lea_code"]) for row in read_leas()]
    sources += [(row, "charter", row["charter_code"]) for row in read_charters()]
    for row, kind, code in sources:
        member_region = int(row["region"] if grouping == "statutory" else row["dpi_region"])
        if region is not None and member_region != region:
            continue
        rows.append({"uid": reference_uid("member", code), "code": code, "name": row["name"],
                     "kind": kind, "county": row["county"], "region": member_region,
                     "dpi_region": int(row["dpi_region"]), "notes": row.get("note") or "",
                     "students": totals.get(code, [None, None])[0],
                     "nslp_eligible": totals.get(code, [None, None])[1],
                     "figures_source": "reference",
                     "owner": region_owner(member_region)})
    return rows


def load_members(session: Session, region: int | None = None,
                 grouping: str = "statutory") -> int:
    """Add the LEAs and charters (of one region, or all) that the store does not have yet.

    `grouping` picks the region of each member: the statutory G.S. 115C-65 districts (the
    default, as the consortium's own working group uses) or DPI's operational regions; a
    charter's region is that of its county.
    """
    existing = set(session.scalars(select(Member.code)))
    rows = [row for row in _member_rows(region, grouping) if row["code"] not in existing]
    insert_synced(session, Member, rows)
    session.flush()
    return len(rows)


def load_schools(session: Session) -> int:
    """Add the schools of the shipped file for the members this store holds (members that
    already have schools keep theirs).

    DPI's economically disadvantaged count is only a starting figure for the NSLP count the
    E-rate discount uses, and the file says nothing of rural status: the schools load with
    figures_source "reference" until the member confirms them. A blank (suppressed) count
    loads as 0.
    """
    members = {m.code: m for m in session.scalars(select(Member).where(Member.deleted.is_(False)))}
    has_schools = set(session.scalars(select(School.member_id).distinct()))
    existing = set(session.scalars(select(School.code)))
    rows, parents = [], []
    for row in read_schools():
        member = members.get(row["member_code"])
        if member is None or member.id in has_schools or row["school_code"] in existing:
            continue
        students, eligible = int(row["students"] or 0), int(row["econ_disadv"] or 0)
        rows.append({"uid": reference_uid("school", row["school_code"]),
                     "member_id": member.id, "code": row["school_code"],
                     "name": row["school_name"], "students": students,
                     "nslp_eligible": eligible, "rural": False, "owner": member.owner,
                     "figures_source": "reference"})
        parents.append({"member": member.uid})
    insert_synced(session, School, rows, parents)
    session.flush()
    return len(rows)


def load_catalog(session: Session) -> int:
    data = json.loads(paths.reference_file("catalog.json").read_text(encoding="utf-8"))
    categories = {c.code: c for c in session.scalars(select(Category))}
    for entry in data["categories"]:
        if entry["code"] not in categories:
            category = Category(code=entry["code"], name=entry["name"], owner=STATE_OWNER)
            session.add(category)
            categories[entry["code"]] = category
    existing = set(session.scalars(select(CatalogItem.code)))
    added = 0
    for entry in data["items"]:
        if entry["code"] in existing:
            continue
        session.add(CatalogItem(
            code=entry["code"], name=entry["name"], category=categories[entry["category"]],
            unit=entry["unit"], erate_category=entry["erate_category"],
            reference_price=Decimal(entry["reference_price"]), spec=entry.get("spec", ""),
            brand=entry.get("brand", ""), owner=STATE_OWNER,
        ))
        added += 1
    session.flush()
    return added


_DATE_FIELDS = ("starts_on", "ends_on", "form470_available_on", "form471_window_opens",
                "form471_window_closes")
_DECIMAL_FIELDS = ("cep_multiplier", "c2_multiplier", "c2_floor", "nc_informal_bid_threshold",
                   "nc_formal_bid_threshold", "nc_construction_formal_threshold",
                   "federal_micro_purchase_threshold",
                   "federal_simplified_acquisition_threshold")


def funding_year_values(entry: dict[str, Any]) -> dict[str, Any]:
    values = dict(entry)
    for key in _DATE_FIELDS:
        values[key] = date.fromisoformat(values[key]) if values.get(key) else None
    for key in _DECIMAL_FIELDS:
        values[key] = Decimal(values[key])
    return values


def load_funding_years(session: Session) -> int:
    data = json.loads(paths.reference_file("funding_years.json").read_text(encoding="utf-8"))
    existing = set(session.scalars(select(FundingYear.year)))
    added = 0
    for entry in data:
        if entry["year"] in existing:
            continue
        session.add(FundingYear(owner=STATE_OWNER, **funding_year_values(entry)))
        added += 1
    session.flush()
    return added
