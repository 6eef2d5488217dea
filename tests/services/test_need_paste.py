"""Rows pasted from Excel: header or grid order, item by name, good rows kept, bad ones named."""

from __future__ import annotations

from decimal import Decimal

from app.models.db import Store
from app.services.catalog import list_items
from app.services.need_paste import (
    create_pasted,
    matching_items,
    parse_paste,
    pasted_summary,
    resolve_item,
    split_cells,
)
from app.services.needs import list_needs

ITEMS = {"CB-STU-116": "Student Chromebook 11.6in", "LT-STF-14": "Staff laptop 14in"}


def test_split_cells_handles_excel_quoting() -> None:
    text = 'a\t"two\nlines"\tc\r\n\r\nd\te\tf\r\n'
    assert split_cells(text) == [["a", "two\nlines", "c"], ["d", "e", "f"]]


def test_resolve_item_by_code_completion_or_name() -> None:
    assert resolve_item("cb-stu-116", ITEMS) == "CB-STU-116"
    assert resolve_item("LT-STF-14 — Staff laptop 14in", ITEMS) == "LT-STF-14"
    assert resolve_item("staff LAPTOP 14in", ITEMS) == "LT-STF-14"
    assert resolve_item("Laptop", ITEMS) == "Laptop"
    assert resolve_item("  ", ITEMS) == ""


def test_header_row_with_aliases_and_any_order() -> None:
    pasted = parse_paste("Qty\tItem code\tFY\tNotes\n5\tcb-stu-116\t2026\tlab\n", "920",
                         ITEMS)
    assert pasted.has_header
    assert pasted.rows == [(2, {"quantity": "5", "item": "CB-STU-116",
                                "funding_year": "2026", "notes": "lab", "member": "920"})]


def test_without_header_columns_follow_the_grid() -> None:
    pasted = parse_paste("CB-STU-116\t\t10\n\tCart\t2\teach\t99.50\n", "920")
    assert not pasted.has_header
    assert [n for n, _ in pasted.rows] == [1, 2]
    assert pasted.rows[1][1] == {"description": "Cart", "quantity": "2", "unit": "each",
                                 "unit_price": "99.50", "member": "920"}


def test_other_member_and_extra_cells_are_errors() -> None:
    pasted = parse_paste("member\titem\tqty\n320\tCB-STU-116\t4\n920\tCB-STU-116\t4\n", "920")
    assert [(e.row, e.field) for e in pasted.errors] == [(2, "member")]
    assert len(pasted.rows) == 1
    extra = parse_paste("item\tqty\nCB-STU-116\t4\tsurprise\n", "920")
    assert extra.errors[0].field == "columns" and not extra.rows


def test_good_rows_kept_bad_rows_named(region3_store: Store) -> None:
    with region3_store.session() as session:
        items = {i.code: i.name for i in list_items(session)}
    text = "item\tquantity\tunit price\nCB-STU-116\t10\t\nCB-STU-116\tabc\t\n" \
           "LT-STF-14\t3\t1000\n"
    pasted = parse_paste(text, "920", items)
    with region3_store.transaction() as session:
        result = create_pasted(session, pasted)
    assert len(result.created) == 2
    assert [(e.row, e.field) for e in result.errors] == [(3, "quantity")]
    assert result.bad_rows == [3]
    assert pasted_summary(result) == "Pasted 2 lines; 1 row not entered (row 3)."
    with region3_store.session() as session:
        lines = list_needs(session, member_code="920")
    assert sorted(line.quantity for line in lines) == [Decimal(3), Decimal(10)]


def test_matching_items_by_any_words_of_code_or_name() -> None:
    items = ITEMS | {"IFP-65": "Interactive flat panel 65in",
                     "IFP-75": "Interactive flat panel 75in",
                     "DOC-CAM-4K": "Document camera, USB, 4K"}
    assert matching_items("75 panel", items) == ["IFP-75"]
    assert matching_items("interactive", items) == ["IFP-65", "IFP-75"]
    assert matching_items("cam 4k", items) == ["DOC-CAM-4K"]
    assert matching_items("stf", items) == ["LT-STF-14"]
    assert matching_items("14", items) == ["LT-STF-14"]  # the code and the name hold it
    assert matching_items("IFP-65 — Interactive flat panel 65in", items) == ["IFP-65"]
    assert matching_items("laptop 99", items) == []
    assert matching_items(" ", items) == []
