"""The dashboard's savings panel: a one-line hint until something is allocated, then the
figures the savings service measures and a bar per region; it follows an allocation."""

from __future__ import annotations

from pathlib import Path

from allocation_samples import awarded_scenario
from bid_samples import REF

from app.models.db import Store
from app.services.allocation import allocate
from app.services.needs import default_funding_year
from app.services.savings import savings_report
from app.ui.main_window import MainWindow
from app.ui.pages.dashboard import DashboardPage
from app.ui.widgets.savings_panel import whole


def open_dashboard(qtbot, store: Store, make_context) -> DashboardPage:  # noqa: ANN001
    window = MainWindow(make_context(store))
    qtbot.addWidget(window)
    window.show()
    window.show_page(0)
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    return page


def test_hint_until_allocated_then_figures_and_a_bar_per_region(
        qtbot, sqlite_state: Store, make_context, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(sqlite_state, tmp_path)
    page = open_dashboard(qtbot, sqlite_state, make_context)
    panel = page.savings_panel
    assert "Nothing allocated yet" in panel.figures.text()
    assert not panel.chart.isVisible()

    with sqlite_state.transaction() as session:
        allocate(session, REF)
    page.ctx.notify("allocations")
    with sqlite_state.session() as session:
        year = default_funding_year(session)
        report = savings_report(session, year=year)
    assert report.procurements == (REF,), f"the scenario's year is the focus ({year})"
    assert panel.report == report
    text = panel.figures.text()
    assert f"{whole(report.statewide.savings)} saved" in text
    assert "<b>3</b> separate procurements replaced" in text
    assert REF in panel.title.text()
    assert panel.chart.isVisible()
    assert panel.chart.categories == [f"Region {r.key} {r.label}" for r in report.regions]


def test_a_region_sees_the_hint_without_allocations(
        qtbot, sqlite_region4: Store, make_context) -> None:  # noqa: ANN001
    page = open_dashboard(qtbot, sqlite_region4, make_context)
    assert "Nothing allocated yet" in page.savings_panel.figures.text()
    assert page.savings_panel.report is not None
    assert page.savings_panel.report.statewide.lines == 0
