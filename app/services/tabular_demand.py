"""Demand to a spreadsheet: the grouped figures, the totals with effort saved, and (for
items and categories) the vendor shares — one sheet each, written atomically.

Written with openpyxl alone (not through app.services.tabular, which loads pandas), so the
Demand page can export without pulling pandas into the GUI (see the import contracts)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import UserError
from app.services.demand import DemandReport, VendorGroup

SUFFIXES = (".xlsx", ".csv")
FORMULA_STARTS = ("=", "+", "-", "@")

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


def check_out_path(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"{out}: cannot write '{suffix or 'no extension'}' files; name the "
                        f"file {' or '.join(SUFFIXES)}.")
    if not out.parent.is_dir():
        raise UserError(f"{out}: folder {out.parent} does not exist.")
    return suffix


@contextmanager
def atomic_target(out: Path) -> Iterator[Path]:
    """Write to a temporary file beside `out`; replace `out` only when that succeeded."""
    handle, temp = tempfile.mkstemp(prefix=".tmp-", suffix=out.suffix, dir=out.parent)
    os.close(handle)
    try:
        yield Path(temp)
        os.replace(temp, out)
    except PermissionError as error:
        raise UserError(f"{out}: cannot be written (is it open in Excel?).") from error
    except OSError as error:
        raise UserError(f"{out}: cannot be written ({error.strerror or error}).") from error
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(target: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows([["" if v is None else str(_safe(v)) for v in row] for row in rows])


def fill_sheet(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Bold frozen header; Decimals as numbers with a money or quantity format."""
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            fmt = None
            if isinstance(value, Decimal):
                exponent = value.as_tuple().exponent
                money = isinstance(exponent, int) and exponent == -2
                fmt = "#,##0.00" if money else "#,##0.###"
                value = int(value) if value == value.to_integral_value() else float(value)
            elif isinstance(value, date):
                fmt = "yyyy-mm-dd"
            cell = sheet.cell(number, column, _safe(value))
            if fmt:
                cell.number_format = fmt
    for column, header in enumerate(headers, start=1):
        longest = max([len(header)] + [len(str(r[column - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest + 2, 10), 60)
