"""Reading a returned pricing workbook (the form `packet … --pricing-form` writes) against
the procurement it was issued for. The rules are app.rules.bids; this module finds the cells.

Two kinds of finding, each named by sheet, row and column ("Pricing!J12: …"):
- *problems* make the file unusable as a bid — another procurement's form, lines added,
  removed or reordered, a locked cell (quantity, formula, total) changed, a price that is not
  a number, not positive or not in whole cents, a bad volume tier, nothing priced. A file
  with problems is refused (unless it is late: see app.services.bids).
- *flags* are kept with a received bid for the evaluation: a missing manufacturer or part
  number on an equipment line, a lot priced on only some of its lines, no company name.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.errors import UserError
from app.reports.packet.dto import BidPacket, LotItemDTO
from app.rules.bids import extended, ineligible_unit, needs_make_model, price_problem, substitution
from app.services.tabular_pricing import COL, FORM_VERSION, HEADER_ROW, TIER_ROWS, pricing_book

# Compared cell by cell with the form as issued (everything but the vendor's yellow cells).
LOCKED_SHEETS = ("Pricing", "Lot totals")
FORM_ROWS = {1: "form", 2: "version", 3: "procurement", 6: "lines"}
IDENTITY = {COL["Lot"]: "lot", COL["Line"]: "line", COL["Item"]: "item",
            COL["Quantity"]: "quantity"}
MAX_ALTERATIONS = 12  # one inserted row shifts every cell below it; name the first few


@dataclass(frozen=True)
class LineFacts:
    """What the packet does not print but intake needs: the catalog category and brand."""

    category: str = ""
    brand: str = ""


@dataclass(frozen=True)
class ParsedLine:
    line: str
    item_code: str
    row: int
    manufacturer: str
    part_number: str
    unit_price: Decimal
    ineligible_unit_price: Decimal
    extended_price: Decimal
    substitution: bool = False
    review_note: str = ""


@dataclass(frozen=True)
class ParsedTier:
    line: str
    row: int
    min_qty: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class BidWorkbook:
    procurement_ref: str
    bidder_name: str
    lines: tuple[ParsedLine, ...] = ()
    tiers: tuple[ParsedTier, ...] = ()
    problems: tuple[str, ...] = ()
    flags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_bid_workbook(path: Path, packet: BidPacket,
                      facts: Mapping[str, LineFacts] | None = None) -> BidWorkbook:
    """Every problem and flag of a returned form; `facts` by item code (category, brand)."""
    book = _open(Path(path))
    problems: list[str] = []
    missing = [n for n in ("_form", *LOCKED_SHEETS, "Volume tiers") if n not in book.sheetnames]
    if "_form" in missing:
        return BidWorkbook("", "", problems=(
            "the workbook is not a pricing form of this program (its hidden '_form' sheet "
            "is missing); return the form the bid packet came with",))
    ref = _text(book["_form"]["B3"].value)
    if ref != packet.ref:
        return BidWorkbook(ref, "", problems=(
            f"_form!B3: this is the pricing form of '{ref}', not of {packet.ref}",))
    problems += [f"the '{name}' sheet is missing" for name in missing]
    if missing:
        return BidWorkbook(ref, "", problems=tuple(problems))
    problems += _alterations(book, packet)
    sheet = book["Pricing"]
    bidder = _text(sheet["D3"].value)
    flags = [] if bidder else ["Pricing!D3: the bidder's company name is empty"]
    lines = _lines(sheet, packet, facts or {}, problems, flags)
    if not lines and not problems:
        problems.append(f"Pricing!{COL['Unit price (USD)']}{HEADER_ROW + 1}: no line has a "
                        "unit price; a bid prices every line of at least one lot")
    tiers = _tiers(book["Volume tiers"], {x.line for x in lines},
                   {x.line for x in packet.lot_lines}, problems)
    return BidWorkbook(ref, bidder, tuple(lines), tuple(tiers), tuple(problems), tuple(flags))


def _open(path: Path) -> Workbook:
    try:
        return load_workbook(path, data_only=False)
    except FileNotFoundError as error:
        raise UserError(f"{path}: no such file") from error
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UserError(f"{path}: not an Excel workbook (.xlsx) that can be read "
                        f"({error.__class__.__name__}); return the pricing form as .xlsx"
                        ) from error


def issued_book(packet: BidPacket) -> Workbook:
    """The form as issued, saved and read back so its values look like a returned file's."""
    book, _rows = pricing_book(packet)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer, data_only=False)


def _alterations(book: Workbook, packet: BidPacket) -> list[str]:
    expected = issued_book(packet)
    found: list[str] = []
    form, issued_form = book["_form"], expected["_form"]
    for row, name in FORM_ROWS.items():
        if not _same(form.cell(row, 2).value, issued_form.cell(row, 2).value):
            found.append(f"_form!B{row}: the form's {name} is "
                         f"'{_text(form.cell(row, 2).value)}', not "
                         f"'{_text(issued_form.cell(row, 2).value)}' as issued"
                         + (f" (form version {FORM_VERSION})" if name == "version" else ""))
    for name in LOCKED_SHEETS:
        found += _sheet_alterations(book[name], expected[name],
                                    HEADER_ROW if name == "Pricing" else 1)
    if len(found) > MAX_ALTERATIONS:
        more = len(found) - MAX_ALTERATIONS
        found = [*found[:MAX_ALTERATIONS], f"… and {more} more locked cells changed"]
    return found


def _sheet_alterations(got: Worksheet, want: Worksheet, first_row: int) -> list[str]:
    found = []
    rows = max(got.max_row, want.max_row)
    columns = max(got.max_column, want.max_column)
    for row in range(first_row, rows + 1):
        for column in range(1, columns + 1):
            expected = want.cell(row, column)
            if expected.protection is not None and not expected.protection.locked:
                continue  # a yellow cell: the vendor's to fill
            value, issued = got.cell(row, column).value, expected.value
            if _same(value, issued):
                continue
            where = f"{got.title}!{get_column_letter(column)}{row}"
            what = IDENTITY.get(get_column_letter(column)) if got.title == "Pricing" else None
            if what and row > HEADER_ROW:
                found.append(f"{where}: {what} '{_text(value)}' is not the issued "
                             f"'{_text(issued)}' (rows must not be added, removed, reordered "
                             "or changed)")
            elif issued in (None, ""):
                found.append(f"{where}: '{_text(value)}' typed outside the form's cells")
            else:
                found.append(f"{where}: locked cell changed to '{_text(value)}' (issued: "
                             f"'{_text(issued)}')")
    return found


def _same(value: Any, issued: Any) -> bool:
    if value in (None, "") or issued in (None, ""):
        return value in (None, "") and issued in (None, "")
    if isinstance(issued, int | float | Decimal) and not isinstance(issued, bool):
        try:
            return Decimal(str(value)) == Decimal(str(issued))
        except ArithmeticError:
            return False
    if isinstance(issued, str) and issued.startswith("="):
        # Spreadsheet programs re-space and re-case formulas when they save.
        return "".join(str(value).split()).upper() == "".join(issued.split()).upper()
    return _text(value) == _text(issued)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _lines(sheet: Worksheet, packet: BidPacket, facts: Mapping[str, LineFacts],
           problems: list[str], flags: list[str]) -> list[ParsedLine]:
    parsed: list[ParsedLine] = []
    unpriced: dict[int, list[tuple[int, LotItemDTO]]] = {}
    priced_lots: set[int] = set()
    u, p = COL["Unit price (USD)"], COL["Ineligible part of unit price"]
    m, n = COL["Manufacturer"], COL["Part number"]
    row = HEADER_ROW
    for lot in packet.lots:
        for item in lot.items:
            row += 1
            raw = sheet[f"{u}{row}"].value
            if _text(raw) == "":
                unpriced.setdefault(lot.number, []).append((row, item))
                continue
            priced_lots.add(lot.number)
            price, why = price_problem(raw, "unit price")
            if price is None:
                problems.append(f"Pricing!{u}{row}: {why}")
                continue
            part_raw = sheet[f"{p}{row}"].value
            part = Decimal(0)
            if _text(part_raw) != "":
                value, why = price_problem(part_raw, "ineligible part", allow_zero=True)
                if value is None:
                    problems.append(f"Pricing!{p}{row}: {why}")
                    continue
                if value > price:
                    problems.append(f"Pricing!{p}{row}: the ineligible part is more than the "
                                    "unit price")
                    continue
                part = value
            maker, model = _text(sheet[f"{m}{row}"].value), _text(sheet[f"{n}{row}"].value)
            fact = facts.get(item.item_code, LineFacts())
            if needs_make_model(item.unit, fact.category):
                label = f"line {item.line} ({item.item_code or item.description[:30]})"
                if not maker:
                    flags.append(f"Pricing!{m}{row}: {label}: no manufacturer (equipment "
                                 "lines name the make and model)")
                if not model:
                    flags.append(f"Pricing!{n}{row}: {label}: no part number (equipment "
                                 "lines name the make and model)")
            swap = substitution(fact.brand, maker)
            parsed.append(ParsedLine(
                item.line, item.item_code, row, maker, model, price,
                ineligible_unit(item.erate_category, price, part),
                extended(item.quantity, price), swap is not None,
                f"Pricing!{m}{row}: {swap.note}" if swap else ""))
    for number in sorted(priced_lots & set(unpriced)):
        for row, item in unpriced[number]:
            flags.append(f"Pricing!{u}{row}: lot {number} is bid but line {item.line} has no "
                         "unit price (a lot bid on prices every one of its lines)")
    return parsed


def _tiers(sheet: Worksheet, priced: set[str], issued: set[str],
           problems: list[str]) -> list[ParsedTier]:
    tiers: list[ParsedTier] = []
    for row in range(2, max(sheet.max_row, TIER_ROWS + 1) + 1):
        line, qty, price = (sheet.cell(row, c).value for c in (1, 2, 3))
        if all(_text(v) == "" for v in (line, qty, price)):
            continue
        where = f"Volume tiers!{{}}{row}"
        key = _text(line)
        if isinstance(line, float) and line.is_integer():
            key = str(int(line))
        if key not in issued:
            problems.append(f"{where.format('A')}: '{key}' is not a line of the form "
                            "(write it as on the Pricing sheet, e.g. 1.2)")
            continue
        if key not in priced:
            problems.append(f"{where.format('A')}: line {key} has no unit price on the "
                            "Pricing sheet, so it cannot have a volume tier")
            continue
        if isinstance(qty, bool) or not isinstance(qty, int | float) or qty <= 0:
            problems.append(f"{where.format('B')}: minimum quantity '{_text(qty)}' is not a "
                            "number more than 0")
            continue
        value, why = price_problem(price, "unit price")
        if value is None:
            problems.append(f"{where.format('C')}: {why}")
            continue
        tiers.append(ParsedTier(key, row, Decimal(str(qty)), value))
    return tiers
