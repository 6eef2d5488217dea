"""The app's charts: the dashboard's dollars per category (confirmed and draft, stacked) and
confirmation-progress donut, and the horizontal bars of the largest groups and vendor shares
(Demand). Plain QtCharts, no animation, readable at 1280×800."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QResizeEvent
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


LABEL_SHARE = 0.36  # of the chart's width, for the bar labels
LABEL_MIN_PX = 70
BAR_COLOUR = QColor("#2e6da4")
VENDOR_COLOURS = (QColor("#2e6da4"), QColor("#8fb8de"))


class BarChart(QChartView):
    """Horizontal bars with readable labels: the largest groups, or vendor shares."""

    def __init__(self, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(accessible)
        self.setMinimumHeight(150)
        self.labels: list[str] = []
        self.set_bars("", [], [])

    def set_bars(self, title: str, labels: list[str], series_values: list[list[float]],
                 series_names: list[str] | None = None, percent: bool = False) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        series = QHorizontalBarSeries()
        names = series_names or ["Amount"]
        for index, values in enumerate(series_values):
            bar_set = QBarSet(names[index])
            bar_set.setColor(VENDOR_COLOURS[index % 2] if series_names else BAR_COLOUR)
            bar_set.append([float(v) for v in reversed(values)])
            series.append(bar_set)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        self.labels = list(reversed(labels))
        # Qt would shorten every label to "…" when the pane is narrow (1366 px screens):
        # the labels are fitted to the chart's width here instead, and Qt leaves them whole.
        axis_y.setTruncateLabels(False)
        self._axis_y = axis_y
        self._fit_labels()
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_x = QValueAxis()
        largest = max((max(v) for v in series_values if v), default=0.0)
        if percent:
            axis_x.setRange(0, 100)
            axis_x.setLabelFormat("%.0f %%")
        else:
            scale, label_format = money_scale(Decimal(str(largest)))
            for bar_set in series.barSets():
                for index in range(bar_set.count()):
                    bar_set.replace(index, bar_set.at(index) / float(scale))
            axis_x.setRange(0, largest / float(scale) * 1.05 or 1)
            axis_x.setLabelFormat(label_format)
            axis_x.setTickCount(5)
            axis_x.applyNiceNumbers()
            axis_x.setLabelsVisible(largest > 0)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        chart.legend().setVisible(bool(series_names))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(chart)

    def _fit_labels(self) -> None:
        """Each label cut to about two fifths of the chart's width (never all "…"), and kept
        distinct: a category axis silently drops a repeated label, and its bar with it."""
        metrics = QFontMetrics(self._axis_y.labelsFont())
        budget = max(LABEL_MIN_PX, int(self.width() * LABEL_SHARE))
        shown: list[str] = []
        for label in self.labels:
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, budget)
            while text in shown:
                text += "\u200b"  # invisible, but makes the category distinct
            shown.append(text)
        if shown != self._axis_y.categories():
            self._axis_y.setCategories(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()
