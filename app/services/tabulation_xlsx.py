"""The bid tabulation as a workbook (openpyxl): one sheet per lot — lines × bidders, unit
and extended prices, the lowest responsive price per line highlighted, each bidder's lot
total — a Responsiveness sheet (every bidder's PASS / FAIL lines per lot) and a Bids sheet
(every version received with its file, SHA-256 and receipt time, priced or not).

Takes a `Tabulation` (already past the sealed gate); writes atomically. `write_tabulation`
writes the workbook or the PDF by the file's suffix (the CLI's and the panel's one way)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.tabulation_dto import LotTab, Tabulation
from app.rules.bid_opening import nc_time_text
from app.services.spreadsheet_write import atomic_target, check_out_path, put

MONEY = '"$"#,##0.00'
LOWEST = PatternFill("solid", fgColor="C6EFCE")  # the spreadsheet programs' "good" green
HEAD = PatternFill("solid", fgColor="E4E7EB")
FAIL_FILL = PatternFill("solid", fgColor="FDE2E1")
BOLD = Font(bold=True)
FIXED = ("Line", "Description", "Unit", "Quantity")


def _heading(sheet: Worksheet, tab: Tabulation, what: str) -> int:
    put(sheet, 1, 1, f"{tab.consortium} — bid tabulation {tab.ref}: {tab.title}").font = \
        Font(bold=True, size=12)
    put(sheet, 2, 1, what)
    opening = tab.opening
    put(sheet, 3, 1, f"Opened {nc_time_text(opening.opened_at)} by {opening.opened_by}. "
                     f"{opening.outcome_text}")
    return 5


def _lot_sheet(sheet: Worksheet, tab: Tabulation, lot: LotTab) -> None:
    row = _heading(sheet, tab, f"Lot {lot.number}: {lot.name}. Green: the lowest "
                               "responsive unit price of the line.")
    for col, label in enumerate(FIXED, start=1):
        cell = put(sheet, row + 1, col, label)
        cell.font, cell.fill = BOLD, HEAD
    for index, bidder in enumerate(lot.bidders):
        col = len(FIXED) + 1 + 2 * index
        sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + 1)
        cell = put(sheet, row, col, bidder.vendor + ("" if bidder.responsive
                                                     else " (not responsive)"))
        cell.font, cell.alignment = BOLD, Alignment(horizontal="center", wrap_text=True)
        if not bidder.responsive:
            cell.fill = FAIL_FILL
        for offset, label in enumerate(("Unit price", "Extended")):
            head = put(sheet, row + 1, col + offset, label)
            head.font, head.fill = BOLD, HEAD
    for number, line in enumerate(lot.lines, start=row + 2):
        for col, value in enumerate((line.number, line.description, line.unit,
                                     float(line.quantity)), start=1):
            put(sheet, number, col, value)
        for index, cell_value in enumerate(line.cells):
            col = len(FIXED) + 1 + 2 * index
            if cell_value is None:
                put(sheet, number, col, "not bid")
                continue
            unit = put(sheet, number, col, float(cell_value.unit_price))
            extended = put(sheet, number, col + 1, float(cell_value.extended_price))
            for cell in (unit, extended):
                cell.number_format = MONEY
                if cell_value.lowest:
                    cell.fill, cell.font = LOWEST, BOLD
    total_row = row + 2 + len(lot.lines)
    put(sheet, total_row, 2, "Lot total").font = BOLD
    for index, bidder in enumerate(lot.bidders):
        cell = put(sheet, total_row, len(FIXED) + 2 + 2 * index, float(bidder.total))
        cell.number_format, cell.font = MONEY, BOLD
        if bidder.responsive and bidder.total == lot.lowest_total:
            cell.fill = LOWEST
    trace = total_row + 2
    put(sheet, trace, 1, "Each bidder's figures come from the file received:").font = BOLD
    for index, bidder in enumerate(lot.bidders, start=1):
        received = nc_time_text(bidder.received_at)
        put(sheet, trace + index, 1, f"{bidder.vendor}: {bidder.file_name}, SHA-256 "
                                     f"{bidder.sha256}, received {received}")
    widths = {1: 7, 2: 44, 3: 14, 4: 10}
    for col in range(1, len(FIXED) + 1 + 2 * len(lot.bidders)):
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(col, 15)
    sheet.freeze_panes = sheet.cell(row + 2, len(FIXED) + 1)


def _responsiveness(sheet: Worksheet, tab: Tabulation) -> None:
    row = _heading(sheet, tab, "Responsiveness: a bid is responsive on a lot when none of "
                               "its lines is FAIL.")
    for col, label in enumerate(("Lot", "Bidder", "Responsive", "Check", "Status", "Reason"),
                                start=1):
        cell = put(sheet, row, col, label)
        cell.font, cell.fill = BOLD, HEAD
    for lot in tab.lots:
        for bidder in lot.bidders:
            for check in bidder.checks:
                row += 1
                values = (lot.number, bidder.vendor, "yes" if bidder.responsive else "no",
                          check.rule, check.status, check.reason)
                for col, value in enumerate(values, start=1):
                    put(sheet, row, col, value)
                if check.status == "FAIL":
                    sheet.cell(row, 5).fill = FAIL_FILL
    for col, width in zip("ABCDEF", (6, 32, 11, 42, 13, 80), strict=True):
        sheet.column_dimensions[col].width = width


def _bids(sheet: Worksheet, tab: Tabulation) -> None:
    row = _heading(sheet, tab, "Every bid received, in order of receipt (only the on-time "
                               "current version of a bid is opened and priced).")
    for col, label in enumerate(("Vendor", "Version", "Received", "State", "File",
                                 "SHA-256"), start=1):
        cell = put(sheet, row, col, label)
        cell.font, cell.fill = BOLD, HEAD
    for bid in tab.bids:
        row += 1
        for col, value in enumerate((bid.vendor, bid.version, nc_time_text(bid.received_at),
                                     bid.state, bid.file_name, bid.sha256), start=1):
            put(sheet, row, col, value)
    for col, width in zip("ABCDEF", (32, 9, 22, 30, 28, 68), strict=True):
        sheet.column_dimensions[col].width = width


def write_tabulation(tab: Tabulation, out: Path) -> None:
    """The workbook (*.xlsx) or the public tabulation PDF (*.pdf), as `out` is named."""
    suffix = check_out_path(out, (".xlsx", ".pdf"))
    if suffix == ".xlsx":
        write_tabulation_xlsx(tab, out)
        return
    from app.reports.bid_tabulation import render_bid_tabulation

    pdf = render_bid_tabulation(tab)
    with atomic_target(out) as temp:
        temp.write_bytes(pdf)


def write_tabulation_xlsx(tab: Tabulation, out: Path) -> None:
    check_out_path(out, (".xlsx",))
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for lot in tab.lots:
        _lot_sheet(book.create_sheet(f"Lot {lot.number}"), tab, lot)
    _responsiveness(book.create_sheet("Responsiveness"), tab)
    _bids(book.create_sheet("Bids"), tab)
    with atomic_target(out) as temp:
        book.save(temp)
