"""The savings report as a workbook: one sheet per breakdown (Statewide, Regions, Members,
Lots), money as numbers in a dollar format, savings % as a percentage. openpyxl loads only
here, when a file is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.rules.savings import SavingsFigures
from app.services.savings import SavingsReport, SavingsRow
from app.services.spreadsheet_write import atomic_target, check_out_path, fill_sheet

DOLLARS = '"$"#,##0.00'
PERCENT = "0.0%"
FIGURE_HEADERS = ("Lines", "Members", "Own prices", "Awarded prices", "Savings", "Savings %",
                  "E-rate share", "Members' share", "Separate procurements")
MONEY = {"Own prices", "Awarded prices", "Savings", "E-rate share", "Members' share"}


def _figures(f: SavingsFigures) -> list[object]:
    pct = f.savings_pct
    return [f.lines, f.members, f.own_amount, f.amount, f.savings,
            None if pct is None else pct / 100, f.erate_share, f.member_share,
            f.separate_procurements]


def _formats(sheet: Worksheet, headers: Sequence[str], rows: int) -> None:
    """Dollar and percent formats on the columns that hold them (fill_sheet types them)."""
    for column, header in enumerate(headers, start=1):
        number_format = DOLLARS if header in MONEY else PERCENT if header == "Savings %" \
            else None
        if number_format:
            for row in range(2, rows + 2):
                sheet.cell(row, column).number_format = number_format


def _breakdown(book: Workbook, title: str, first: Sequence[str],
               rows: Sequence[SavingsRow], keys: Callable[[SavingsRow], list[object]]
               ) -> None:
    sheet = book.create_sheet(title)
    headers = [*first, *FIGURE_HEADERS]
    values = [[*keys(r), *_figures(r.figures)] for r in rows]
    fill_sheet(sheet, headers, values)
    _formats(sheet, headers, len(values))


def write_savings_xlsx(report: SavingsReport, out: Path) -> None:
    check_out_path(out, (".xlsx",))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Statewide"
    f = report.statewide
    pct = f.savings_pct
    facts: list[tuple[str, object]] = [
        ("Scope", report.scope), ("Procurements", ", ".join(report.procurements)),
        ("Lines", f.lines), ("Members", f.members),
        ("Own prices", f.own_amount), ("Awarded prices", f.amount), ("Savings", f.savings),
        ("Savings %", None if pct is None else pct / 100), ("E-rate share", f.erate_share),
        ("Members' share", f.member_share),
        ("Separate procurements", f.separate_procurements),
        ("Consortium procurements", report.consortium_procurements),
        ("Procurements replaced", report.replaced),
        ("Lines not awarded", report.not_awarded_lines)]
    fill_sheet(sheet, ["Figure", "Value"], facts, {"Value": 22})
    for row, (name, value) in enumerate(facts, start=2):
        if name in MONEY:
            sheet.cell(row, 2).number_format = DOLLARS
        elif name == "Savings %" and isinstance(value, Decimal):
            sheet.cell(row, 2).number_format = PERCENT
    _breakdown(book, "Regions", ["Region", "Name"], report.regions,
               lambda r: [int(r.key) if r.key.isdigit() else r.key, r.label])
    _breakdown(book, "Members", ["Code", "Member", "Region"], report.members,
               lambda r: [r.key, r.label, r.region])
    _breakdown(book, "Lots", ["Lot", "Name"], report.lots, lambda r: [r.key, r.label])
    with atomic_target(out) as target:
        book.save(target)
