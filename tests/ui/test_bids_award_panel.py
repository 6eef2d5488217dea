"""The award panel: nothing while sealed; after the ranking, per lot whom the packet's basis
awards and why the others are not; a refused award shows the reason and stores nothing; a
recorded award shows its contract; the panel fits the Bids page's minimum size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from bid_samples import REF, add_scenario
from PySide6.QtWidgets import QTableWidget
from sqlalchemy import select

from app.models.award import Award
from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.ui.pages.bids_award import AwardPanel


def _store(tmp_path: Path) -> Store:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    return store


@pytest.fixture
def ranked_store(tmp_path: Path) -> Iterator[Store]:
    store = _store(tmp_path)
    ranked_scenario(store, tmp_path)
    yield store
    store.dispose()


def texts(table: QTableWidget, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_sealed_shows_nothing(qtbot, tmp_path: Path, make_context) -> None:  # noqa: ANN001
    store = _store(tmp_path)
    add_scenario(store, tmp_path / "iran.csv", open_them=False)
    panel = AwardPanel(make_context(store))
    qtbot.addWidget(panel)
    panel.set_procurement(REF)
    assert "sealed until the opening" in panel.status.text()
    assert panel.table.rowCount() == 0 and not panel.record_button.isEnabled()
    store.dispose()


def test_propose_refuse_and_record(qtbot, ranked_store: Store, make_context) -> None:  # noqa: ANN001
    panel = AwardPanel(make_context(ranked_store))
    qtbot.addWidget(panel)
    panel.resize(800, 480)
    panel.show()
    panel.set_procurement(REF)
    table = panel.findChild(QTableWidget, "award_lots")
    first = texts(table, 0)
    assert first[:4] == ["1 Wireless access points", "single", "Acme Networks Inc", "—"]
    assert "Blue Ridge Technology LLC: a lower total score" in first[4]
    assert "Petro Example Corporation: not compliant" in first[4]
    panel.contract.setText("NC-2026-001")
    panel.signed.setText("2026-03-12")
    assert not panel.record()
    assert "a formal bid is awarded by the board" in panel.error.text()
    with ranked_store.session() as session:
        assert session.scalars(select(Award)).all() == []
    panel.board.setText("2026-03-10")
    assert panel.record(), panel.error.text()
    assert texts(table, 0)[3] == "Acme Networks Inc (NC-2026-001, 2026-03-12)"
    assert [panel.lot.itemData(i) for i in range(panel.lot.count())] == [2]
    qtbot.wait(50)
    panel.grab().save("/tmp/award-panel.png")  # to look at


def test_fits_the_bids_pages_minimum(qtbot, ranked_store: Store,  # noqa: ANN001
                                     make_context) -> None:  # noqa: ANN001
    panel = AwardPanel(make_context(ranked_store))
    qtbot.addWidget(panel)
    panel.set_procurement(REF)
    hint = panel.minimumSizeHint()
    assert hint.width() <= 760 and hint.height() <= 480, hint


def test_the_award_tab_follows_the_bids_page(qtbot, ranked_store: Store,  # noqa: ANN001
                                             make_context) -> None:  # noqa: ANN001
    from app.ui.main_window import MainWindow
    from app.ui.pages.bids import BidsPage

    window = MainWindow(make_context(ranked_store))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page_of(BidsPage)
    assert isinstance(page, BidsPage)
    assert page.award.table.rowCount() == 0  # worked out only when shown
    page.tabs.setCurrentWidget(page.award)
    assert page.award.ref == REF and page.award.table.rowCount() == 2


def test_a_lot_awarded_per_line_has_a_row_per_line_and_records_a_line(  # noqa: ANN001
        qtbot, tmp_path: Path, make_context) -> None:  # noqa: ANN001
    store = _store(tmp_path)
    ranked_scenario(store, tmp_path, bases={1: "multiple within 2% per line"})
    panel = AwardPanel(make_context(store))
    qtbot.addWidget(panel)
    panel.resize(800, 480)
    panel.show()
    panel.set_procurement(REF)
    table = panel.table
    assert table.rowCount() == 3  # lot 1's two lines, lot 2
    first, second = texts(table, 0), texts(table, 1)
    assert first[0] == "Line 1.1 Wireless access point, Wi-Fi 6, indoor"
    assert first[1:3] == ["multiple within 2% per line",
                          "Blue Ridge Technology LLC, Acme Networks Inc"]
    assert second[2] == "Acme Networks Inc"
    assert "more than 2 % above the lowest (950.00)" in second[4]
    assert panel.line.isEnabled()
    assert [panel.line.itemData(i) for i in range(panel.line.count())] == ["1.1", "1.2"]
    panel.line.setCurrentIndex(1)
    panel.contract.setText("NC-1-2")
    panel.signed.setText("2026-03-12")
    panel.board.setText("2026-03-10")
    assert panel.record(), panel.error.text()
    assert texts(table, 1)[3] == "Acme Networks Inc (NC-1-2, 2026-03-12)"
    assert [panel.line.itemData(i) for i in range(panel.line.count())] == ["1.1"]
    with store.session() as session:
        assert [a.lot_item_id is not None for a in session.scalars(select(Award))] == [True]
    panel.lot.setCurrentIndex(panel.lot.findData(2))
    assert not panel.line.isEnabled() and panel.line.currentText() == "Whole lot"
    qtbot.wait(50)
    panel.grab().save("/tmp/award-panel-lines.png")  # to look at
    store.dispose()
