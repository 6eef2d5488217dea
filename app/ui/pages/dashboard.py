"""Dashboard: how far the region's needs gathering has come for the funding year in focus —
lines and dollars by category and member, what is confirmed, who has entered nothing yet,
and the dates ahead in the funding-year calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.reports.chart_data import top_rows
from app.rules.money import short_money, whole_money
from app.services.dashboard import DashboardSummary, Deadline, Tally, dashboard_summary
from app.ui.formatting import count
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.pages.base import Page, paragraph
from app.ui.widgets.charts import CategoryChart, ProgressDonut
from app.ui.widgets.effort_saved import EffortSavedPanel
from app.ui.widgets.savings_panel import SavingsPanel
from app.ui.widgets.table_panel import TablePanel

FIGURES = (
    ("members", "Members"),
    ("needs", "Need lines"),
    ("amount", "Total of the needs"),
    ("confirmed", "Confirmed"),
    ("no_needs", "Members with no needs yet"),
)
PAST_DEADLINES_SHOWN = 2
CHART_CATEGORIES = 7


def chart_rows(tallies: list[Tally], top: int = CHART_CATEGORIES
               ) -> list[tuple[str, Decimal, Decimal]]:
    """The largest categories, the rest summed as "Other categories" so labels fit (the
    same grouping as the PDF charts)."""
    return top_rows([(t.name, t.confirmed_amount, t.draft_amount) for t in tallies], top)


def _pct(part: Decimal | int, whole: Decimal | int) -> str:
    return f"{100 * float(part) / float(whole):.0f} %" if whole else "–"


MEMBER_COLUMNS: list[Column[Tally]] = [
    Column("Code", lambda t: t.code),
    Column("Member", lambda t: t.name, stretch=True),
    Column("Lines", lambda t: t.lines, RIGHT, count),
    Column("Confirmed", lambda t: t.confirmed_amount, RIGHT, whole_money),
    Column("Draft", lambda t: t.draft_amount, RIGHT, whole_money),
    Column("Conf. %", lambda t: float(t.confirmed_amount / t.amount) if t.amount else 0.0,
           RIGHT, lambda v: f"{100 * v:.0f} %", "Share of the member's dollars confirmed"),
]


class Figure(QFrame):
    """One big number with its label underneath."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(label)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(label)

    def set_text(self, text: str, caption: str | None = None) -> None:
        self.value.setText(text)
        if caption is not None:
            self.caption.setText(caption)
        self.setAccessibleDescription(f"{text} {self.caption.text().lower()}")


def deadlines_html(deadlines: list[Deadline], today: date) -> str:
    past = [d for d in deadlines if d.on < today][-PAST_DEADLINES_SHOWN:]
    ahead = [d for d in deadlines if d.on >= today]
    rows = []
    for d in [*past, *ahead]:
        days = d.days_left(today)
        when = ("today" if days == 0 else f"in {days:,} days" if days > 0
                else f"{-days:,} days ago")
        style = "color:#7b8794" if days < 0 else ("font-weight:bold" if days <= 60 else "")
        pad = "style='padding:2px 10px 2px 0'"
        on = f"{d.on:%d %b %Y}".replace(" ", "&nbsp;")
        rows.append(f"<tr style='{style}'><td {pad}>{on}</td><td {pad}>FY{d.funding_year}"
                    f"</td><td {pad}>{escape(d.what)}</td>"
                    f"<td>{when.replace(' ', '&nbsp;')}</td></tr>")
    if not any("471" in d.what for d in ahead):
        rows.append("<tr><td colspan=4 style='padding-top:6px'>The next funding year's "
                    "Form 470 and 471 dates are not in this store yet: they come with its "
                    "parameters from the state coordinator.</td></tr>")
    return f"<table>{''.join(rows)}</table>"


class DashboardPage(Page):
    title = "Dashboard"
    listens_to = frozenset({"members", "schools", "contacts", "catalog", "needs", "instance",
                            "funding_years", "procurements", "allocations"})

    def _build_ui(self) -> None:
        # Scrolls rather than forcing a minimum window size on small screens.
        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.layout_.addWidget(scroll, 1)
        self.instance_label = QLabel()
        self.instance_label.setWordWrap(True)
        page.addWidget(self.instance_label)

        tiles = QGridLayout()
        tiles.setHorizontalSpacing(12)
        self.figures: dict[str, Figure] = {}
        for column, (key, label) in enumerate(FIGURES):
            self.figures[key] = Figure(label)
            tiles.addWidget(self.figures[key], 0, column)
            tiles.setColumnStretch(column, 1)
        page.addLayout(tiles)

        self.category_chart = CategoryChart()
        self.donut = ProgressDonut()
        self.lines_bar = QProgressBar()
        self.lines_bar.setAccessibleName("Lines confirmed")
        self.dollars_bar = QProgressBar()
        self.dollars_bar.setAccessibleName("Dollars confirmed")
        progress = QVBoxLayout()
        progress.addWidget(self.donut, 1)
        for bar in (self.lines_bar, self.dollars_bar):
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            progress.addWidget(bar)
        charts = QHBoxLayout()
        charts.addWidget(self.category_chart, 5)
        charts.addLayout(progress, 2)
        page.addLayout(charts, 0)
        # What the awards saved: measured from the allocations (a hint until there are any).
        self.savings_panel = SavingsPanel(self.ctx.store)
        page.addWidget(self.savings_panel)

        self.category_chart.setFixedHeight(290)
        self.donut.setFixedHeight(220)
        self.member_table = TablePanel(RowsModel(MEMBER_COLUMNS, lambda t: f"{t.code} {t.name}"),
                                       "members with needs", "member code or name")
        self.deadlines_label = paragraph("")
        self.no_needs_label = paragraph("")
        side = QVBoxLayout()
        side.addWidget(QLabel("<b>Funding-year calendar</b>"))
        side.addWidget(self.deadlines_label)
        side.addSpacing(6)
        side.addWidget(self.no_needs_label)
        side.addSpacing(6)
        # What the consortium exists for: separate procurements its members no longer run.
        self.effort_panel = EffortSavedPanel(self.ctx.store)
        side.addWidget(self.effort_panel)
        side.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.member_table, 5)
        bottom.addSpacing(12)
        bottom.addLayout(side, 3)
        page.addLayout(bottom, 1)
        self.summary: DashboardSummary | None = None

    def focus_filter(self) -> None:
        self.member_table.filter_edit.setFocus()
        self.member_table.filter_edit.selectAll()

    def refresh(self) -> None:
        info = self.ctx.info()
        with self.ctx.store.session() as session:
            summary = dashboard_summary(session)
        self.summary = summary
        total = summary.total
        year = f"FY{summary.funding_year}" if summary.funding_year else "all funding years"
        self.instance_label.setText(
            f"{info.title} · figures for <b>{year}</b> (the funding year in focus; change it "
            "under Settings) · withdrawn lines are left out")
        members = len(summary.by_member) + len(summary.members_without_needs)
        self.figures["members"].set_text(count(members))
        self.figures["needs"].set_text(
            count(total.lines), f"Need lines ({count(total.confirmed_lines)} confirmed, "
                                f"{count(total.draft_lines)} draft)")
        self.figures["amount"].set_text(whole_money(total.amount))
        self.figures["confirmed"].set_text(
            whole_money(total.confirmed_amount),
            f"Confirmed ({_pct(total.confirmed_amount, total.amount)} of the dollars)")
        self.figures["no_needs"].set_text(count(len(summary.members_without_needs)))

        self.category_chart.set_data(chart_rows(summary.by_category))
        self.donut.set_data(total.confirmed_amount, total.draft_amount)
        self.lines_bar.setValue(round(summary.lines_confirmed_pct))
        self.lines_bar.setFormat(f"{total.confirmed_lines:,} of {total.lines:,} lines "
                                 "confirmed (%p %)")
        self.dollars_bar.setValue(round(summary.dollars_confirmed_pct))
        self.dollars_bar.setFormat(f"{short_money(total.confirmed_amount)} of "
                                   f"{short_money(total.amount)} confirmed (%p %)")
        self.member_table.set_rows(summary.by_member)
        self.deadlines_label.setText(deadlines_html(summary.deadlines, date.today()))
        self.no_needs_label.setText(self._no_needs_html(summary))
        self.effort_panel.refresh(summary.funding_year)
        self.savings_panel.refresh(summary.funding_year,
                                   info.region if info.role == "region" else None)

    @staticmethod
    def _no_needs_html(summary: DashboardSummary) -> str:
        names = summary.members_without_needs
        if not names:
            return "<b>Every member has entered needs.</b>"
        shown = ", ".join(f"{escape(n)} ({escape(c)})" for c, n in names[:12])
        more = f" and {len(names) - 12:,} more" if len(names) > 12 else ""
        return f"<b>No needs yet ({len(names):,}):</b> {shown}{more}"
