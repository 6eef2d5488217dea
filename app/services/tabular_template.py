"""The needs template workbook: a "Needs" sheet to fill in, with drop-downs fed from a hidden
"Lists" sheet, an "Instructions" sheet and the "Catalog" to pick items from."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import FUNDING_SOURCES, CatalogItem, FundingYear, Member
from app.services.needs import default_funding_year
from app.services.scope import current_identity
from app.services.spreadsheet_write import fill_sheet, neutralise, put
from app.services.tabular import NEED_INPUT_COLUMNS

TEMPLATE_ROWS = 200
COMMON_UNITS = ("each", "license", "lot", "month", "year", "set", "hour")
NEEDS_WIDTHS = {"member": 10, "item": 18, "description": 40, "quantity": 10, "unit": 10,
                "unit_price": 12, "funding_year": 13, "needed_by": 12, "funding_sources": 18,
                "current_vendor": 22, "preferred_vendor": 22, "notes": 40}
COLUMN_HELP = (
    ("member", "yes", "Member code: three digits for an LEA (920), two digits and a letter "
                      "for a charter (32A)."),
    ("item", "no", "Catalog item code (see the Catalog sheet). Leave blank for an item that "
                   "is not in the catalog and describe it instead."),
    ("description", "if no item", "What is needed. Left blank, the catalog name is used."),
    ("quantity", "yes", "How many, a number greater than zero (1200 or 1,200)."),
    ("unit", "if no item", "each, license, year ... Left blank, the catalog unit is used."),
    ("unit_price", "if no item", "Estimated price of one unit in dollars. Left blank, the "
                                 "catalog reference price is used."),
    ("funding_year", "no", "E-rate funding year, e.g. 2026. Left blank, the current "
                           "funding year is used."),
    ("needed_by", "no", "Date needed, written YYYY-MM-DD (2026-07-01)."),
    ("funding_sources", "no", "How it will be paid: erate, federal, state, local; several "
                              "separated by commas (erate,local)."),
    ("current_vendor", "no", "Who supplies it today."),
    ("preferred_vendor", "no", "Vendor the member would like to keep, if any."),
    ("notes", "no", "Anything the coordinator should know."),
)


def build_template(session: Session, member: Member | None) -> Workbook:
    """The template workbook; `member` pre-fills the member column of every row."""
    book = Workbook()
    needs = book.active
    assert needs is not None
    needs.title = "Needs"
    prefill = [[member.code] + [None] * (len(NEED_INPUT_COLUMNS) - 1)
               for _ in range(TEMPLATE_ROWS)] if member else []
    fill_sheet(needs, NEED_INPUT_COLUMNS, prefill, NEEDS_WIDTHS)
    for row in range(2, TEMPLATE_ROWS + 2):
        # Text cells: a typed 920 must stay "920" to match the drop-down list (and 010 keep
        # its zero) instead of becoming a number.
        for name in ("member", "item"):
            needs.cell(row, NEED_INPUT_COLUMNS.index(name) + 1).number_format = "@"
    items = list(session.scalars(select(CatalogItem).where(
        CatalogItem.deleted.is_(False), CatalogItem.active.is_(True)).order_by(CatalogItem.code)))
    years = list(session.scalars(select(FundingYear.year).where(
        FundingYear.deleted.is_(False)).order_by(FundingYear.year)))
    _instructions(book.create_sheet("Instructions"), session, years, member)
    fill_sheet(book.create_sheet("Catalog"),
               ("code", "name", "unit", "erate_category", "reference_price"),
               [(i.code, i.name, i.unit, i.erate_category, i.reference_price) for i in items],
               {"name": 50})
    lists = book.create_sheet("Lists")
    columns = {
        "item": [i.code for i in items],
        "unit": sorted({i.unit for i in items} | set(COMMON_UNITS)),
        "funding_sources": list(FUNDING_SOURCES),
        "member": writable_member_codes(session),
        "funding_year": list(years),
    }
    for col, (name, values) in enumerate(columns.items(), start=1):
        lists.cell(1, col, name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            put(lists, row, col, value)
        _drop_down(needs, name, lists.title, col, len(values))
    lists.sheet_state = "hidden"
    return book


def _drop_down(needs: Worksheet, name: str, lists_title: str, list_col: int,
               count: int) -> None:
    """A list validation on the Needs column `name`. Units and sources only warn, since a
    free-text unit and "erate,local" combinations are allowed."""
    if not count:
        return
    letter = get_column_letter(list_col)
    strict = name in ("item", "member", "funding_year")
    validation = DataValidation(
        type="list", formula1=f"={lists_title}!${letter}$2:${letter}${count + 1}",
        allow_blank=True, showErrorMessage=True, errorStyle="stop" if strict else "warning",
        error=f"Use a {name.replace('_', ' ')} from the list (see the Instructions sheet).",
        errorTitle=name)
    target = get_column_letter(NEED_INPUT_COLUMNS.index(name) + 1)
    validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1000}")
    needs.add_data_validation(validation)


def _instructions(sheet: Worksheet, session: Session, years: Sequence[int],
                  member: Member | None) -> None:
    default = default_funding_year(session)
    intro = [
        "How to fill in the Needs sheet",
        "One row per thing needed. Keep the header row as it is; blank rows are ignored.",
        "Pick the item code from the Catalog sheet when the item is there: unit, unit price "
        "and description then come from the catalog when left blank.",
        f"Funding years known: {', '.join(str(y) for y in years) or 'none yet'}"
        + (f" (blank means {default})." if default else "."),
        "Dates: YYYY-MM-DD. Funding sources: erate, federal, state, local, comma-separated.",
    ]
    if member:
        intro.append(f"This sheet is for {member.code} {member.name}.")
    for line in intro:
        sheet.append([neutralise(line)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["column", "required", "what to enter"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in COLUMN_HELP:
        sheet.append(list(row))
        sheet.cell(sheet.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 90


def writable_member_codes(session: Session) -> list[str]:
    """Codes of the members this instance may enter needs for."""
    identity = current_identity(session)
    query = select(Member.code).where(Member.deleted.is_(False)).order_by(Member.code)
    if identity.role == "region":
        query = query.where(Member.region == identity.region)
    return list(session.scalars(query))
