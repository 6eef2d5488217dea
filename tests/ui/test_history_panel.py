"""The History panel on the record pages: the member detail's History tab, a need line's
History… (Ctrl+H) on the Needs page, and the procurement's History tab — each fed by the
history service, rendered to PNG to look at."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QWidget
from test_procurements_page import _page as procurements_page
from test_procurements_page import _planned
from ui_samples import add_sample_data

from app.models.db import Store
from app.services.members import edit_member
from app.services.needs import edit_need, list_needs
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage
from app.ui.pages.needs import NeedsPage
from app.ui.widgets.history_panel import HistoryPanel

SHOTS_ENV = "HISTORY_SHOTS_DIR"  # set it to keep the rendered PNGs somewhere to look at


def _shot(qtbot, widget: QWidget, name: str, tmp_path: Path) -> None:  # noqa: ANN001
    qtbot.wait(50)  # let the layouts settle before the picture
    out = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"history_{name}.png"
    assert widget.grab().save(str(path)) and path.stat().st_size > 0


def _cells(panel: HistoryPanel) -> list[tuple[str, ...]]:
    model = panel.table.proxy
    return [tuple(str(model.index(r, c).data()) for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_member_detail_has_a_history_tab(qtbot, sqlite_region4: Store, make_context,  # noqa: ANN001
                                         tmp_path: Path) -> None:
    with sqlite_region4.transaction("Monica at the office") as session:
        edit_member(session, "630", {"ben": "16012345", "notes": "New BEN from EPC"})
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    window.show_page(1)
    page = window.current_page()
    assert isinstance(page, MembersPage) and page.select_member("630")
    history = page.detail.history
    assert history.model.rowCount() == 0  # read only once its tab is shown
    page.detail.tabs.setCurrentWidget(history)
    rows = _cells(history)
    mine = [r for r in rows if r[1] == "Monica at the office"]
    assert {(r[2], r[3], r[4]) for r in mine} >= {("this instance", "changed", "ben"),
                                                  ("this instance", "changed", "notes")}
    assert any(r[5].endswith("→ New BEN from EPC") for r in mine)
    assert all(r[6].startswith("member 630 ") for r in mine)
    _shot(qtbot, window, "member_detail", tmp_path)


def test_need_line_history_dialog(qtbot, region3_store: Store, make_context,  # noqa: ANN001
                                  tmp_path: Path) -> None:
    add_sample_data(region3_store)
    with region3_store.session() as session:
        uid = next(n.uid for n in list_needs(session, member_code="920")
                   if n.item_code == "CB-STU-116")
    with region3_store.transaction("Rita") as session:
        edit_need(session, uid, {"quantity": "1250"})
    page = NeedsPage(make_context(region3_store))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    entry = page.entry
    assert entry.show_history() is None  # nothing selected: says so
    entry.select_member("920", focus=False)
    row = next(r for r in range(entry.model.rowCount())
               if (line := entry.model.line_at(r)) is not None and line.uid == uid)
    entry.view.setCurrentIndex(entry.model.index(row, 0))
    assert entry.history_action.shortcut().toString() == "Ctrl+H"
    dialog = entry.show_history()
    assert dialog is not None
    qtbot.addWidget(dialog)
    rows = _cells(dialog.panel)
    assert rows[0][3] == "created" and any(r[4] == "quantity" and r[5] == "1200"
                                           for r in rows)
    assert ("Rita", "changed", "quantity", "1200 → 1250") in {(r[1], r[3], r[4], r[5])
                                                             for r in rows}
    assert "920" in dialog.windowTitle()
    _shot(qtbot, dialog, "need_line", tmp_path)
    dialog.close()

    page.tabs.setCurrentWidget(page.all_needs)  # the same from the All needs tab
    tab = page.all_needs
    qtbot.waitUntil(lambda: tab.table.proxy.rowCount() == 4)
    assert tab.show_history() is None  # no line chosen
    row = next(r for r in range(tab.table.proxy.rowCount())
               if tab.table.proxy.index(r, 1).data() == "CB-STU-116")
    tab.table.view.setCurrentIndex(tab.table.proxy.index(row, 0))
    assert tab.history_button.shortcut().toString() == "Ctrl+H"
    other = tab.show_history()
    assert other is not None
    qtbot.addWidget(other)
    assert _cells(other.panel) == rows


def test_procurement_history_tab(qtbot, state_store: Store, make_context,  # noqa: ANN001
                                 tmp_path: Path) -> None:
    ref = _planned(state_store)
    page = procurements_page(qtbot, state_store, make_context)
    page.tabs.setCurrentWidget(page.history)
    rows = _cells(page.history)
    records = {r[6] for r in rows}
    assert f"procurement {ref}" in records
    assert any(r.startswith("lot ") for r in records)
    assert page.tabs.tabText(page.tabs.indexOf(page.history)) == "History"
    _shot(qtbot, page, "procurement", tmp_path)
