"""Charts for the PDF reports, drawn with ReportLab graphics (vector, embedded fonts): the
same pictures the dashboard draws on screen, dollars per category (confirmed and draft) and
members per region. The figures come in as plain rows; nothing here knows where they came
from. The grouping and scaling helpers live in `chart_data` (no ReportLab), shared with the Qt
dashboard (one home).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.chart_data import (
    CONFIRMED_HEX,
    DRAFT_HEX,
    money_scale,
    short_category,
    short_money,
    top_rows,
)
from app.reports.styles import FONT, FONT_BOLD, INK, MUTED, RULE, register_fonts

CONFIRMED = colors.HexColor(CONFIRMED_HEX)
DRAFT = colors.HexColor(DRAFT_HEX)
CHARTER = colors.HexColor("#5b8fc9")
OTHER = colors.HexColor("#9aa5b1")
LEA = colors.HexColor("#2f5d8a")
BAR = 15.0  # points per bar (with its gap)
LABEL_SIZE = 7.5
TITLE_SIZE = 9.5


@dataclass(frozen=True)
class Series:
    name: str
    color: colors.Color
    values: tuple[float, ...]


def nice_ceiling(value: float, whole: bool = False) -> tuple[float, float]:
    """An axis end at or above `value` and its step: 1, 2, 2.5 or 5 times a power of ten,
    four or five steps. `whole`: counts, whose steps are never fractions ("0 0 1 1")."""
    if value <= 0:
        return (1.0, 1.0) if whole else (1.0, 0.25)
    if whole and value <= 5:
        return float(math.ceil(value)), 1.0
    power = 10 ** math.floor(math.log10(value / 4))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if whole and step != int(step):
            continue
        if step * 5 >= value:
            return step * math.ceil(value / step), step
    return 10 * power * 5, 10 * power  # not reached: factor 10 always fits


def stacked_bars(title: str, labels: Sequence[str], series: Sequence[Series], width: float,
                 axis_label: Callable[[float], str],
                 total_label: Callable[[float], str] | None = None,
                 whole: bool = False) -> Drawing:
    """Horizontal stacked bars, the first label on top, with a legend under the axis and
    each bar's total at its end. `axis_label` formats the value-axis ticks; `whole` when
    the values are counts."""
    register_fonts()
    count = max(len(labels), 1)
    label_width = max([stringWidth(t, FONT, LABEL_SIZE) for t in labels] + [30.0]) + 8
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    end, step = nice_ceiling(max(totals, default=0.0) * 1.12, whole)  # room for totals
    plot_height = count * BAR
    legend_height = 16
    bottom = legend_height + 16  # legend, then the axis labels
    height = bottom + plot_height + TITLE_SIZE + 10
    drawing = Drawing(width, height, initialFontName=FONT, initialFontSize=LABEL_SIZE)
    drawing.add(String(0, height - TITLE_SIZE, title, fontName=FONT_BOLD,
                       fontSize=TITLE_SIZE, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, bottom
    chart.width, chart.height = width - label_width - 6, plot_height
    # ReportLab draws the first category at the bottom: reversed, the first row is on top.
    chart.data = [list(reversed(s.values)) for s in series]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, end
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = axis_label
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = LABEL_SIZE - 0.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.barWidth = 10
    chart.groupSpacing = BAR - 10
    chart.bars.strokeColor = None
    for index, s in enumerate(series):
        chart.bars[index].fillColor = s.color
    drawing.add(chart)
    label = total_label or axis_label
    for row, total in enumerate(totals):
        if not total:
            continue
        y = bottom + plot_height - (row + 0.5) * BAR - LABEL_SIZE * 0.35
        x = label_width + chart.width * total / end + 3
        drawing.add(String(x, y, label(total), fontName=FONT, fontSize=LABEL_SIZE - 0.5,
                           fillColor=INK))
    legend = Legend()
    legend.x, legend.y = label_width, legend_height - 4
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 0
    legend.dxTextSpace = 4
    legend.dx = legend.dy = 7
    legend.fontName, legend.fontSize, legend.fillColor = FONT, LABEL_SIZE, INK
    legend.strokeColor = None
    legend.colorNamePairs = [(s.color, s.name) for s in series]
    legend.autoXPadding = 14
    drawing.add(legend)
    return drawing


def dollars_by_category(rows: Sequence[tuple[str, Decimal, Decimal]], width: float,
                        title: str = "Dollars per category (confirmed and draft)") -> Drawing:
    """rows: (category, confirmed dollars, draft dollars); the largest are drawn, the rest
    summed (top_rows)."""
    ordered = sorted(((short_category(n), c, d) for n, c, d in rows),
                     key=lambda r: r[1] + r[2], reverse=True)
    shown = top_rows(ordered)
    largest = max((c + d for _n, c, d in shown), default=Decimal(0))
    scale, fmt = money_scale(largest)

    def axis(value: float) -> str:
        return "$0" if not value else fmt % (value / float(scale))

    return stacked_bars(
        title, [n for n, _c, _d in shown],
        [Series("Confirmed", CONFIRMED, tuple(float(c) for _n, c, _d in shown)),
         Series("Draft", DRAFT, tuple(float(d) for _n, _c, d in shown))],
        width, axis, short_money)


def members_by_region(rows: Sequence[tuple[str, int, int, int]], width: float,
                      title: str = "Participating members per region") -> Drawing:
    """rows: (region label, LEAs, charter schools, other members), in region order. A kind
    no region has is left out of the legend."""
    series = [Series(name, color, tuple(float(r[index]) for r in rows))
              for index, (name, color) in enumerate(
                  (("LEAs", LEA), ("Charter schools", CHARTER), ("Other", OTHER)), start=1)]
    return stacked_bars(title, [r[0] for r in rows],
                        [s for s in series if any(s.values)] or series[:1], width,
                        lambda v: f"{v:,.0f}", whole=True)
