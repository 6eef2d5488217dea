"""Issue 3's acceptance, as a new user would do it: a new store, set up as Region 4; Moore
County Schools; ten need lines by keyboard only; confirm them; print the confirmation
sheet; quit; start again — everything is there and the dashboard shows it."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app.cli.context import open_store
from app.services.needs import list_needs
from app.ui.context import AppContext, AppEvents
from app.ui.dialogs.confirm_checks import ConfirmChecksDialog
from app.ui.dialogs.first_run import FirstRunDialog
from app.ui.main_window import MainWindow
from app.ui.pages.dashboard import DashboardPage
from app.ui.pages.members import MembersPage
from app.ui.pages.needs import NeedsPage

Key = Qt.Key
ITEMS = [("CB-STU-116", "250"), ("CB-STU-140", "120"), ("LT-STF-14", "40"),
         ("ACC-CASE-CB", "250"), ("CART-CHG-36", "8"), ("AP-WIFI6-IN", "60"),
         ("SW-ACC-48P", "12"), ("UPS-1500VA", "12"), ("CAB-CAT6-DROP", "90"),
         ("DOC-CAM-4K", "30")]


def keys(qtbot, text: str) -> None:  # noqa: ANN001
    for char in text:
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, char)


def press(qtbot, key: Qt.Key, times: int = 1) -> None:  # noqa: ANN001
    for _ in range(times):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, key)


def open_window(qtbot, data_dir: Path, settings: QSettings) -> MainWindow:  # noqa: ANN001
    store = open_store(data_dir)
    window = MainWindow(AppContext(store, data_dir, AppEvents(), settings))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_a_meeting_at_moore_county(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    data_dir = tmp_path / "laptop"
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)

    # First start: the set-up dialog, Region 4.
    store = open_store(data_dir)
    dialog = FirstRunDialog(store, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.region_combo.setFocus()
    qtbot.keyClicks(dialog.region_combo, "4")
    qtbot.keyClicks(dialog.operator_edit, "Kent Eklund")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    store.dispose()

    window = open_window(qtbot, data_dir, settings)
    needs = window.show_page_of(NeedsPage)
    assert isinstance(needs, NeedsPage)
    entry = needs.entry
    entry.member_combo.setFocus()
    entry.member_combo.lineEdit().selectAll()
    keys(qtbot, "Moore")
    press(qtbot, Key.Key_Return)
    assert entry.model.member_code == "630"
    for item, quantity in ITEMS:
        keys(qtbot, item)
        press(qtbot, Key.Key_Tab, 2)  # item → description → quantity
        keys(qtbot, quantity)
        press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return, 7)  # through to the next blank line
    entry.view.setFocus()
    entry.view.selectAll()
    asked: list[ConfirmChecksDialog] = []

    def take_suggestions() -> None:  # the new lines say no funding source: Enter accepts
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConfirmChecksDialog):
            QTimer.singleShot(50, take_suggestions)
            return
        asked.append(dialog)
        qtbot.keyClick(dialog, Key.Key_Return)

    QTimer.singleShot(0, take_suggestions)
    qtbot.keyClick(entry.view, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(asked[0].review.missing) == len(ITEMS) and not asked[0].review.duplicates

    members = window.show_page_of(MembersPage)
    assert isinstance(members, MembersPage)
    printed: list[Path] = []
    members.detail.printer.ask_to_open = False
    members.detail.printer.printed.connect(printed.append)
    sheet = tmp_path / "moore-confirmation.pdf"
    members.detail.printer.print_to("630", None, sheet)
    qtbot.waitUntil(lambda: printed == [sheet], timeout=20000)
    window.close()
    window.ctx.store.dispose()

    # Start again: everything is there, and the dashboard shows it.
    window = open_window(qtbot, data_dir, settings)
    with window.ctx.store.session() as session:
        saved = list_needs(session, member_code="630")
    assert [(r.item_code, f"{r.quantity.normalize():f}") for r in saved] == ITEMS
    assert {r.status for r in saved} == {"confirmed"}
    assert all(r.funding_sources for r in saved)
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "Moore County Schools" in text
    for item, _quantity in ITEMS:
        assert item in text
    dashboard = window.show_page_of(DashboardPage)
    assert isinstance(dashboard, DashboardPage)
    assert dashboard.summary is not None
    assert dashboard.summary.total.confirmed_lines == len(ITEMS)
    total = sum((r.amount for r in saved), start=saved[0].amount * 0)
    assert dashboard.summary.total.confirmed_amount == total
    window.close()
    window.ctx.store.dispose()
