"""Spreadsheets in and out: the needs template, needs import/export and members import."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.errors import UserError, ValidationError
from app.models import AuditEntry, Member, Need
from app.models.db import Store
from app.models.portable import content_hash, portable_fields
from app.services import reference_data
from app.services.needs import create_need, list_needs, set_status
from app.services.tabular import ImportReport, read_table
from app.services.tabular_members import import_members
from app.services.tabular_needs import export_needs, import_needs, write_needs_template

HEADER = ["member", "item", "description", "quantity", "unit", "unit_price", "funding_year"]
GOOD = [["920", "CB-STU-116", "", "1,200", "", "", "2026"],
        ["920", "", "Charging cart, 36 bays", "4", "each", "1899.99", ""]]
INJECTION = "=cmd|' /C calc'!A0"


def write_rows(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *rows])
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Needs"
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
    return path


def counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        return (int(session.scalar(select(func.count()).select_from(Need)) or 0),
                int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0))


def run_import(store: Store, path: Path, **options: bool) -> ImportReport:
    with store.transaction() as session:
        return import_needs(session, path, **options)


def needs(store: Store) -> list:
    with store.session() as session:
        return list_needs(session)


def test_template_round_trip(region3_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "wake.xlsx"
    with region3_store.session() as session:
        write_needs_template(session, out, member_code="920")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Needs", "Instructions", "Catalog", "Lists"]
    sheet = book["Needs"]
    assert [c.value for c in sheet[1]] == ["member", "item", "description", "quantity", "unit",
                                           "unit_price", "funding_year", "needed_by",
                                           "funding_sources", "current_vendor",
                                           "preferred_vendor", "notes"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "920" and sheet["A201"].value == "920"
    assert book["Lists"].sheet_state == "hidden"
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert ranges["B2"].startswith("=Lists!$A$2") and "A2" in ranges  # items and members
    instructions = " ".join(str(c) for row in book["Instructions"].iter_rows(values_only=True)
                            for c in row if c)
    assert "2025, 2026" in instructions and "erate" in instructions
    catalog = list(book["Catalog"].iter_rows(values_only=True))
    assert catalog[0] == ("code", "name", "unit", "erate_category", "reference_price")
    sheet["B2"], sheet["D2"], sheet["I2"], sheet["H2"] = "CB-STU-116", "1,200", "E-rate; local", \
        "2026-07-01"
    sheet["C3"], sheet["D3"], sheet["E3"], sheet["F3"] = "Charging cart", 4, "each", 1899.99
    book.save(out)

    report = run_import(region3_store, out)

    assert (report.rows_read, report.added, report.errors) == (2, 2, [])
    lines = {r.description: r for r in needs(region3_store)}
    chromebook = lines['Student Chromebook 11.6", education build']
    assert chromebook.quantity == 1200 and chromebook.unit_price == Decimal("285.00")
    assert chromebook.funding_sources == ("erate", "local")
    assert str(chromebook.needed_by) == "2026-07-01" and chromebook.funding_year == 2026
    assert lines["Charging cart"].unit_price == Decimal("1899.99")


def test_bulk_rows_hash_like_the_orm(region3_store: Store, tmp_path: Path) -> None:
    run_import(region3_store, write_rows(tmp_path / "n.csv", HEADER, GOOD))
    with region3_store.session() as session:
        for need in session.scalars(select(Need)):
            assert need.content_hash == content_hash(portable_fields(need))
            assert need.owner == "region:3" and need.version == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_header_tolerance_and_text_cells(region3_store: Store, tmp_path: Path,
                                         suffix: str) -> None:
    path = write_rows(tmp_path / f"n{suffix}",
                      ["Member Code", "ITEM-CODE", "Description", " QTY ", "Unit",
                       "Unit Price", "FY", "notes"],
                      [["920", "", "Cable tester", "2", "each", "$1,250.00", "2026", "010"],
                       [None] * 8,
                       ["920", "CB-STU-116", "", "5", "", "", "", ""]])
    rows = read_table(path)
    assert [n for n, _ in rows] == [2, 4]  # the blank row 3 is skipped, numbering kept
    assert rows[0][1]["quantity"] == "2" and rows[0][1]["notes"] == "010"
    assert rows[1][1]["description"] is None
    assert run_import(region3_store, path).added == 2
    tester = next(r for r in needs(region3_store) if r.description == "Cable tester")
    assert tester.unit_price == Decimal("1250.00") and tester.notes == "010"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_one_bad_row_stops_the_file(region3_store: Store, tmp_path: Path, suffix: str) -> None:
    path = write_rows(tmp_path / f"n{suffix}", HEADER,
                      [GOOD[0], ["920", "", "Hotspot", "abc", "each", "99", ""], GOOD[1]])
    before = counts(region3_store)
    with pytest.raises(ValidationError) as caught:
        run_import(region3_store, path)
    [error] = caught.value.errors
    assert (error.row, error.field) == (3, "quantity")
    assert "'abc' is not a number" in str(caught.value) and str(path) in str(caught.value)
    assert "member 920" in str(caught.value)
    assert counts(region3_store) == before


def test_every_bad_row_is_listed(region3_store: Store, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "n.csv", HEADER,
                      [["920", "NOPE-1", "", "1", "", "", ""],
                       ["999", "", "x", "1", "each", "1", ""],
                       ["920", "", "", "0", "each", "1", "1999"]])
    with pytest.raises(ValidationError) as caught:
        run_import(region3_store, path)
    found = {(e.row, e.field) for e in caught.value.errors}
    assert {(2, "item"), (3, "member"), (4, "description"), (4, "quantity"),
            (4, "funding_year")} <= found


def test_skip_bad_imports_the_good_rows(region3_store: Store, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "n.csv", HEADER,
                      [GOOD[0], ["920", "", "Hotspot", "abc", "each", "99", ""], GOOD[1]])
    report = run_import(region3_store, path, skip_bad=True)
    assert (report.added, report.bad_rows) == (2, 1)
    assert report.errors[0].row == 3
    assert "1 bad row skipped" in report.summary()
    assert len(needs(region3_store)) == 2


def test_dry_run_changes_nothing(region3_store: Store, tmp_path: Path) -> None:
    before = counts(region3_store)
    report = run_import(region3_store, write_rows(tmp_path / "n.xlsx", HEADER, GOOD),
                        dry_run=True)
    assert report.added == 2 and report.dry_run and "would be added" in report.summary()
    assert counts(region3_store) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_reimport(region3_store: Store, tmp_path: Path, suffix: str) -> None:
    run_import(region3_store, write_rows(tmp_path / "n.csv", HEADER, GOOD))
    with region3_store.transaction() as session:
        create_need(session, {"member": "920", "description": "Label maker", "quantity": "1",
                              "unit": "each", "unit_price": "40", "notes": INJECTION,
                              "needed_by": "2026-08-15", "funding_sources": "local"})
    out = tmp_path / f"export{suffix}"
    with region3_store.session() as session:
        assert export_needs(session, out, region=3) == 3
    before = counts(region3_store)

    report = run_import(region3_store, out)

    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
    assert counts(region3_store) == before


def test_edited_export_cell_updates_one_line(region3_store: Store, tmp_path: Path) -> None:
    run_import(region3_store, write_rows(tmp_path / "n.csv", HEADER, GOOD))
    first = needs(region3_store)[0]
    with region3_store.transaction() as session:
        set_status(session, first.uid, "confirmed", by="Dr. Member")
    out = tmp_path / "export.xlsx"
    with region3_store.session() as session:
        export_needs(session, out)
    book = openpyxl.load_workbook(out)
    sheet = book["Needs"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == first.uid)
    row[header.index("quantity")].value = 1500
    book.save(out)

    report = run_import(region3_store, out)

    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    line = next(r for r in needs(region3_store) if r.uid == first.uid)
    assert line.quantity == 1500 and line.version == first.version + 2
    assert line.status == "draft"  # the member signed for 1,200: it must confirm again


def test_export_neutralises_formulas(region3_store: Store, tmp_path: Path) -> None:
    with region3_store.transaction() as session:
        create_need(session, {"member": "920", "description": "+1 spare", "quantity": "1",
                              "unit": "each", "unit_price": "5", "notes": INJECTION})
    with region3_store.session() as session:
        export_needs(session, tmp_path / "e.csv")
        export_needs(session, tmp_path / "e.xlsx")
    text = (tmp_path / "e.csv").read_text(encoding="utf-8-sig")
    assert f"'{INJECTION}" in text and ",'+1 spare," in text
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx")["Needs"]
    header = [c.value for c in sheet[1]]
    notes = sheet.cell(2, header.index("notes") + 1)
    assert notes.value == f"'{INJECTION}" and notes.data_type == "s"
    price = sheet.cell(2, header.index("unit_price") + 1)
    assert price.value == 5 and price.number_format == "#,##0.00"


def test_other_regions_member_is_refused_by_name(region3_store: Store, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "n.csv", HEADER,
                      [GOOD[0], ["530", "CB-STU-116", "", "10", "", "", ""]])
    with pytest.raises(ValidationError, match="no member with code '530'"):
        run_import(region3_store, path)
    with region3_store.transaction() as session:  # Lee arrives, e.g. in a state bundle
        reference_data.load_members(session, 4)
    before = counts(region3_store)
    with pytest.raises(ValidationError) as caught:
        run_import(region3_store, path)
    [error] = caught.value.errors
    assert error.row == 3 and error.field == "member"
    assert "530 Lee County Schools belongs to Region 4" in str(error)
    assert counts(region3_store) == before


def test_update_rules(region3_store: Store, tmp_path: Path) -> None:
    run_import(region3_store, write_rows(tmp_path / "n.csv", HEADER, GOOD))
    first, second = needs(region3_store)
    with region3_store.transaction() as session:
        set_status(session, second.uid, "withdrawn")
    path = write_rows(tmp_path / "u.csv", ["uid", "member", "quantity"],
                      [[first.uid, "910", "5"], [second.uid, "920", "9"],
                       [first.uid, "920", "7"]])
    with pytest.raises(ValidationError) as caught:
        run_import(region3_store, path)
    messages = {(e.row, e.field): e.message for e in caught.value.errors}
    assert "cannot be changed" in messages[(2, "member")]
    assert "withdrawn" in messages[(3, "status")]
    assert "also on row 2" in messages[(4, "uid")]


@pytest.mark.parametrize("content,expected", [
    ("member,qty,colour\n920,1,red\n", "unknown column 'colour'"),
    ("member,qty,quantity\n920,1,1\n", "both mean 'quantity'"),
    ("member,,qty\n920,x,1\n", "column B has values but no header"),
    ("", "empty"),
])
def test_header_errors(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=expected) as caught:
        read_table(path)
    assert str(path) in str(caught.value)


def test_unreadable_files(tmp_path: Path) -> None:
    text = tmp_path / "needs.txt"
    text.write_text("member\n920\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"needs\.txt: cannot read '\.txt' files"):
        read_table(text)
    with pytest.raises(UserError, match=r"missing\.xlsx: file not found"):
        read_table(tmp_path / "missing.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UserError, match=r"broken\.xlsx: not a readable XLSX file"):
        read_table(broken)


def test_cp1252_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("member,description,qty\n920,Caf\xe9 kiosk,1\n".encode("cp1252"))
    assert read_table(path)[0][1]["description"] == "Café kiosk"


def test_template_and_export_refuse_bad_targets(region3_store: Store, tmp_path: Path) -> None:
    with region3_store.session() as session:
        with pytest.raises(UserError, match="cannot write '.pdf'"):
            write_needs_template(session, tmp_path / "t.pdf")
        with pytest.raises(UserError, match="does not exist"):
            export_needs(session, tmp_path / "nowhere" / "e.csv")
        with pytest.raises(UserError, match="No member with code '999'"):
            export_needs(session, tmp_path / "e.csv", member_code="999")
        write_needs_template(session, tmp_path / "t.csv", member_code="920")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").startswith("member,item,")


# --- members -------------------------------------------------------------------------------

CHARTER_HEADER = ["code", "name", "county", "region", "students", "nslp_eligible"]


def member_import(store: Store, path: Path, **options: bool) -> ImportReport:
    with store.transaction() as session:
        return import_members(session, path, **options)


def test_members_import_creates_then_updates(region3_store: Store, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "charters.csv", CHARTER_HEADER,
                      [["92Z", "Sterling Montessori Academy", "Wake", "3", "850", "170"]])
    assert member_import(region3_store, path).added == 1
    with region3_store.session() as session:
        member = session.scalar(select(Member).where(Member.code == "92Z"))
        assert member is not None
        assert (member.kind, member.county, member.region, member.students,
                member.nslp_eligible, member.owner) == ("charter", "Wake", 3, 850, 170,
                                                       "region:3")
    assert member_import(region3_store, path).unchanged == 1
    path = write_rows(tmp_path / "counts.xlsx", ["Code", "Students", "NSLP Eligible", "Name"],
                      [["92Z", 900, 200, None], ["920", "", "", ""]])
    report = member_import(region3_store, path)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    with region3_store.session() as session:
        member = session.scalar(select(Member).where(Member.code == "92Z"))
        assert member is not None and (member.students, member.nslp_eligible) == (900, 200)
        assert member.name == "Sterling Montessori Academy" and member.version == 2


def test_members_import_refuses_bad_rows(region3_store: Store, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "m.csv", CHARTER_HEADER,
                      [["93Z", "Good Charter", "Wake", "3", "100", "10"],
                       ["94Q", "Other Region Charter", "Lee", "4", "", ""],
                       ["95Q", "No Region", "Wake", "", "", ""],
                       ["920", "", "", "4", "", ""],
                       ["96Q", "Too Many", "Wake", "3", "10", "20"]])
    with pytest.raises(ValidationError) as caught:
        member_import(region3_store, path)
    found = {(e.row, e.field) for e in caught.value.errors}
    assert found == {(3, "region"), (4, "region"), (5, "region"), (6, "nslp_eligible")}
    assert "cannot add a member of Region 4" in str(caught.value)
    report = member_import(region3_store, path, skip_bad=True)
    assert (report.added, report.bad_rows) == (1, 4)
