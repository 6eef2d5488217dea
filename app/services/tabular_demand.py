"""Demand to a spreadsheet: the grouped figures, the totals with effort saved, and (for
items and categories) the vendor shares — one sheet each, written atomically.

Written through app.services.spreadsheet_write (openpyxl alone, not pandas), so the Demand
page can export without pulling pandas into the GUI."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.services.demand import DemandReport, VendorGroup
from app.services.spreadsheet_write import atomic_target, check_out_path, fill_sheet, write_csv

SUFFIXES = (".xlsx", ".csv")

HEADINGS = {"item": ["item", "item name"], "category": ["category", "category name"],
            "region": ["region", "region name"], "member": ["member", "member name"],
            "fy": ["funding year"]}


def demand_table(report: DemandReport) -> tuple[list[str], list[list[Any]]]:
    headers: list[str] = []
    for dim in report.dims:
        headers += HEADINGS[dim]
    headers += ["quantity", "unit", "E-rate", "amount", "members", "lines"]
    rows = []
    for row in report.rows:
        values: list[Any] = []
        for dim, key, label in zip(row.dims, row.key, row.labels, strict=True):
            values += [key] if dim == "fy" else [key, label]
        values += [row.quantity, row.unit, row.erate_category, row.amount, row.members,
                   row.lines]
        rows.append(values)
    return headers, rows


def write_demand(out: Path, report: DemandReport,
                 vendors: list[VendorGroup] | None = None) -> int:
    """Write `report` to .xlsx (several sheets) or .csv (the figures only); returns rows."""
    suffix = check_out_path(out)
    headers, rows = demand_table(report)
    with atomic_target(out) as target:
        if suffix == ".csv":
            write_csv(target, headers, rows)
            return len(rows)
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Demand"
        fill_sheet(sheet, headers, rows)
        effort = [report.potential, *report.effort]
        fill_sheet(book.create_sheet("Totals"), ["figure", "value"], [
            ["funding year", report.funding_year or "all"],
            ["statuses", ", ".join(("confirmed", "draft") if report.include_drafts
                                   else ("confirmed",))],
            ["quantity", report.quantity], ["amount", report.amount],
            ["members", report.members], ["lines", report.lines], ["groups", len(rows)],
            *[[f"effort saved ({e.source}): separate procurements → consortium",
               f"{e.separate_procurements} → {e.consortium_procurements} "
               f"(saves {e.saved})"] for e in effort]])
        if vendors:
            vendor_rows: list[list[Any]] = []
            for group in vendors:
                for breakdown in (group.preferred, group.current):
                    for share in breakdown.vendors:
                        vendor_rows.append([
                            group.code, group.name, breakdown.basis, share.vendor,
                            share.quantity, share.amount, share.members,
                            (share.share * 100).quantize(Decimal("0.1")),
                            breakdown.cover(Decimal("0.8")), breakdown.cover(Decimal("0.95"))])
            fill_sheet(book.create_sheet("Vendors"),
                       [vendors[0].by, "name", "basis", "vendor", "quantity", "amount",
                        "members", "share %", "vendors for 80 %", "vendors for 95 %"],
                       vendor_rows)
        book.save(target)
    return len(rows)
