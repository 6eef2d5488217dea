"""The allocation tab: refused (with the reason) before every lot is awarded; on the awarded
samples Allocate fills the five lines, the over-budget line is flagged with its reason, the
member filter narrows the lines and the totals; a member's choice changes a line's vendor; a
region shows the state's allocation from its bundle, read-only; the tab does not widen the
Bids page and Esc does not close the window."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from allocation_samples import BOARD, LINES, SIGNED, awarded_scenario
from award_samples import ranked_scenario
from bid_samples import REF
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import CatalogItem, Member
from app.models.db import Store
from app.models.migrate import upgrade
from app.models.procurement import ProcurementMember
from app.rules.allocation import CHOICE, NOT_AWARDED, PREFERRED
from app.services.allocation import AllocatedLine, allocate
from app.services.award import record_award
from app.services.erate import find_procurement
from app.services.instance import init_instance
from app.services.needs import create_need, set_status
from app.sync.export import export_bundle
from app.sync.keys import own_key, trust_key
from app.sync.service import import_bundle
from app.ui.pages.bids_allocation import HOW, OVER_BUDGET, AllocationPanel

VENDOR = 4


def _store(folder: Path, role: str = "state", region: int | None = None) -> Store:
    store = Store.for_data_dir(folder)
    upgrade(store)
    init_instance(store, role, region, "S. Coordinator")
    return store


@pytest.fixture
def awarded(tmp_path: Path) -> Iterator[Store]:
    store = _store(tmp_path / "state")
    awarded_scenario(store, tmp_path)
    yield store
    store.dispose()


def _panel(qtbot, store: Store, make_context) -> AllocationPanel:  # noqa: ANN001
    panel = AllocationPanel(make_context(store))
    qtbot.addWidget(panel)
    panel.resize(760, 480)
    panel.show()
    panel.set_procurement(REF)
    return panel


def cells(panel: AllocationPanel) -> list[list[str]]:
    proxy = panel.table.proxy
    return [[str(proxy.index(r, c).data()) for c in range(proxy.columnCount())]
            for r in range(proxy.rowCount())]


def test_refused_before_the_award(qtbot, tmp_path: Path, make_context) -> None:  # noqa: ANN001
    store = _store(tmp_path / "state")
    ranked_scenario(store, tmp_path)
    panel = _panel(qtbot, store, make_context)
    assert "Nothing allocated yet" in panel.status.text()
    assert not panel.allocate()
    assert "Not allocated:" in panel.status.text()
    assert "not yet awarded" in panel.status.text()
    assert panel.table.proxy.rowCount() == 0
    store.dispose()


def test_allocate_flags_filters_and_totals(qtbot, awarded: Store,  # noqa: ANN001
                                           make_context) -> None:  # noqa: ANN001
    panel = _panel(qtbot, awarded, make_context)
    assert panel.table.proxy.rowCount() == 0 and panel.allocate_button.isEnabled()
    assert not panel.choice_button.isEnabled()  # nothing selected
    qtbot.mouseClick(panel.allocate_button, Qt.MouseButton.LeftButton)
    rows = cells(panel)
    assert [(r[0], r[1], r[HOW]) for r in rows] == [
        ("010", "1.1", PREFERRED), ("010", "1.2", "lowest"), ("010", "2.1", PREFERRED),
        ("01B", "1.1", PREFERRED), ("01B", "2.1", "lowest")]
    assert rows[3][VENDOR] == "Acme Networks Inc" and rows[3][OVER_BUDGET].startswith("$")
    assert rows[0][OVER_BUDGET] == ""
    assert panel.status.text().startswith("Allocated: 5 line(s) of 2 member(s)")
    assert "1 member(s) over their Category 2 budget: 01B" in panel.totals.text()
    # The over-budget line: red ground, and the tooltip says why.
    model = panel.table.model
    over = model.index(3, 2)
    assert model.data(over, Qt.ItemDataRole.BackgroundRole) == QColor("#fde2e1")
    assert "Over budget:" in model.data(over, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 2), Qt.ItemDataRole.BackgroundRole) is None
    assert "Preferred vendor Dell" in model.data(model.index(4, HOW),
                                                 Qt.ItemDataRole.ToolTipRole)
    # The member filter narrows the lines and the totals follow.
    qtbot.keyClicks(panel.table.filter_edit, "River Mill")
    assert [r[0] for r in cells(panel)] == ["01B", "01B"]
    assert panel.totals.text().startswith("2 line(s) of 1 member(s)")
    assert panel.table.count_label.text() == "2 of 5 allocated lines"
    panel.table.filter_edit.clear()
    # Sorting by the over-budget amount puts the flagged line first (descending).
    panel.table.view.sortByColumn(OVER_BUDGET, Qt.SortOrder.DescendingOrder)
    assert cells(panel)[0][:2] == ["01B", "1.1"]


def test_a_members_choice_changes_the_vendor(qtbot, awarded: Store,  # noqa: ANN001
                                             make_context) -> None:  # noqa: ANN001
    panel = _panel(qtbot, awarded, make_context)
    assert panel.allocate()
    assert panel.select_line("010", "1.1") and panel.choice_button.isEnabled()
    dialog = panel.open_choice()
    assert dialog is not None
    vendors = [dialog.vendor.itemData(i) for i in range(dialog.vendor.count())]
    assert vendors == [None, "Acme Networks Inc", "Blue Ridge Technology LLC"]
    dialog.vendor.setCurrentIndex(1)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    chosen = {(r[0], r[1]): (r[VENDOR], r[HOW]) for r in cells(panel)}
    assert chosen[("010", "1.1")] == ("Acme Networks Inc", CHOICE)
    assert chosen[("010", "1.2")] == ("Acme Networks Inc", CHOICE)
    # Back to the rule: the preferred vendor again; the dialog preselects the choice.
    assert panel.select_line("010", "1.1")
    dialog = panel.open_choice()
    assert dialog is not None and dialog.vendor.currentData() == "Acme Networks Inc"
    dialog.vendor.setCurrentIndex(0)
    dialog.accept()
    chosen = {(r[0], r[1]): (r[VENDOR], r[HOW]) for r in cells(panel)}
    assert chosen[("010", "1.1")] == ("Blue Ridge Technology LLC", PREFERRED)


def _trust(one: Store, other: Store) -> None:
    for a, b in ((one, other), (other, one)):
        with a.transaction() as session:
            trust_key(session, own_key(b.require_identity()))


def region_world(tmp_path: Path) -> tuple[Store, Store]:
    """The awarded samples as they happen: Region 5 enters and confirms its members' lines
    and sends them; the state awards and allocates; Region 5 imports the state's bundle."""
    state, region = _store(tmp_path / "state"), _store(tmp_path / "r5", "region", 5)
    _trust(state, region)
    with region.transaction() as session:
        for code, lines in LINES.items():
            for item, qty, preferred in lines:
                price = session.scalars(select(CatalogItem).where(
                    CatalogItem.code == item)).one().reference_price * Decimal("1.15")
                need = create_need(session, {
                    "member": code, "item": item, "quantity": str(qty), "funding_year": 2026,
                    "unit_price": str(price), "preferred_vendor": preferred,
                    "funding_sources": "erate,local"})
                set_status(session, need.uid, "confirmed", by="Ann")
    assert import_bundle(state, export_bundle(region, tmp_path / "r5.zip").path).refused == []
    ranked_scenario(state, tmp_path, bases={1: "multiple within 2%"})
    with state.transaction() as session:
        for lot in (1, 2):
            record_award(session, REF, lot, contract=f"NC-2026-00{lot}", signed_on=SIGNED,
                         board_approved_on=BOARD)
        procurement = find_procurement(session, REF)
        procurement.funding_sources = "erate,local"
        for code in LINES:
            session.add(ProcurementMember(procurement=procurement, owner="state",
                                          member=session.scalars(select(Member).where(
                                              Member.code == code)).one()))
        session.flush()
        assert len(allocate(session, REF)) == 5
    bundle = export_bundle(state, tmp_path / "state.zip", to="region:5").path
    assert import_bundle(region, bundle).refused == []
    return state, region


def test_a_region_shows_the_states_allocation_read_only(qtbot, tmp_path: Path,  # noqa: ANN001
                                                        make_context,  # noqa: ANN001
                                                        monkeypatch) -> None:  # noqa: ANN001
    from app.ui.main_window import MainWindow
    from app.ui.pages.bids import BidsPage

    state, region = region_world(tmp_path)
    window = MainWindow(make_context(region))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page_of(BidsPage)
    assert isinstance(page, BidsPage)
    assert page.tabs.currentWidget() is page.allocation
    assert [page.tabs.isTabVisible(i) for i in range(page.tabs.count())] == \
        [False, False, False, False, True]
    assert window.minimumSizeHint().width() <= 800, window.minimumSizeHint()
    panel = page.allocation
    panel.set_procurement(REF)
    assert [(r[0], r[1]) for r in cells(panel)] == [
        ("010", "1.1"), ("010", "1.2"), ("010", "2.1"), ("01B", "1.1"), ("01B", "2.1")]
    assert "01B" in panel.totals.text()
    assert not panel.allocate_button.isEnabled() and not panel.choice_button.isEnabled()
    assert "the state's" in panel.allocate_button.toolTip()
    assert panel.select_line("010", "1.1") and not panel.choice_button.isEnabled()
    assert not panel.allocate() and panel.open_choice() is None
    # The region prints its members' award letters from the state's allocation.
    assert panel.letter_button.isEnabled() and panel.letters_button.isEnabled()
    monkeypatch.setattr("app.ui.pages.bids_allocation.open_file", lambda *_a, **_k: True)
    saved = panel.save_letter(str(tmp_path / "010.pdf"))
    assert saved is not None and saved.read_bytes()[:4] == b"%PDF"
    folder = tmp_path / "letters"
    folder.mkdir()
    assert sorted(p.name for p in panel.save_letters(str(folder))) == [
        f"award-letter-{REF}-010.pdf", f"award-letter-{REF}-01B.pdf"]
    assert "Saved 2 award letter(s)" in panel.status.text()
    assert panel.save_letters(str(tmp_path / "missing")) == []
    assert "no such folder" in panel.status.text()
    state.dispose()
    region.dispose()


def test_fits_the_bids_page_and_esc_keeps_the_window(qtbot, awarded: Store,  # noqa: ANN001
                                                     make_context) -> None:  # noqa: ANN001
    from app.ui.main_window import MainWindow
    from app.ui.pages.bids import BidsPage

    panel = _panel(qtbot, awarded, make_context)
    assert panel.allocate()
    hint = panel.minimumSizeHint()
    assert hint.width() <= 760 and hint.height() <= 480, hint
    window = MainWindow(make_context(awarded))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page_of(BidsPage)
    assert isinstance(page, BidsPage)
    page.tabs.setCurrentWidget(page.allocation)
    # The window is no bigger with the tab than without it (the other tabs set its minimum).
    with_tab = window.minimumSizeHint()
    page.tabs.removeTab(page.tabs.indexOf(page.allocation))
    without = window.minimumSizeHint()
    page.tabs.addTab(page.allocation, "Allocation")
    page.tabs.setCurrentWidget(page.allocation)
    assert with_tab == without, (with_tab, without)
    window.activateWindow()
    qtbot.waitActive(window)
    # Tab goes from the chooser through the buttons and the filter to the table.
    panel = page.allocation
    assert panel.select_line("010", "1.1")
    panel.chooser.setFocus()
    qtbot.waitUntil(panel.chooser.hasFocus)
    seen = []
    for _ in range(4):
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    seen.append(QApplication.focusWidget())
    assert seen == [panel.chooser, panel.allocate_button, panel.choice_button,
                    panel.table.filter_edit, panel.table.view]
    # Ctrl+F puts the cursor in the tab's member filter; Esc there leaves the window open.
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.allocation.table.filter_edit.hasFocus)
    qtbot.keyClick(page.allocation.table.filter_edit, Qt.Key.Key_Escape)
    assert window.isVisible()
    assert page.allocation.select_line("01B", "1.1")
    dialog = page.allocation.open_choice()
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closes the dialog only
    assert not dialog.isVisible() and window.isVisible()


def test_a_line_nobody_won_is_grey_and_says_why(qtbot) -> None:  # noqa: ANN001
    from app.ui.pages.bids_allocation import (
        ALLOCATION_COLUMNS,
        AllocationRowsModel,
        allocation_search_text,
    )

    line = AllocatedLine(
        "630", "Wake County Schools", 3, 2, "Devices", "2.1", "Student Chromebook", "each",
        Decimal(10), None, "", "", None, NOT_AWARDED, "nobody was awarded this line", True,
        Decimal(0), Decimal("300.00"), "ineligible", 0, Decimal(0), Decimal(0), Decimal(0))
    model = AllocationRowsModel(ALLOCATION_COLUMNS, allocation_search_text)
    model.set_rows([line])
    cell = model.index(0, VENDOR)
    assert cell.data() == "not awarded"
    assert model.data(cell, Qt.ItemDataRole.ForegroundRole) == QColor("#8a8a8a")
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole) is None
    tip = model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert "Not awarded: nobody won this line" in tip and "(piggyback)" in tip
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole).startswith(
        "Wake County Schools\n")
    assert model.index(0, OVER_BUDGET).data() == ""
