"""The state keeps the catalog: add, edit, retire, offer again, import from a spreadsheet;
a retired item stays on the lines that have it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.errors import NotFoundError, UserError, ValidationError
from app.models.db import Store
from app.rules.catalog import brand_wording, printed_spec
from app.services.catalog import create_item, edit_item, list_items, set_item_retired
from app.services.demand import aggregate_demand
from app.services.needs import create_need, edit_need, list_needs
from app.services.tabular_catalog import export_catalog, import_catalog
from app.services.tabular_needs import export_needs, import_needs

HEADSET = {"code": "VR-HEADSET", "name": "VR headset", "category": "DEVICES",
           "unit": "each", "erate_category": "ineligible", "reference_price": "399.00",
           "spec": "Standalone headset, 128 GB", "brand": "Meta"}


def items(store: Store) -> dict[str, object]:
    with store.session() as session:
        return {r.code: r for r in list_items(session, include_inactive=True)}


@pytest.mark.parametrize("brand,wording", [
    ("Lenovo", "Lenovo or equivalent"), ("  Google   Chromebook ", "Google Chromebook or "
                                         "equivalent"),
    ("Apple iPad or equivalent", "Apple iPad or equivalent"), ("", ""),
    ("or equivalent", "")])
def test_brand_wording(brand: str, wording: str) -> None:
    assert brand_wording(brand) == wording


def test_printed_spec_puts_the_brand_after_the_requirement() -> None:
    assert printed_spec("Wi-Fi 6", "Cisco") == "Wi-Fi 6. Brand: Cisco or equivalent."
    assert printed_spec("Wi-Fi 6.", "") == "Wi-Fi 6."
    assert printed_spec("", "Cisco") == "Brand: Cisco or equivalent."


def test_every_field_is_added_and_edited(state_store: Store) -> None:
    with state_store.transaction() as session:
        create_item(session, HEADSET)
        edit_item(session, "vr-headset", {"name": "VR headset, standalone", "category":
                                          "DISPLAYS", "unit": "set", "erate_category": "C2",
                                          "reference_price": "379.99", "spec": "256 GB",
                                          "brand": "Pico"})
    row = items(state_store)["VR-HEADSET"]
    assert (row.name, row.category_code, row.unit, row.erate_category, row.reference_price,
            row.spec, row.brand, row.active) == (
        "VR headset, standalone", "DISPLAYS", "set", "C2", Decimal("379.99"), "256 GB",
        "Pico", True)
    assert row.printed_spec == "256 GB. Brand: Pico or equivalent."
    assert row.as_json()["brand"] == "Pico" and row.as_json()["retired"] is False


def test_edit_refuses_a_new_code_and_unknown_fields(state_store: Store) -> None:
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        edit_item(session, "CB-STU-116", {"code": "CB-NEW", "colour": "red"})
    assert set(caught.value.by_field()) == {"code", "colour"}
    with pytest.raises(NotFoundError), state_store.transaction() as session:
        edit_item(session, "NOPE", {"name": "x"})


def test_a_region_cannot_change_the_catalog(region3_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text("code,reference_price\nCB-STU-116,1\n", encoding="utf-8")
    for change in (lambda s: create_item(s, HEADSET),
                   lambda s: set_item_retired(s, "CB-STU-116", True),
                   lambda s: import_catalog(s, path)):
        with pytest.raises(UserError, match="kept by the state"), \
                region3_store.transaction() as session:
            change(session)
    assert items(region3_store)["CB-STU-116"].reference_price != Decimal(1)


def test_a_retired_item_stays_on_its_lines_and_in_demand(state_store: Store,
                                                          tmp_path: Path) -> None:
    with state_store.transaction() as session:
        line = create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "30"})
        result = set_item_retired(session, "CB-STU-116", True)
    assert result.changed and result.lines == 1 and result.item.retired
    with state_store.session() as session:
        assert "CB-STU-116" not in {r.code for r in list_items(session)}
        assert [n.item_code for n in list_needs(session, member_code="920")] == ["CB-STU-116"]
        demand = aggregate_demand(session, include_drafts=True, with_effort=False)
        assert "CB-STU-116" in {row.value("item") for row in demand.rows}
    # the line is still edited, and its export re-imports as is
    with state_store.transaction() as session:
        edit_need(session, line.uid, {"quantity": "40", "item": "CB-STU-116"})
        export_needs(session, tmp_path / "needs.xlsx", member_code="920")
        report = import_needs(session, tmp_path / "needs.xlsx")
        assert (report.updated, report.errors) == (0, [])
    # but no new line may pick it
    with pytest.raises(ValidationError, match="no longer offered"), \
            state_store.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "1"})
    with state_store.transaction() as session:
        assert not set_item_retired(session, "CB-STU-116", True).changed
        set_item_retired(session, "CB-STU-116", False)
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "1"})


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Catalog"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_previews_then_adds_and_updates(state_store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "catalog.xlsx", [
        ["Code", "Name", "Category", "Unit", "E-rate category", "Reference price", "Spec",
         "Brand", "Retired"],
        ["VR-HEADSET", "VR headset", "DEVICES", "each", "ineligible", 399, "128 GB", "Meta",
         None],
        ["CB-STU-116", None, None, None, None, 279.5, None, "Acer", None],
        ["CB-STU-122", None, None, None, None, None, None, None, "yes"],
        ["AP-LIC-1Y", None, None, None, None, "125.00", None, None, "no"],
    ])
    before = items(state_store)
    with state_store.transaction() as session:
        preview = import_catalog(session, path, dry_run=True)
    assert items(state_store) == before
    assert (preview.report.added, preview.report.updated, preview.report.unchanged) == (1, 2, 1)
    changes = {c.code: {f.field: (f.old, f.new) for f in c.fields} for c in preview.changes}
    assert changes["CB-STU-116"] == {"reference_price": ("285.00", "279.50"),
                                     "brand": ("", "Acer")}
    assert changes["CB-STU-122"] == {"active": ("offered", "retired")}
    assert changes["VR-HEADSET"]["brand"] == ("", "Meta")
    with state_store.transaction() as session:
        import_catalog(session, path)
    after = items(state_store)
    assert after["VR-HEADSET"].brand == "Meta" and after["VR-HEADSET"].spec == "128 GB"
    assert after["CB-STU-116"].reference_price == Decimal("279.50")
    assert after["CB-STU-116"].name == before["CB-STU-116"].name  # blank: left alone
    assert after["CB-STU-122"].retired


def test_a_bad_row_refuses_the_whole_file(state_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text("code,name,category,unit,erate_category,reference_price,retired\n"
                    "NEW-ONE,New,DEVICES,each,C2,10,\n"
                    "CB-STU-116,,,,,-5,\n"
                    "NEW-TWO,Two,NOPE,each,C9,,\n"
                    "AP-LIC-1Y,,,,,,maybe\n"
                    "NEW-ONE,Again,DEVICES,each,C2,10,\n", encoding="utf-8")
    before = items(state_store)
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        import_catalog(session, path)
    assert items(state_store) == before
    where = {(e.row, e.field) for e in caught.value.errors}
    assert where == {(3, "reference_price"), (4, "category"), (4, "erate_category"),
                     (4, "reference_price"), (5, "retired"), (6, "code")}
    assert str(path) in str(caught.value) and "nothing imported" in str(caught.value)
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("code,colour\nX,red\n", encoding="utf-8")
    with pytest.raises(UserError, match="unknown column 'colour'"), \
            state_store.transaction() as session:
        import_catalog(session, bad_header)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_export_imports_back_unchanged(state_store: Store, tmp_path: Path,
                                          suffix: str) -> None:
    with state_store.transaction() as session:
        create_item(session, {**HEADSET, "spec": "=cmd|' /C calc'!A0 looks like a formula"})
        set_item_retired(session, "CB-STU-116", True)
        out = tmp_path / f"catalog{suffix}"
        assert export_catalog(session, out) == 61
        result = import_catalog(session, out, dry_run=True)
    assert (result.report.updated, result.report.added, result.report.unchanged) == (0, 0, 61)
    with state_store.session() as session:
        assert export_catalog(session, tmp_path / f"offered{suffix}",
                              include_retired=False) == 60
