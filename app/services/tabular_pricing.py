"""The bid packet's line-item pricing form as a companion workbook (openpyxl) that vendors
fill and return: one row per lot line, the vendor types the unit price (and manufacturer,
part number, ineligible part) in the only unlocked cells; extended prices and the
eligible / ineligible split are locked formulas; every sheet is protected. A hidden sheet
names the procurement and the form version so the returned file can be matched later."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import UserError
from app.reports.packet.dto import BidPacket
from app.services.spreadsheet_write import put, put_formula

FORM_VERSION = "1"
HEADER_ROW = 5
# (header, width, vendor fills it)
COLUMNS = (("Lot", 6, False), ("Line", 7, False), ("Item", 16, False),
           ("Description", 46, False), ("Unit", 14, False), ("E-rate", 11, False),
           ("Quantity", 11, False), ("Manufacturer", 18, True), ("Part number", 16, True),
           ("Unit price (USD)", 14, True), ("Ineligible part of unit price", 14, True),
           ("Extended price", 16, False), ("Eligible extended", 16, False),
           ("Ineligible extended", 16, False))
COL = {name: get_column_letter(index) for index, (name, _w, _f) in enumerate(COLUMNS, start=1)}
MONEY = '"$"#,##0.00'
QTY = "#,##0.###"
HEAD_FILL = PatternFill("solid", fgColor="E4E7EB")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DB")
THIN = Side(style="thin", color="9AA5B1")
UNLOCKED = Protection(locked=False)
ERATE = {"C1": "C1", "C2": "C2", "ineligible": "Not eligible", "mixed": "Mixed", "": ""}
TIER_ROWS = 200


def write_pricing_form(packet: BidPacket, path: Path) -> int:
    """Write the workbook; returns the number of line rows."""
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"{path}: the pricing form is an Excel workbook; name it *.xlsx")
    book, rows = pricing_book(packet)
    try:
        book.save(path)
    except OSError as error:
        raise UserError(f"{path}: cannot write the file ({error.strerror})") from error
    return rows


def pricing_book(packet: BidPacket) -> tuple[Workbook, int]:
    """The workbook as issued, in memory (bid intake compares a returned form's locked
    cells with it), and its number of line rows."""
    book = Workbook()
    instructions = book.active
    assert instructions is not None
    instructions.title = "Instructions"
    pricing = book.create_sheet("Pricing")
    totals = book.create_sheet("Lot totals")
    tiers = book.create_sheet("Volume tiers")
    rows = _pricing(pricing, packet)
    _instructions(instructions, packet, rows)
    _totals(totals, packet, rows)
    _tiers(tiers)
    meta = book.create_sheet("_form")
    for index, row in enumerate((("form", "consortium-buying pricing form"),
                                 ("version", FORM_VERSION), ("procurement", packet.ref),
                                 ("title", packet.title),
                                 ("funding_year", packet.funding_year), ("lines", rows)),
                                start=1):
        for column, value in enumerate(row, start=1):
            put(meta, index, column, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    book.active = 1
    return book, rows


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # vendors may widen columns
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def _pricing(sheet: Worksheet, packet: BidPacket) -> int:
    put(sheet, 1, 1, f"Line-item pricing form — {packet.ref} {packet.title}").font = \
        Font(bold=True, size=13)
    put(sheet, 2, 1, f"{packet.consortium_name} · funding year {packet.funding_year}. Fill "
                     "the yellow cells only; the extended prices are calculated.")
    sheet["A3"] = "Bidder (company name):"
    sheet["A3"].font = Font(bold=True)
    sheet.merge_cells("A3:C3")
    sheet.merge_cells("D3:F3")
    sheet["D3"].protection = UNLOCKED
    sheet["D3"].fill = INPUT_FILL
    for index, (name, width, _fills) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, index, name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = Border(bottom=Side(style="medium"))
        sheet.column_dimensions[get_column_letter(index)].width = width
    price_check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                 showErrorMessage=True, errorTitle="Unit price",
                                 error="Enter a price in dollars, 0 or more (no text).")
    part_check = DataValidation(type="custom", showErrorMessage=True,
                                errorTitle="Ineligible part",
                                error="The ineligible part cannot exceed the unit price.")
    sheet.add_data_validation(price_check)
    sheet.add_data_validation(part_check)
    row = HEADER_ROW
    for lot in packet.lots:
        for item in lot.items:
            row += 1
            values = [lot.number, item.line, item.item_code, item.description, item.unit,
                      ERATE.get(item.erate_category, item.erate_category), item.quantity]
            for index, value in enumerate(values, start=1):
                put(sheet, row, index, value)
            sheet.cell(row, 7).number_format = QTY
            sheet.cell(row, 4).alignment = Alignment(wrap_text=True, vertical="top")
            q, u, p = (f"{COL['Quantity']}{row}", f"{COL['Unit price (USD)']}{row}",
                       f"{COL['Ineligible part of unit price']}{row}")
            ineligible_line = item.erate_category not in ("C1", "C2")
            ext = f"{COL['Extended price']}{row}"
            put_formula(sheet, ext, f'=IF({u}="","",ROUND({q}*{u},2))')
            inel = f"{COL['Ineligible extended']}{row}"
            put_formula(sheet, inel, f'=IF({u}="","",{ext})' if ineligible_line
                        else f'=IF({u}="","",ROUND({q}*N({p}),2))')
            put_formula(sheet, f"{COL['Eligible extended']}{row}",
                        f'=IF({u}="","",{ext}-{inel})')
            for name in ("Unit price (USD)", "Ineligible part of unit price", "Extended price",
                         "Eligible extended", "Ineligible extended"):
                sheet[f"{COL[name]}{row}"].number_format = MONEY
            for name in ("Manufacturer", "Part number", "Unit price (USD)",
                         "Ineligible part of unit price"):
                cell = sheet[f"{COL[name]}{row}"]
                cell.protection = UNLOCKED
                cell.fill = INPUT_FILL
                cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    last = row
    if last > HEADER_ROW:
        first = HEADER_ROW + 1
        price_check.add(f"{COL['Unit price (USD)']}{first}:{COL['Unit price (USD)']}{last}")
        part = COL["Ineligible part of unit price"]
        part_check.formula1 = f"=AND({part}{first}>=0,{part}{first}<=N({COL['Unit price (USD)']}{first}))"  # noqa: E501
        part_check.add(f"{part}{first}:{part}{last}")
        total = last + 2
        sheet.cell(total, 4, "Total of all lots").font = Font(bold=True)
        for name in ("Extended price", "Eligible extended", "Ineligible extended"):
            letter = COL[name]
            cell = put_formula(sheet, f"{letter}{total}", f"=SUM({letter}{first}:{letter}{last})")
            cell.number_format = MONEY
            cell.font = Font(bold=True)
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = f"D{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)
    return last - HEADER_ROW


def _instructions(sheet: Worksheet, packet: BidPacket, rows: int) -> None:
    day = packet.bid_due_on
    due = (f"{day:%A}, {day.day} {day:%B %Y}, {packet.bid_due_time}" if day
           else "see the bid packet")
    lines = [
        (f"{packet.consortium_name}", True),
        (f"Pricing form for solicitation {packet.ref}: {packet.title}", True),
        ("", False),
        (f"Bids due: {due}. Contact: {packet.contact}.", False),
        ("", False),
        ("How to fill this workbook", True),
        (f"1. On the 'Pricing' sheet, type your company name and, for each of the {rows} "
         "lines of every lot you bid on, the manufacturer, part number and unit price in "
         "the yellow cells. Only those cells can be edited.", False),
        ("2. A lot you bid on must be priced on every one of its lines. Leave the unit price "
         "empty for lots you do not bid on.", False),
        ("3. Where a line is E-rate eligible but your product includes ineligible parts, "
         "enter the ineligible part of the unit price; the eligible and ineligible "
         "extended prices are calculated. Lines marked 'Not eligible' are ineligible as a "
         "whole.", False),
        ("4. Extended price = quantity × unit price, rounded to the cent. Do not add, remove "
         "or reorder rows, and do not change the quantities.", False),
        ("5. Optional quantity breaks go on the 'Volume tiers' sheet (line, minimum "
         "quantity, unit price).", False),
        ("6. Return this workbook in .xlsx format with your signed bid. The bid packet (PDF) "
         "governs the terms; where the packet's pricing tables and this workbook differ, "
         "this workbook governs the lines and quantities.", False),
    ]
    for index, (text, bold) in enumerate(lines, start=1):
        cell = put(sheet, index, 1, text)
        cell.font = Font(bold=bold, size=12 if index <= 2 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheet programs do not grow rows for wrapped text on their own.
        sheet.row_dimensions[index].height = 16 * max(1, -(-len(text) // 70))
    sheet.column_dimensions["A"].width = 76
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)


def _totals(sheet: Worksheet, packet: BidPacket, rows: int) -> None:
    headers = ("Lot", "Name", "Lines", "Extended price", "Eligible", "Ineligible")
    for index, name in enumerate(headers, start=1):
        cell = sheet.cell(1, index, name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    lot_range = f"Pricing!$A${first}:$A${last}"
    for offset, lot in enumerate(packet.lots, start=2):
        put(sheet, offset, 1, lot.number)
        put(sheet, offset, 2, lot.name)
        put(sheet, offset, 3, len(lot.items))
        for column, name in ((4, "Extended price"), (5, "Eligible extended"),
                             (6, "Ineligible extended")):
            letter = COL[name]
            cell = put_formula(sheet, f"{get_column_letter(column)}{offset}",
                               f"=SUMIF({lot_range},A{offset},"
                               f"Pricing!${letter}${first}:${letter}${last})")
            cell.number_format = MONEY
    for letter, width in zip("ABCDEF", (6, 48, 8, 16, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect(sheet)


def _tiers(sheet: Worksheet) -> None:
    headers = ("Line", "Minimum quantity", "Unit price (USD)", "Note")
    for index, name in enumerate(headers, start=1):
        cell = sheet.cell(1, index, name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    for row in range(2, TIER_ROWS + 2):
        for column in range(1, 5):
            cell = sheet.cell(row, column)
            cell.protection = UNLOCKED
            cell.fill = INPUT_FILL
        sheet.cell(row, 3).number_format = MONEY
    for letter, width in zip("ABCD", (8, 18, 18, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect(sheet)
