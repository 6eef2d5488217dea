"""The Needs page's "All needs" tab: filter as you type, numeric sort, column chooser, totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from ui_samples import add_sample_data, needs_total

from app.models.db import Store
from app.services.needs import create_need
from app.ui.formatting import money
from app.ui.pages.all_needs import AllNeedsTab
from app.ui.pages.needs import NeedsPage


@pytest.fixture
def page(qtbot, region3_store: Store, make_context) -> NeedsPage:  # noqa: ANN001
    add_sample_data(region3_store)
    needs = NeedsPage(make_context(region3_store))
    qtbot.addWidget(needs)
    needs.resize(1200, 700)
    needs.show()
    needs.tabs.setCurrentWidget(needs.all_needs)
    qtbot.waitExposed(needs)
    return needs


def headers(tab: AllNeedsTab) -> list[str]:
    return [c.header for c in tab.table.model.columns]


def test_filter_as_you_type_and_totals(qtbot, page: NeedsPage) -> None:  # noqa: ANN001
    tab = page.all_needs
    assert tab.table.proxy.rowCount() == 4
    assert money(needs_total()) in tab.total_label.text()
    qtbot.keyClicks(tab.table.filter_edit, "durham")
    assert tab.table.proxy.rowCount() == 1
    assert tab.visible_total == Decimal(45 * 950)
    assert "1 of 4 need lines" in tab.table.count_label.text()


def test_sort_on_amount_is_numeric(page: NeedsPage) -> None:
    table = page.all_needs.table
    amount = headers(page.all_needs).index("Amount")
    table.view.sortByColumn(amount, Qt.SortOrder.AscendingOrder)
    shown = [table.proxy.index(r, amount).data() for r in range(table.proxy.rowCount())]
    assert shown == ["$29,999.88", "$34,200.00", "$42,750.00", "$342,000.00"]
    table.view.sortByColumn(amount, Qt.SortOrder.DescendingOrder)
    assert table.proxy.index(0, amount).data() == "$342,000.00"


def test_column_chooser_hides_and_remembers(qtbot, page: NeedsPage, make_context,  # noqa: ANN001
                                            region3_store: Store) -> None:
    table = page.all_needs.table
    names = headers(page.all_needs)
    assert table.view.isColumnHidden(names.index("Notes"))  # hidden until asked for
    menu = table.column_menu()
    by_text = {a.text(): a for a in menu.actions()}
    by_text["Unit"].trigger()
    assert table.view.isColumnHidden(names.index("Unit"))
    by_text["Notes"].trigger()
    assert not table.view.isColumnHidden(names.index("Notes"))
    again = AllNeedsTab(page.ctx)
    qtbot.addWidget(again)
    assert again.table.view.isColumnHidden(names.index("Unit"))
    assert not again.table.view.isColumnHidden(names.index("Notes"))


def test_entry_changes_reach_the_list(qtbot, page: NeedsPage,  # noqa: ANN001
                                      region3_store: Store) -> None:
    page.tabs.setCurrentWidget(page.entry)
    page.entry.select_member("910")
    model = page.entry.model
    model.setData(model.index(0, 0), "CB-STU-116")
    model.setData(model.index(0, model.column_of("quantity")), "7")
    page.tabs.setCurrentWidget(page.all_needs)
    assert page.all_needs.table.proxy.rowCount() == 5
    with region3_store.transaction() as session:  # a change made elsewhere (an import, sync)
        create_need(session, {"member": "930", "item": "CB-STU-116", "quantity": "1"})
    page.ctx.notify("needs")
    qtbot.waitUntil(lambda: page.all_needs.table.proxy.rowCount() == 6)
