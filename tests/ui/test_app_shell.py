"""The whole window: menus, toolbar, shortcuts in Help, the status bar's count of changes
not yet exported, and errors raised inside slots."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.errors import UserError
from app.models.db import Store
from app.ui import crash
from app.ui.dialogs.help import ShortcutsDialog
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage


@pytest.fixture
def window(qtbot, sqlite_region4: Store, make_context) -> MainWindow:  # noqa: ANN001
    win = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def menu_texts(window: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_menus_and_toolbar(window: MainWindow) -> None:
    file_menu = menu_texts(window, "&File")
    assert file_menu[0] == "&Print confirmation sheet…"
    assert file_menu[-1] == "&Quit"
    assert "&Keyboard shortcuts" in menu_texts(window, "&Help")
    assert len(menu_texts(window, "&View")) == len(window.pages) + 2
    tools = [a.text() for a in window.toolbar.actions() if not a.isSeparator()]
    assert tools == ["Members", "Needs", "Dashboard", "&Print confirmation sheet…",
                     "&Refresh"]


def test_help_lists_the_shortcuts(window: MainWindow) -> None:
    shortcuts = window.shortcuts()
    keys = {s.keys for s in shortcuts}
    for expected in ("Ctrl+P", "Ctrl+Q", "Ctrl+F", "F5", "F1",
                     # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth page.
                     *(f"Ctrl+{n % 10}" for n in range(1, min(len(window.pages), 10) + 1))):
        assert expected in keys, expected
    box = None
    window.shortcuts_action.trigger()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ShortcutsDialog) and widget.isVisible():
            box = widget
    assert box is not None
    text = box.text()
    for shortcut in shortcuts:
        assert shortcut.keys in text
    assert "Print confirmation sheet" in text and "Go to Members" in text
    box.close()


def test_status_bar_counts_changes_not_yet_exported(window: MainWindow) -> None:
    assert window.role_label.text() == "Region 4 (Sandhills)"
    before = window.pending_changes
    members = window.show_page_of(MembersPage)
    assert isinstance(members, MembersPage)
    members.select_member("630")
    dialog = members.detail.contacts.open_dialog(None)
    dialog.form.set_values({"name": "Monica Jenkins", "title": "Superintendent"})
    assert dialog.try_save()  # one new record: one more change to export
    assert window.pending_changes == before + 1
    assert f"{before + 1:,} change" in window.changes_label.text()
    assert "not yet exported" in window.changes_label.text()


def test_print_action_needs_a_member_then_prints(qtbot, window: MainWindow,  # noqa: ANN001
                                                 tmp_path: Path) -> None:
    window.print_action.trigger()
    members = window.current_page()
    assert isinstance(members, MembersPage)
    assert "Choose a member" in window.statusBar().currentMessage()

    members.select_member("630")
    printer = members.detail.printer
    printer.ask_to_open = False
    target = tmp_path / "sheet.pdf"
    printer.choose_path = lambda *_a: target  # type: ignore[method-assign]
    with qtbot.waitSignal(printer.printed, timeout=20000):
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.qt_no_exception_capture
def test_errors_raised_in_slots(qtbot, tmp_path: Path,  # noqa: ANN001
                                monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    crashes: list[Path | None] = []
    monkeypatch.setattr(crash, "show_user_error", lambda e, parent=None: warnings.append(str(e)))
    monkeypatch.setattr(crash, "show_crash", lambda path, value, parent=None:
                        crashes.append(path))
    monkeypatch.setattr(sys, "__excepthook__", lambda *a: None)
    monkeypatch.setattr(sys, "excepthook", crash.make_excepthook(tmp_path))

    def user_mistake() -> None:
        raise UserError("Member 999 does not exist.")

    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    first, second = QPushButton("user"), QPushButton("bug")
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.clicked.connect(user_mistake)
    second.clicked.connect(bug)
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)
    assert warnings == ["Member 999 does not exist."]
    log = tmp_path / "logs" / "crash.log"
    assert crashes == [log]
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
