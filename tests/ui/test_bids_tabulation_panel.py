"""The tabulation panel: sealed (who bid and when, no price) until the opening is recorded in
its dialog; then per lot the matrix with the lowest responsive price highlighted, the
responsiveness table, and the XLSX and PDF saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bid_samples import REF, add_scenario

from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.ui.pages.bids_tabulation import LOWEST, TabulationPanel


@pytest.fixture
def sealed_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    add_scenario(store, tmp_path / "iran.csv", open_them=False)
    yield store
    store.dispose()


def texts(table) -> list[str]:  # noqa: ANN001
    return [table.item(r, c).text() for r in range(table.rowCount())
            for c in range(table.columnCount()) if table.item(r, c)]


def test_sealed_then_opened_then_saved(qtbot, sealed_store: Store, make_context,  # noqa: ANN001
                                       tmp_path: Path) -> None:
    panel = TabulationPanel(make_context(sealed_store))
    qtbot.addWidget(panel)
    panel.set_procurement(REF)
    assert panel.status.text().startswith("sealed: 5 bid(s) received from Acme Networks Inc")
    assert "prices hidden until the opening" in panel.status.text()
    shown = texts(panel.received)
    assert "sealed" in shown and not any("$" in t for t in shown)
    assert panel.lots.count() == 0 and not panel.pdf_button.isEnabled()
    assert panel.open_button.isEnabled()

    dialog = panel.record_opening()
    assert dialog is not None
    dialog.by.setText("")
    dialog.accept()
    assert "who opens the bids" in dialog.error.text() and dialog.isVisible()
    dialog.by.setText("Pat Buyer")
    dialog.witnesses.setPlainText("Sam Witness\nLee Witness\n")
    dialog.accept()
    assert not dialog.isVisible()
    assert "by Pat Buyer (witnesses: Sam Witness, Lee Witness)" in panel.status.text()
    assert panel.lots.count() == 2 and not panel.open_button.isEnabled()
    matrix = panel.findChild(type(panel.received), "lot1")
    lowest = {matrix.item(r, c).text() for r in range(matrix.rowCount())
              for c in range(matrix.columnCount())
              if matrix.item(r, c) and matrix.item(r, c).background().color() == LOWEST}
    assert lowest == {"$590.00 *", "$59,000.00", "$95.00", "$950.00", "$59,990.00"}
    checks = texts(panel.findChild(type(panel.received), "checks1"))
    assert any(t.startswith("FAIL: Not on the NC Treasurer's Iran") for t in checks)
    assert "received late, not opened" in texts(panel.received)

    xlsx = panel.save("xlsx", str(tmp_path / "tab.xlsx"))
    pdf = panel.save("pdf", str(tmp_path / "tab.pdf"))
    assert xlsx is not None and xlsx.stat().st_size > 0
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")


def test_a_region_cannot_record_an_opening(qtbot, region3_store: Store,  # noqa: ANN001
                                           make_context) -> None:  # noqa: ANN001
    panel = TabulationPanel(make_context(region3_store))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.status.text() == "No procurement yet."
    assert not panel.open_button.isVisible() and not panel.xlsx_button.isEnabled()
