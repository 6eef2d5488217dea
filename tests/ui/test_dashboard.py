"""The dashboard over the demo data: its figures agree with the services, and it follows
changes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.models.db import Store
from app.services.demo import fill_demo
from app.services.funding_years import list_funding_years
from app.services.members import list_members
from app.services.needs import create_need, default_funding_year, list_needs
from app.ui.formatting import count
from app.ui.main_window import MainWindow
from app.ui.pages.dashboard import DashboardPage, deadlines_html, whole_money


@pytest.fixture
def demo_store(sqlite_region4: Store) -> Store:
    fill_demo(sqlite_region4, seed=1)
    return sqlite_region4


def open_dashboard(qtbot, store: Store, make_context) -> DashboardPage:  # noqa: ANN001
    window = MainWindow(make_context(store))
    qtbot.addWidget(window)
    window.show()
    window.show_page(0)
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    return page


@pytest.fixture
def dashboard(qtbot, demo_store: Store, make_context) -> DashboardPage:  # noqa: ANN001
    return open_dashboard(qtbot, demo_store, make_context)


def test_figures_match_the_services(dashboard: DashboardPage, demo_store: Store) -> None:
    with demo_store.session() as session:
        year = default_funding_year(session)
        needs = [n for n in list_needs(session, region=4, funding_year=year)
                 if n.status != "withdrawn"]
        members = list_members(session, region=4)
    confirmed = [n for n in needs if n.status == "confirmed"]
    total = sum((n.amount for n in needs), Decimal(0))
    confirmed_total = sum((n.amount for n in confirmed), Decimal(0))
    assert dashboard.figures["members"].value.text() == count(len(members))
    assert dashboard.figures["needs"].value.text() == count(len(needs))
    assert f"{len(confirmed):,} confirmed" in dashboard.figures["needs"].caption.text()
    assert dashboard.figures["amount"].value.text() == whole_money(total)
    assert dashboard.figures["confirmed"].value.text() == whole_money(confirmed_total)
    assert dashboard.lines_bar.value() == round(100 * len(confirmed) / len(needs))
    assert dashboard.dollars_bar.value() == round(float(100 * confirmed_total / total))
    assert f"FY{year}" in dashboard.instance_label.text()

    # Per member: Moore County Schools' row adds up to its own lines.
    moore = next(t for t in dashboard.member_table.model.rows() if t.code == "630")
    own = [n for n in needs if n.member_code == "630"]
    assert moore.lines == len(own)
    assert moore.amount == sum((n.amount for n in own), Decimal(0))
    # Per category: the chart's bars cover every dollar.
    summary = dashboard.summary
    assert summary is not None
    assert sum((t.amount for t in summary.by_category), Decimal(0)) == total
    assert dashboard.category_chart.categories[-1] == "Student and staff devices"


def test_member_without_needs_listed_and_refresh_on_change(
        dashboard: DashboardPage, demo_store: Store) -> None:
    assert "Every member has entered needs" in dashboard.no_needs_label.text()
    before = dashboard.summary.total.lines  # type: ignore[union-attr]
    with demo_store.transaction() as session:
        create_need(session, {"member": "630", "item": "CB-STU-140", "quantity": "10"})
    dashboard.ctx.notify("needs")
    assert dashboard.figures["needs"].value.text() == count(before + 1)


def test_calendar_uses_funding_year_dates(demo_store: Store) -> None:
    with demo_store.session() as session:
        fy = list_funding_years(session)[-1]
    closes = fy.values["form471_window_closes"]
    last470 = closes - timedelta(days=fy.values["erate_bidding_days"])
    from app.services.dashboard import funding_year_calendar

    with demo_store.session() as session:
        deadlines = funding_year_calendar(session)
    html = deadlines_html(deadlines, last470 - timedelta(days=10))
    assert f"{last470:%d %b %Y}".replace(" ", "&nbsp;") in html
    assert "Last day to certify a Form 470" in html
    assert "in&nbsp;10&nbsp;days" in html
    assert "Form 471 window closes" in html
    late = deadlines_html(deadlines, date(fy.year + 1, 1, 1))
    assert "not in this store yet" in late


def test_empty_chart_has_no_meaningless_axis(qtbot, sqlite_region4: Store,  # noqa: ANN001
                                             make_context) -> None:
    """Issue #12 item 9: with no needs the axis read "$0 $0 $0 $1 $1 $1"."""
    from PySide6.QtCharts import QValueAxis

    page = open_dashboard(qtbot, sqlite_region4, make_context)
    chart = page.category_chart.chart()
    [axis] = [a for a in chart.axes() if isinstance(a, QValueAxis)]
    assert not axis.labelsVisible()
    assert "no need lines yet" in chart.title()
