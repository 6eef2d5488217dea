"""The Demand page: grouping, funding-year and drafts filters, drill-down to lines, the
charts, and planning a procurement from the selection."""

from __future__ import annotations

from procurement_ui_samples import add_state_samples
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from app.models.db import Store
from app.services.procurements import list_procurements
from app.ui.pages.demand import DemandPage
from app.ui.pages.procurements import CreateProcurementDialog


def _page(qtbot, store: Store, make_context) -> DemandPage:  # noqa: ANN001
    add_state_samples(store)
    page = DemandPage(make_context(store))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_groups_totals_and_drill_down(qtbot, state_store: Store, make_context) -> None:  # noqa: ANN001
    page = _page(qtbot, state_store, make_context)
    assert page.year_combo.currentData() == 2026
    rows = page.table.model.rows()
    assert [r.key[0] for r in rows] == ["CB-STU-116", "AP-WIFI6-IN"]
    assert "$440,000.00" in page.total_label.text()  # 343,000 + 97,000 (drafts excluded)
    # the first row is selected: its lines are listed below
    assert page.lines.model.rowCount() == 2
    assert "Lines behind CB-STU-116" in page.lines_title.text()
    assert page.chart.labels == ["AP-WIFI6-IN", "CB-STU-116"]  # largest at the top
    page.table.view.selectRow(1)
    assert {r.member_code for r in page.lines.model.rows()} == {"920", "010"}
    assert "2 preferred vendor(s) cover 80 %" in page.vendor_note.text()


def test_grouping_and_drafts(qtbot, state_store: Store, make_context) -> None:  # noqa: ANN001
    page = _page(qtbot, state_store, make_context)
    page.drafts_check.setChecked(True)
    assert "$453,000.00" in page.total_label.text()  # + 13,000 draft
    page.group_combo.setCurrentIndex(page.group_combo.findData("member"))
    headers = [c.header for c in page.table.model.columns]
    assert headers[:2] == ["Member", "Member name"] and "E-rate" not in headers
    assert {r.key[0] for r in page.table.model.rows()} == {"920", "010", "600"}
    page.group_combo.setCurrentIndex(page.group_combo.findData("item,region"))
    assert page.table.model.rowCount() == 5
    page.year_combo.setCurrentIndex(page.year_combo.findData(2025))
    assert page.table.model.rowCount() == 0


def test_plan_procurement_from_selection(qtbot, state_store: Store, make_context) -> None:  # noqa: ANN001
    page = _page(qtbot, state_store, make_context)
    page.table.view.selectRow(1)  # AP-WIFI6-IN
    rows = page.selected_rows()
    assert [r.key[0] for r in rows] == ["AP-WIFI6-IN"]
    dialog = CreateProcurementDialog(page.ctx, page, items=["AP-WIFI6-IN"], funding_year=2026)
    qtbot.addWidget(dialog)
    ticked = [dialog.item_list.item(i).data(Qt.ItemDataRole.UserRole)
              for i in range(dialog.item_list.count())
              if dialog.item_list.item(i).checkState() == Qt.CheckState.Checked]
    assert ticked == ["AP-WIFI6-IN"] and "AP-WIFI6-IN" in dialog.title_edit.text()
    dialog.title_edit.clear()
    dialog.accept()
    assert "title" in dialog.error_label.text() and dialog.created is None
    dialog.title_edit.setText("Access points")
    dialog.accept()
    assert dialog.created is not None and dialog.created.members == 2
    with state_store.session() as session:
        assert [r.title for r in list_procurements(session)] == ["Access points"]


def test_chart_labels_fit_a_1366_px_window(qtbot, state_store: Store, make_context) -> None:  # noqa: ANN001
    """Issue #12 item 9: at 1366 px every bar label of the top-10 chart read "…"."""
    page = _page(qtbot, state_store, make_context)
    page.resize(1366 - 160, 700)  # the window less its navigation column
    page.group_combo.setCurrentIndex(page.group_combo.findData("member"))
    axis = page.chart._axis_y
    assert not axis.truncateLabels()  # Qt's own "…" is off; the page fits the labels
    shown = axis.categories()
    assert len(shown) == len(page.chart.labels) == len(set(shown))
    budget = page.chart.width() * 0.36 + 1
    metrics = QFontMetrics(axis.labelsFont())
    for full, label in zip(page.chart.labels, shown, strict=True):
        assert metrics.horizontalAdvance(label) <= max(budget, 71)
        assert label.rstrip("\u200b…") and full.startswith(label.rstrip("\u200b…"))
    page.chart.grab().save("/tmp/meet-demand-chart.png")


def test_region_sees_no_plan_procurement_button(qtbot, region3_store: Store,  # noqa: ANN001
                                                make_context) -> None:
    """Issue #12 item 7: planning is the state's; a region's Demand page does not offer it."""
    page = DemandPage(make_context(region3_store))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.plan_button.isHidden()
