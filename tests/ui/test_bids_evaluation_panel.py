"""The evaluation panel: nothing priced while sealed; after the opening the ranking per lot
(price points by the packet's formula, consensus scores, not-ranked reasons), a bad score
refused with its reason and nothing stored, good scores ranking the lot, the score sheet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bid_samples import REF, add_scenario
from PySide6.QtWidgets import QTableWidget
from sqlalchemy import select

from app.models.db import Store
from app.models.evaluation import EvaluationScore
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.services.packet_issue import record_issue
from app.services.packet_settings import set_criteria
from app.ui.pages.bids_evaluation import FIRST, EvaluationPanel

CRITERIA = [{"name": "Price", "weight": "60", "is_price_of_eligible": True},
            {"name": "Technical fit", "weight": "30"}, {"name": "Support", "weight": "10"}]


def _store(tmp_path: Path, opened: bool) -> Store:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    add_scenario(store, tmp_path / "iran.csv", open_them=opened)
    with store.transaction() as session:
        set_criteria(session, REF, CRITERIA)
        record_issue(session, REF, b"%PDF final", now=datetime(2026, 1, 6, 15, tzinfo=UTC))
    return store


@pytest.fixture
def opened_store(tmp_path: Path) -> Iterator[Store]:
    store = _store(tmp_path, opened=True)
    yield store
    store.dispose()


def texts(table, row: int) -> list[str]:  # noqa: ANN001
    return [table.item(row, c).text() if table.item(row, c) else ""
            for c in range(table.columnCount())]


def test_sealed_shows_nothing(qtbot, tmp_path: Path, make_context) -> None:  # noqa: ANN001
    store = _store(tmp_path, opened=False)
    panel = EvaluationPanel(make_context(store))
    qtbot.addWidget(panel)
    panel.set_procurement(REF)
    assert "sealed until the opening" in panel.status.text()
    assert panel.lots.count() == 0 and not panel.save_button.isEnabled()
    assert not panel.sheet_button.isEnabled()
    store.dispose()


def _enter(panel: EvaluationPanel, vendor: str, criterion: str, points: str,
           consensus: bool = True, comment: str = "") -> bool:
    panel.lot.setCurrentIndex(panel.lot.findData(1))
    panel.vendor.setCurrentIndex(panel.vendor.findData(vendor))
    panel.criterion.setCurrentIndex(panel.criterion.findData(criterion))
    panel.consensus.setChecked(consensus)
    panel.points.setText(points)
    panel.comment.setText(comment)
    return panel.save_score()


def test_scores_rank_the_lot(qtbot, opened_store: Store, make_context,  # noqa: ANN001
                             tmp_path: Path) -> None:
    panel = EvaluationPanel(make_context(opened_store))
    qtbot.addWidget(panel)
    panel.resize(900, 540)
    panel.show()
    panel.set_procurement(REF)
    assert "Criteria frozen by the final packet issued 2026-01-06 10:00 EST" in \
        panel.status.text()
    assert panel.lots.count() == 2
    # Price points are computed: the price criterion is not offered; non-responsive
    # vendors are not offered either.
    assert [panel.criterion.itemData(i) for i in range(panel.criterion.count())] == [
        "Technical fit", "Support"]
    assert [panel.vendor.itemData(i) for i in range(panel.vendor.count())] == [
        "Blue Ridge Technology LLC", "Acme Networks Inc"]
    ranking = panel.findChild(QTableWidget, "ranking1")
    assert texts(ranking, 0)[:4] == ["—", "Blue Ridge Technology LLC", "$59,990.00", "60.00"]
    assert "no consensus score for Technical fit, Support" in texts(ranking, 0)[-1]

    assert not _enter(panel, "Acme Networks Inc", "Technical fit", "31")
    assert "outside 0..30" in panel.error.text()
    panel.evaluator.setText("Kim Evans")
    assert _enter(panel, "Acme Networks Inc", "Technical fit", "28", consensus=False,
                  comment="meets the specification")
    for vendor, fit, support in (("Acme Networks Inc", "27", "10"),
                                 ("Blue Ridge Technology LLC", "20", "6")):
        assert _enter(panel, vendor, "Technical fit", fit), panel.error.text()
        assert _enter(panel, vendor, "Support", support), panel.error.text()
    ranking = panel.findChild(QTableWidget, "ranking1")
    assert texts(ranking, 0)[:7] == ["1", "Acme Networks Inc", "$60,950.00", "59.05",
                                     "27.00", "10.00", "96.05"]
    assert ranking.item(0, 1).background().color() == FIRST
    assert texts(ranking, 1)[0] == "2" and texts(ranking, 2)[-1].startswith("not responsive")
    scores = panel.findChild(QTableWidget, "scores1")
    assert texts(scores, 0) == ["Acme Networks Inc", "Technical fit", "Kim Evans", "28.00",
                                "meets the specification"]
    with opened_store.session() as session:
        assert len(session.scalars(select(EvaluationScore)).all()) == 5
    qtbot.wait(50)
    panel.grab().save("/tmp/evaluation-panel.png")  # to look at
    pdf = panel.save_sheet(str(tmp_path / "sheet.pdf"))
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")


def test_fits_the_main_windows_minimum(qtbot, opened_store: Store,  # noqa: ANN001
                                       make_context) -> None:  # noqa: ANN001
    """The panel goes in a tab of a page: it must not push the window past 800×540."""
    panel = EvaluationPanel(make_context(opened_store))
    qtbot.addWidget(panel)
    panel.set_procurement(REF)
    hint = panel.minimumSizeHint()
    assert hint.width() <= 760 and hint.height() <= 480, hint
