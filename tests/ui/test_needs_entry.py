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
    """Where a real key would go: an open completion list grabs the keyboard."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
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
    popup = page.entry.member_combo.completer().popup()
    # a real Enter goes to the completion list when it is open (and closes it)
    qtbot.keyClick(popup if popup.isVisible() else focused(), Key.Key_Return)
    assert not popup.isVisible()
    settle(qtbot, page)


def settle(qtbot, page: NeedsPage) -> None:  # noqa: ANN001
    """Offscreen, a completion list that was open takes the window's activation (and focus)
    a moment after it closes; X11 gives them back, so this does too."""
    focus = page.window().focusWidget()
    qtbot.wait(50)
    page.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    if focus is not None:
        focus.setFocus()


def lines(store: Store, code: str = "910"):  # noqa: ANN201
    with store.session() as session:
        return list_needs(session, member_code=code)


def editing(page: NeedsPage) -> tuple[int, str]:
    """The row and field of the open cell editor (the focus is in it)."""
    entry = page.entry
    assert entry.view.state() == entry.view.State.EditingState
    editor = QApplication.focusWidget()
    assert entry.view.isAncestorOf(editor) and editor is not entry.view
    current = entry.view.currentIndex()
    return current.row(), entry.model.field_at(current.column())


def test_three_lines_by_keyboard_then_undo_and_redo(qtbot, page: NeedsPage,  # noqa: ANN001
                                                    region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "910")
    assert entry.model.member_code == "910"
    assert entry.view.hasFocus()
    for row, (item, qty) in enumerate((("CB-STU-116", "30"), ("LT-STF-14", "4"),
                                       ("ACC-CASE-CB", "30"))):
        type_keys(qtbot, item)
        press(qtbot, Key.Key_Tab)  # README step 3: item, Tab to the quantity, Enter
        assert editing(page) == (row, "quantity")
        type_keys(qtbot, qty)
        press(qtbot, Key.Key_Return)
        assert editing(page) == (row + 1, "item")  # the next blank line, ready to type
    saved = lines(region3_store)
    assert [(r.item_code, r.quantity) for r in saved] == [
        ("CB-STU-116", 30), ("LT-STF-14", 4), ("ACC-CASE-CB", 30)]
    assert all(r.unit_price > 0 and r.description for r in saved)
    assert entry.model.rowCount() == 4  # three lines and the blank one
    assert "3 lines" in entry.totals_label.text()

    # Ctrl+Z from the editor that Enter opened, as a user would press it
    qtbot.keyClick(focused(), Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.item_code for r in lines(region3_store) if r.status != "withdrawn"] == [
        "CB-STU-116", "LT-STF-14"]
    assert "enter a quantity" not in entry.message_label.text()  # the empty editor said nothing
    assert entry.model.rowCount() == 3
    qtbot.keyClick(focused(), Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [r.status for r in lines(region3_store)] == ["draft"] * 3
    assert entry.model.rowCount() == 4


def test_tab_visits_every_editor_of_a_line_in_order(qtbot, page: NeedsPage) -> None:  # noqa: ANN001
    entry = page.entry
    choose_member(qtbot, page, "320")
    entry.view.setCurrentIndex(entry.model.index(0, 0))
    press(qtbot, Key.Key_Return)  # Enter on a cell opens its editor
    seen = [editing(page)[1]]
    for _ in range(9):
        press(qtbot, Key.Key_Tab)
        seen.append(editing(page)[1])
    assert seen == ["item", "quantity", "description", "unit", "unit_price", "funding_year",
                    "funding_sources", "current_vendor", "preferred_vendor", "notes"]
    press(qtbot, Key.Key_Tab)
    assert editing(page) == (1, "item")  # on to the blank line
    qtbot.keyClick(focused(), Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert editing(page) == (0, "notes")


def test_esc_in_every_editor_keeps_the_app_and_the_store(qtbot, page: NeedsPage,  # noqa: ANN001
                                                         region3_store: Store) -> None:
    """Esc once crashed the app (a model method shadowed Qt's revert())."""
    entry = page.entry
    choose_member(qtbot, page, "320")
    before = lines(region3_store, "320")
    model = entry.model
    for row in (0, 1):  # a saved line and the blank line
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if not index.flags() & Qt.ItemFlag.ItemIsEditable:
                continue
            entry.view.setCurrentIndex(index)
            entry.view.edit(index)
            assert editing(page) == (row, model.field_at(column))
            type_keys(qtbot, "~")  # typed, not saved; matches no completion (offscreen, a
            press(qtbot, Key.Key_Escape)  # closed list leaves the window inactive)
            qtbot.wait(20)  # the crash came once the event loop ran
            assert entry.view.state() != entry.view.State.EditingState
            assert entry.view.hasFocus()
    assert lines(region3_store, "320") == before
    assert model.pending == {}
    # the cell that opens after a save
    entry.view.setCurrentIndex(model.index(1, 0))
    type_keys(qtbot, "LT-STF-14")
    press(qtbot, Key.Key_Tab)
    type_keys(qtbot, "2")
    press(qtbot, Key.Key_Return)
    assert editing(page) == (2, "item")
    press(qtbot, Key.Key_Escape)
    settle(qtbot, page)
    assert entry.view.hasFocus()
    assert [r.item_code for r in lines(region3_store, "320")][-1] == "LT-STF-14"
    # Esc, then Ctrl+Z: the new line is undone
    qtbot.keyClick(focused(), Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.status for r in lines(region3_store, "320")][-1] == "withdrawn"


def test_undo_while_an_editor_is_open(qtbot, page: NeedsPage,  # noqa: ANN001
                                      region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "320")
    qty = entry.model.index(0, entry.model.column_of("quantity"))
    entry.view.setCurrentIndex(qty)
    press(qtbot, Key.Key_Return)
    focused().selectAll()
    type_keys(qtbot, "50")
    press(qtbot, Key.Key_Return)  # saved; the blank line's item editor is open
    assert lines(region3_store, "320")[0].quantity == 50
    assert editing(page) == (1, "item")
    assert entry.undo_action.text() == "&Undo Edit quantity"
    qtbot.keyClick(focused(), Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lines(region3_store, "320")[0].quantity == 45
    assert entry.model.index(0, qty.column()).data() == "45"
    # Redo from the toolbar while a cell editor holds typing: the typing is saved first
    # (and undone again by a further undo), never lost silently
    entry.view.setCurrentIndex(model_index := entry.model.index(0, qty.column()))
    entry.view.edit(model_index)
    entry.redo_action.trigger()
    assert lines(region3_store, "320")[0].quantity == 50
    entry.view.edit(model_index)
    focused().selectAll()
    type_keys(qtbot, "60")
    entry.undo_action.trigger()  # saves 60, then undoes it: back to 50
    assert lines(region3_store, "320")[0].quantity == 50
    assert entry.view.state() != entry.view.State.EditingState
    entry.redo_action.trigger()
    assert lines(region3_store, "320")[0].quantity == 60


def test_bad_quantity_marks_the_cell_and_saves_nothing(qtbot, page: NeedsPage,  # noqa: ANN001
                                                       region3_store: Store) -> None:
    entry = page.entry
    choose_member(qtbot, page, "warren")  # part of the name
    code = entry.model.member_code
    assert code == "930"
    type_keys(qtbot, "CB-STU-116")
    press(qtbot, Key.Key_Tab)
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
    popup = focused()
    assert popup.isVisible() and popup.model().rowCount() == 1
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Return)  # picks it; Enter then asks for the quantity
    new_row = len(entry.model.lines)
    assert entry.model.pending == {"item": "DOC-CAM-4K"}
    assert editing(page) == (new_row, "quantity")
    assert "enter a quantity" in entry.message_label.text()
    description = entry.model.index(new_row, entry.model.column_of("description"))
    assert description.data() == "Document camera, USB, 4K"  # the catalog's, as a hint
    type_keys(qtbot, "3")
    press(qtbot, Key.Key_Return)
    assert [(r.item_code, r.quantity) for r in lines(region3_store, "980")][-1] == (
        "DOC-CAM-4K", 3)


def test_picker_shows_whole_names_matches_words_and_tab_takes_a_single_match(
        qtbot, page: NeedsPage, region3_store: Store) -> None:  # noqa: ANN001
    entry = page.entry
    choose_member(qtbot, page, "980")
    type_keys(qtbot, "interactive")
    popup = focused()
    labels = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert labels[:3] == ['IFP-65 — Interactive flat panel 65", 4K',
                          'IFP-75 — Interactive flat panel 75", 4K',
                          'IFP-86 — Interactive flat panel 86", 4K']
    widest = max(popup.fontMetrics().horizontalAdvance(label) for label in labels)
    assert popup.width() > widest > entry.view.columnWidth(0)  # whole names, not "Interact…"
    for _ in "interactive":
        press(qtbot, Key.Key_Backspace)
    type_keys(qtbot, "75 panel")  # words of the name, in any order
    assert popup.model().rowCount() == 1
    press(qtbot, Key.Key_Tab)  # the single match is taken
    row = len(entry.model.lines)
    assert entry.model.pending == {"item": "IFP-75"}
    assert editing(page) == (row, "quantity")
    type_keys(qtbot, "2")
    press(qtbot, Key.Key_Return)
    assert [(r.item_code, r.quantity) for r in lines(region3_store, "980")][-1] == ("IFP-75", 2)


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
