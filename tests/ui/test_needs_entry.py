"""The Needs page's member entry: keyboard-only entry, inline errors, undo/redo, paste."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from ui_samples import add_sample_data

from app.models.db import Store
from app.services.needs import list_needs
from app.ui.item_models.need_entry_model import ERROR_BRUSH
from app.ui.pages.needs import NeedsPage

Key = Qt.Key


@pytest.fixture
def page(qtbot, region3_store: Store, make_context) -> NeedsPage:  # noqa: ANN001
    add_sample_data(region3_store)
    needs = NeedsPage(make_context(region3_store))
    qtbot.addWidget(needs)
    needs.resize(1200, 700)
    needs.show()
    qtbot.waitExposed(needs)
    return needs


def focused():  # noqa: ANN201
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(qtbot, text: str) -> None:  # noqa: ANN001
    """Type into whatever has the focus, as a user would (an editor opens on the first key)."""
    for char in text:
        qtbot.keyClick(focused(), char)


def press(qtbot, key: Qt.Key, times: int = 1) -> None:  # noqa: ANN001
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def choose_member(qtbot, page: NeedsPage, text: str) -> None:  # noqa: ANN001
    page.entry.member_combo.setFocus()
    page.entry.member_combo.lineEdit().selectAll()
    type_keys(qtbot, text)
    press(qtbot, Key.Key_Return)


def lines(store: Store, code: str = "910"):  # noqa: ANN201
    with store.session() as session:
        return list_needs(session, member_code=code)


def test_three_lines_by_keyboard_then_undo_and_redo(qtbot, page: NeedsPage,  # noqa: ANN001
                                                    region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "910")
    assert entry.model.member_code == "910"
    assert entry.view.hasFocus()
    for item, qty in (("CB-STU-116", "30"), ("LT-STF-14", "4"), ("ACC-CASE-CB", "30")):
        type_keys(qtbot, item)
        press(qtbot, Key.Key_Tab, 2)  # item → description (from the catalog) → quantity
        type_keys(qtbot, qty)
        press(qtbot, Key.Key_Return)  # saved now; Enter moves on like Tab
        # unit, price, FY, sources, two vendors, notes: Enter through to the next line
        press(qtbot, Key.Key_Return, 7)
    saved = lines(region3_store)
    assert [(r.item_code, r.quantity) for r in saved] == [
        ("CB-STU-116", 30), ("LT-STF-14", 4), ("ACC-CASE-CB", 30)]
    assert all(r.unit_price > 0 and r.description for r in saved)
    assert entry.model.rowCount() == 4  # three lines and the blank one
    assert "3 lines" in entry.totals_label.text()

    entry.view.setFocus()
    qtbot.keyClick(entry.view, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.item_code for r in lines(region3_store) if r.status != "withdrawn"] == [
        "CB-STU-116", "LT-STF-14"]
    assert entry.model.rowCount() == 3
    qtbot.keyClick(entry.view, Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [r.status for r in lines(region3_store)] == ["draft"] * 3
    assert entry.model.rowCount() == 4


def test_bad_quantity_marks_the_cell_and_saves_nothing(qtbot, page: NeedsPage,  # noqa: ANN001
                                                       region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "warren")  # part of the name
    code = entry.model.member_code
    assert code == "930"
    type_keys(qtbot, "CB-STU-116")
    press(qtbot, Key.Key_Tab, 2)
    type_keys(qtbot, "lots")
    press(qtbot, Key.Key_Tab)
    assert lines(region3_store, code) == []
    cell = entry.model.index(entry.model.rowCount() - 1, entry.model.column_of("quantity"))
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert "not a number" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "Qty" in entry.message_label.text() and "not a number" in entry.message_label.text()
    qtbot.waitUntil(lambda: entry.view.currentIndex() == cell)
    assert cell.data(Qt.ItemDataRole.EditRole) == "lots"  # kept for fixing, not lost


def test_bad_edit_on_saved_line_is_kept_in_the_cell(qtbot, page: NeedsPage,  # noqa: ANN001
                                                    region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "320")
    qty = entry.model.index(0, entry.model.column_of("quantity"))
    assert not entry.model.setData(qty, "-5")
    assert qty.data(Qt.ItemDataRole.EditRole) == "-5"
    assert qty.data(Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert lines(region3_store, "320")[0].quantity == 45
    assert entry.model.setData(qty, "50")
    assert lines(region3_store, "320")[0].quantity == 50
    assert qty.data(Qt.ItemDataRole.BackgroundRole) != ERROR_BRUSH


def test_confirm_withdraw_totals_and_undo_of_edit(qtbot, page: NeedsPage,  # noqa: ANN001
                                                  region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "920")
    entry.view.setCurrentIndex(entry.model.index(0, 0))
    qtbot.keyClick(entry.view, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    first = lines(region3_store, "920")[0]
    assert first.status == "confirmed"
    assert "Confirmed:</b> $342,000.00" in entry.totals_label.text()
    qty = entry.model.index(0, entry.model.column_of("quantity"))
    assert entry.model.setData(qty, "1000")  # a signed figure: back to draft
    assert lines(region3_store, "920")[0].status == "draft"
    entry.actions_.stack.undo()
    restored = lines(region3_store, "920")[0]
    assert (restored.quantity, restored.status) == (Decimal(1200), "confirmed")
    entry.view.clearSelection()
    entry.view.setCurrentIndex(entry.model.index(1, 0))
    qtbot.keyClick(entry.view, Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert lines(region3_store, "920")[1].status == "withdrawn"
    assert entry.model.rowCount() == 2
    entry.show_withdrawn.setChecked(True)
    assert entry.model.rowCount() == 3


def test_paste_three_rows_one_bad(qtbot, page: NeedsPage, region3_store: Store) -> None:  # noqa: ANN001
    entry = page.entry
    choose_member(qtbot, page, "910")
    QGuiApplication.clipboard().setText(
        "Item\tQty\tNotes\nCB-STU-116\t25\tlab\nLT-STF-14\tmany\t\n"
        "document camera, usb, 4k\t2\tby name\n")
    entry.view.setFocus()
    qtbot.keyClick(entry.view, Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    saved = lines(region3_store)
    assert [(r.item_code, r.quantity, r.notes) for r in saved] == [
        ("CB-STU-116", 25, "lab"), ("DOC-CAM-4K", 2, "by name")]
    text = entry.message_label.text()
    assert "Pasted 2 lines; 1 row not entered (row 3)" in text
    assert "Row 3, Qty: 'many' is not a number" in text
    assert entry.model.rowCount() == 3
    entry.actions_.stack.undo()  # the paste is one step
    assert all(r.status == "withdrawn" for r in lines(region3_store))


def test_item_by_name_from_the_completion_list(qtbot, page: NeedsPage,  # noqa: ANN001
                                               region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "980")
    type_keys(qtbot, "document cam")
    popup = focused().completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)  # picks it and moves on, like Tab
    new_row = len(entry.model.lines)
    assert entry.model.pending == {"item": "DOC-CAM-4K"}
    description = entry.model.index(new_row, entry.model.column_of("description"))
    assert description.data() == "Document camera, USB, 4K"  # the catalog's, as a hint
    press(qtbot, Key.Key_Tab)
    type_keys(qtbot, "3")
    press(qtbot, Key.Key_Tab)
    assert [(r.item_code, r.quantity) for r in lines(region3_store, "980")][-1] == (
        "DOC-CAM-4K", 3)


def test_reopen_a_withdrawn_line(qtbot, page: NeedsPage, region3_store: Store) -> None:  # noqa: ANN001
    entry = page.entry
    choose_member(qtbot, page, "320")
    entry.view.setCurrentIndex(entry.model.index(0, 0))
    entry.withdraw_action.trigger()
    assert entry.model.rowCount() == 1
    entry.show_withdrawn.setChecked(True)
    entry.view.clearSelection()
    entry.view.setCurrentIndex(entry.model.index(0, 0))
    entry.confirm_action.trigger()  # refused politely: reopen first
    assert "reopen them first" in entry.message_label.text()
    entry.reopen_action.trigger()
    assert lines(region3_store, "320")[0].status == "draft"
