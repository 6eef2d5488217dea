"""The main window over a Region 3 store: navigation, status bar, members and needs tables."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from ui_samples import needs_total

from app.ui.formatting import money
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage
from app.ui.pages.needs import NeedsPage

PAGE_TITLES = ["Dashboard", "Members", "Needs", "Sync", "Demand", "Procurements", "Reports",
               "Settings", "Catalog", "Vendors", "Bids"]

# Region 3's 14 LEAs and the 60 charters of its counties (reference data, 2023-24).
REGION3_MEMBERS = 74


def test_window_title_and_status_bar(region3_window: MainWindow) -> None:
    assert region3_window.windowTitle() == \
        "Consortium Buying — Region 3 (North Central) coordinator"
    status = " ".join(label.text() for label in (
        region3_window.role_label, region3_window.operator_label,
        region3_window.database_label))
    assert "Region 3" in status
    assert "A. Coordinator" in status
    assert "Database:" in status


def test_every_page_reachable_from_navigation(region3_window: MainWindow) -> None:
    assert [p.title for p in region3_window.pages] == PAGE_TITLES
    for row, title in enumerate(PAGE_TITLES):
        region3_window.nav.setCurrentRow(row)
        assert region3_window.current_page().title == title
        assert region3_window.current_page().isVisible()


def test_every_page_reachable_by_ctrl_number(qtbot, region3_window: MainWindow) -> None:  # noqa: ANN001
    region3_window.activateWindow()
    for number in reversed(range(1, 9)):
        qtbot.keyClick(region3_window, Qt.Key(Qt.Key.Key_0 + number),
                       Qt.KeyboardModifier.ControlModifier)
        assert region3_window.current_page().title == PAGE_TITLES[number - 1]
        assert region3_window.nav.currentRow() == number - 1


def _members(window: MainWindow) -> MembersPage:
    window.show_page(1)
    page = window.current_page()
    assert isinstance(page, MembersPage)
    return page


def test_members_table_lists_wake(region3_window: MainWindow) -> None:
    table = _members(region3_window).table
    codes = [row.code for row in table.model.rows()]
    assert "920" in codes and len(codes) == REGION3_MEMBERS
    wake = next(r for r in table.model.rows() if r.code == "920")
    assert wake.name == "Wake County Public School System"
    assert table.view.model().rowCount() == REGION3_MEMBERS


def test_filter_wake_leaves_one_row(qtbot, region3_window: MainWindow) -> None:  # noqa: ANN001
    table = _members(region3_window).table
    qtbot.keyClicks(table.filter_edit, "wake county public")
    assert table.proxy.rowCount() == 1
    assert table.proxy.index(0, 0).data() == "920"
    assert f"1 of {REGION3_MEMBERS}" in table.count_label.text()
    table.filter_edit.clear()
    assert table.proxy.rowCount() == REGION3_MEMBERS


def test_sorting_by_students_is_numeric(region3_window: MainWindow) -> None:
    table = _members(region3_window).table
    column = [c.header for c in table.model.columns].index("Students")
    table.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    values = [table.proxy.index(r, column).data(Qt.ItemDataRole.UserRole)
              for r in range(table.proxy.rowCount())]
    assert values == sorted(values) and len(values) == REGION3_MEMBERS
    assert sorted(map(str, values)) != values  # numeric, not text, order
    table.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert table.proxy.index(0, 0).data() == "920"
    # Wake's real 2023-24 enrolment, the sum of its schools.
    assert table.proxy.index(0, column).data() == "159,675"


def test_needs_total_follows_filter(qtbot, region3_window: MainWindow) -> None:  # noqa: ANN001
    region3_window.show_page(2)
    page = region3_window.current_page()
    assert isinstance(page, NeedsPage)
    assert page.table.proxy.rowCount() == 4
    assert page.visible_total == needs_total()
    assert money(needs_total()) in page.total_label.text()
    qtbot.keyClicks(page.table.filter_edit, "320")
    assert page.visible_total == 45 * 950
    assert "$42,750.00" in page.total_label.text()
    amount = [c.header for c in page.table.model.columns].index("Amount")
    assert page.table.proxy.index(0, amount).data() == "$42,750.00"
    assert page.table.proxy.index(0, amount).data(Qt.ItemDataRole.TextAlignmentRole) & \
        int(Qt.AlignmentFlag.AlignRight)


def test_dashboard_refreshes_on_data_changed(region3_window: MainWindow) -> None:
    dashboard = region3_window.pages[0]
    region3_window.show_page(0)
    assert dashboard.figures["needs"].value.text() == "4"
    assert dashboard.figures["members"].value.text() == str(REGION3_MEMBERS)
    from app.services.needs import create_need

    with region3_window.ctx.store.transaction() as session:
        create_need(session, {"member": "910", "item": "CB-STU-116", "quantity": "3"})
    region3_window.ctx.notify("needs")
    assert dashboard.figures["needs"].value.text() == "5"


def test_settings_page_shows_identity(region3_window: MainWindow) -> None:
    region3_window.show_page(7)
    page = region3_window.current_page()
    info = region3_window.ctx.info()
    assert page.values["fingerprint"].text() == info.fingerprint
    assert page.values["instance"].text() == info.instance_uid
    assert "Region 3" in page.values["role"].text()


def test_geometry_and_page_restored(qtbot, region3_window: MainWindow,  # noqa: ANN001
                                    ui_settings: QSettings) -> None:
    region3_window.resize(760, 580)  # the offscreen screen is 800×800
    region3_window.show_page(2)
    region3_window.close()
    assert ui_settings.value("main_window/geometry")
    again = MainWindow(region3_window.ctx)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 580)
    assert again.current_page().title == "Needs"


def test_default_size(qtbot, region3_store, make_context) -> None:  # noqa: ANN001
    window = MainWindow(make_context(region3_store))
    qtbot.addWidget(window)
    screen = window.screen().availableSize()
    assert (window.width(), window.height()) == (min(1280, screen.width()),
                                                 min(800, screen.height()))
    assert window.minimumSizeHint().width() <= 800
