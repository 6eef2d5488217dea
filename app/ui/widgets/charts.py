"""The dashboard's two charts: dollars per category (confirmed and draft, stacked) and a
confirmation-progress donut. Plain QtCharts, no animation, readable at 1280×800."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from app.reports.chart_data import CONFIRMED_HEX, DRAFT_HEX, money_scale, short_category

CONFIRMED = QColor(CONFIRMED_HEX)
DRAFT = QColor(DRAFT_HEX)
EMPTY = QColor("#d0d4d9")


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class CategoryChart(QChartView):
    """Horizontal stacked bars: one bar per category, confirmed then draft dollars. A
    subclass draws other pairs of dollars (the savings panel: paid and saved per region)."""

    TITLE = "Dollars per category (confirmed and draft)"
    EMPTY_TITLE = "Dollars per category: no need lines yet"
    SERIES = (("Confirmed", CONFIRMED), ("Draft", DRAFT))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Dollars per category chart")
        self.setMinimumHeight(220)
        self.categories: list[str] = []
        self.set_data([])

    def set_data(self, rows: list[tuple[str, Decimal, Decimal]]) -> None:
        """rows: (category, confirmed dollars, draft dollars), largest first."""
        chart = _chart(self.TITLE)
        rows = list(reversed(rows[:12]))  # the largest on top
        largest = max((c + d for _n, c, d in rows), default=Decimal(0))
        scale, label_format = money_scale(largest)
        (first, first_colour), (second, second_colour) = self.SERIES
        confirmed, draft = QBarSet(first), QBarSet(second)
        confirmed.setColor(first_colour)
        draft.setColor(second_colour)
        for _name, c, d in rows:
            confirmed.append(float(c / scale))
            draft.append(float(d / scale))
        series = QHorizontalStackedBarSeries()
        series.append(confirmed)
        series.append(draft)
        series.setBarWidth(0.7)
        chart.addSeries(series)
        self.categories = [short_category(n) for n, _c, _d in rows]
        axis_y = QBarCategoryAxis()
        axis_y.append(self.categories or [""])
        axis_y.setTruncateLabels(False)
        axis_x = QValueAxis()
        axis_x.setLabelFormat(label_format)
        axis_x.setRange(0, max(float(largest / scale) * 1.05, 1.0))
        axis_x.setTickCount(5)
        axis_x.applyNiceNumbers()
        if not largest:  # no dollars yet: an axis of "$0 $0 $0 $1" says nothing
            axis_x.setLabelsVisible(False)
            chart.setTitle(self.EMPTY_TITLE)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()


class ProgressDonut(QChartView):
    """Share of the dollars confirmed, as a ring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Confirmation progress chart")
        self.setMinimumSize(200, 200)
        self.set_data(Decimal(0), Decimal(0))

    def set_data(self, confirmed: Decimal, draft: Decimal) -> None:
        total = confirmed + draft
        share = float(100 * confirmed / total) if total else 0.0
        chart = _chart(f"Dollars confirmed: {share:.0f} %")
        series = QPieSeries()
        series.setHoleSize(0.55)
        if total:
            done = series.append("Confirmed", float(confirmed))
            done.setColor(CONFIRMED)
            todo = series.append("Draft", float(draft))
            todo.setColor(DRAFT)
        else:
            series.append("No need lines yet", 1.0).setColor(EMPTY)
        chart.addSeries(series)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
