"""Loading the shipped reference data (regions, LEAs, catalog, funding years) into a store."""

from __future__ import annotations

import csv
import json
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
    region_owner,
)

REGION_NAMES = {
    1: "Northeast", 2: "Southeast", 3: "North Central", 4: "Sandhills",
    5: "Piedmont-Triad", 6: "Southwest", 7: "Northwest", 8: "Western",
}


def read_leas() -> list[dict[str, str]]:
    with paths.reference_file("nc_leas.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


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


def load_leas(session: Session, region: int | None = None, grouping: str = "statutory") -> int:
    """Add the LEAs (of one region, or all) that the store does not have yet.

    `grouping` picks the region of each LEA: the statutory G.S. 115C-65 districts (the
    default, as the consortium's own working group uses) or DPI's operational regions.
    """
    existing = set(session.scalars(select(Member.code)))
    added = 0
    for row in read_leas():
        lea_region = int(row["region"] if grouping == "statutory" else row["dpi_region"])
        if region is not None and lea_region != region:
            continue
        if row["lea_code"] in existing:
            continue
        session.add(Member(
            code=row["lea_code"], name=row["name"], kind="lea", county=row["county"],
            region=lea_region, dpi_region=int(row["dpi_region"]),
            notes=row.get("note") or "", owner=region_owner(lea_region),
        ))
        added += 1
    session.flush()
    return added


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
            owner=STATE_OWNER,
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
