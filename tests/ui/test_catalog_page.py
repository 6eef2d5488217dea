"""The Catalog page through its widgets: the state adds, edits, retires and imports items;
a region sees the list read-only."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from app.models.db import Store
from app.services.catalog import list_items
from app.ui.main_window import MainWindow
from app.ui.pages.catalog import CatalogPage


def open_catalog(qtbot, store: Store, make_context) -> CatalogPage:  # noqa: ANN001
    window = MainWindow(make_context(store))
    qtbot.addWidget(window)
    window.show()
    window.show_page_of(CatalogPage)
    page = window.current_page()
    assert isinstance(page, CatalogPage)
    return page


def stored(store: Store) -> dict:
    with store.session() as session:
        return {r.code: r for r in list_items(session, include_inactive=True)}


def shown_codes(page: CatalogPage) -> list[str]:
    return [r.code for r in page.table.proxy.visible_rows()]


def test_the_state_adds_edits_and_retires(qtbot, sqlite_state: Store,  # noqa: ANN001
                                          make_context) -> None:  # noqa: ANN001
    page = open_catalog(qtbot, sqlite_state, make_context)
    assert page.add_button.isVisible() and page.import_button.isVisible()
    assert "reach the regions" in page.note.text()
    changes: list[str] = []
    page.ctx.events.data_changed.connect(changes.append)

    dialog = page.add_item()
    dialog.form.set_values({"code": "vr-headset", "name": "VR headset",
                            "category": "DEVICES", "erate_category": "ineligible",
                            "reference_price": "", "brand": "Meta"})
    assert not dialog.try_save()  # the price is required: said under its field
    assert "required" in dialog.form.error_text("reference_price")
    dialog.form.set_values({"reference_price": "399"})
    assert dialog.try_save()
    assert changes == ["catalog"]
    assert page.current_code() == "VR-HEADSET"
    assert "Brand: Meta or equivalent." in page.spec_label.text()

    edit = page.edit_selected()
    assert edit is not None and not edit.form.inputs["code"].isEnabled()
    edit.form.set_values({"reference_price": "379.99", "spec": "Standalone, 128 GB"})
    assert edit.try_save()
    assert stored(sqlite_state)["VR-HEADSET"].reference_price == Decimal("379.99")
    assert "Standalone, 128 GB. Brand: Meta or equivalent." in page.spec_label.text()

    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert stored(sqlite_state)["VR-HEADSET"].retired
    assert "VR-HEADSET" not in shown_codes(page)
    page.show_retired.setChecked(True)
    assert page.select_item("VR-HEADSET")
    assert page.retire_button.text() == "Offer a&gain"
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    assert not stored(sqlite_state)["VR-HEADSET"].retired

    page.table.filter_edit.setText("headset")
    assert shown_codes(page) == ["VR-HEADSET"]


def test_import_shows_every_change_before_applying(qtbot, sqlite_state: Store,  # noqa: ANN001
                                                   make_context, tmp_path: Path) -> None:  # noqa: ANN001
    page = open_catalog(qtbot, sqlite_state, make_context)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,reference_price\nCB-STU-116,lots\n", encoding="utf-8")
    page.choose_and_import(str(bad))
    dialog = page.import_dialog
    assert not dialog.apply_button.isEnabled()
    [problem] = dialog.table.model.rows()
    assert (problem.row, problem.code, problem.field) == (2, "CB-STU-116", "reference_price")
    dialog.reject()

    good = tmp_path / "prices.csv"
    good.write_text("code,reference_price,brand\nCB-STU-116,279,Acer\n", encoding="utf-8")
    page.choose_and_import(str(good))
    dialog = page.import_dialog
    lines = {(r.field, r.old, r.new) for r in dialog.table.model.rows()}
    assert lines == {("Reference price", "285.00", "279.00"), ("Brand", "", "Acer")}
    assert stored(sqlite_state)["CB-STU-116"].reference_price == Decimal("285.00")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.applied is not None
    assert stored(sqlite_state)["CB-STU-116"].brand == "Acer"


def test_a_region_sees_the_catalog_read_only(qtbot, sqlite_region4: Store,  # noqa: ANN001
                                             make_context, tmp_path: Path) -> None:  # noqa: ANN001
    page = open_catalog(qtbot, sqlite_region4, make_context)
    assert "read-only" in page.note.text()
    assert not any(b.isVisible() for b in (page.add_button, page.edit_button,
                                           page.retire_button, page.import_button))
    assert len(shown_codes(page)) == 60
    assert page.select_item("CB-STU-116")
    assert page.edit_selected() is None
    assert page.export_button.isVisible()
    assert page.export_to(str(tmp_path / "catalog.csv")) == 60
    assert "60 catalog items written" in page.note.text()


def test_a_retired_item_leaves_the_needs_picker_but_not_procurement_planning(
        qtbot, sqlite_state: Store, make_context) -> None:  # noqa: ANN001
    from app.services.catalog import set_item_retired
    from app.ui.pages.needs import NeedsPage
    from app.ui.pages.procurements import CreateProcurementDialog

    with sqlite_state.transaction() as session:
        set_item_retired(session, "CB-STU-116", True)
    window = MainWindow(make_context(sqlite_state))
    qtbot.addWidget(window)
    window.show()
    needs = window.show_page_of(NeedsPage)
    assert isinstance(needs, NeedsPage)
    needs.entry.select_member("920", focus=False)
    assert "CB-STU-116" not in needs.entry.model.item_names()
    assert "CB-STU-122" in needs.entry.model.item_names()
    dialog = CreateProcurementDialog(needs.ctx, window)
    qtbot.addWidget(dialog)
    labels = [dialog.item_list.item(i).text() for i in range(dialog.item_list.count())]
    assert any(t.startswith("CB-STU-116 — ") and t.endswith("(retired)") for t in labels)
