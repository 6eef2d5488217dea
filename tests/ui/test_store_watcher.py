"""An open window follows changes another program makes to the store (issue #12 item 10):
`consortium needs add` in a terminal shows on the dashboard without F5."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.launcher import main as cli_main
from app.models.db import Store
from app.ui.formatting import count
from app.ui.main_window import MainWindow
from app.ui.pages.dashboard import DashboardPage


@pytest.fixture
def window(qtbot, sqlite_region4: Store, make_context) -> MainWindow:  # noqa: ANN001
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    window.show()
    window.show_page(0)
    return window


def test_a_change_from_the_cli_refreshes_the_open_page(qtbot, window: MainWindow,  # noqa: ANN001
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    dashboard = window.current_page()
    assert isinstance(dashboard, DashboardPage)
    assert window.watcher.timer.isActive()
    assert not window.watcher.check()  # nothing changed yet
    before = dashboard.figures["needs"].value.text()
    data_dir = window.ctx.store.data_dir
    assert isinstance(data_dir, Path)
    assert cli_main(["--data-dir", str(data_dir), "needs", "add", "--member", "630",
                     "--item", "CB-STU-140", "--quantity", "10"]) == 0
    capsys.readouterr()
    assert dashboard.figures["needs"].value.text() == before  # not yet: the poll has not run
    qtbot.waitUntil(lambda: dashboard.figures["needs"].value.text() == count(1),
                    timeout=10000)
    assert "changed by another program" in window.statusBar().currentMessage()


def test_own_changes_do_not_refresh_twice(window: MainWindow) -> None:
    from app.services.needs import create_need

    with window.ctx.store.transaction() as session:
        create_need(session, {"member": "630", "item": "CB-STU-140", "quantity": "10"})
    window.ctx.notify("needs")  # the page that wrote says so, as every page does
    assert not window.watcher.check()


def test_typing_in_a_form_holds_the_refresh_back(qtbot, window: MainWindow,  # noqa: ANN001
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A refresh would put the saved value back over unsaved typing: it waits, and the
    status bar says the data changed."""
    from PySide6.QtWidgets import QLineEdit

    from app.ui.pages.members import MembersPage

    members = window.show_page_of(MembersPage)
    assert isinstance(members, MembersPage) and members.select_member("630")
    # (The enrolment is the schools' sum, read-only here; the BEN is typed.)
    students = members.detail.profile.form.inputs["ben"]
    assert isinstance(students, QLineEdit)
    students.setFocus()
    qtbot.waitUntil(students.hasFocus)
    students.selectAll()
    qtbot.keyClicks(students, "9999")
    data_dir = window.ctx.store.data_dir
    assert cli_main(["--data-dir", str(data_dir), "needs", "add", "--member", "630",
                     "--item", "CB-STU-140", "--quantity", "10"]) == 0
    capsys.readouterr()
    assert not window.watcher.check()
    assert students.text() == "9999"  # not taken away
    assert "refreshes when you finish editing" in window.statusBar().currentMessage()
    members.table.filter_edit.setFocus()  # done with the field (typing a filter is no draft)
    qtbot.waitUntil(lambda: not students.hasFocus())
    qtbot.keyClicks(members.table.filter_edit, "moore")
    assert window.watcher.check()
