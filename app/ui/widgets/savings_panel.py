"""The dashboard's savings panel: what the year's awarded procurements save the members
(their own prices against the awarded prices), the separate procurements replaced, and a bar
per region. Shown once something is allocated; until then one line says so.

One aggregate query (app.services.savings) per refresh; nothing here loads ReportLab,
openpyxl or pandas, so the dashboard starts as fast as before.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.reports.chart_data import CONFIRMED_HEX
from app.rules.savings import SavingsFigures
from app.services.savings import SavingsReport, savings_report
from app.services.store import Store
from app.ui.formatting import count
from app.ui.widgets.charts import CategoryChart

# Pixels: the title, axis and legend, then each region's bar (a shorter chart elides the
# axis labels to "...").
CHART_FRAME, BAR_HEIGHT = 140, 26


class RegionSavingsChart(CategoryChart):
    """Per region: paid at the awarded prices, then saved (the whole bar is what the
    members would have paid at their own prices)."""

    TITLE = "Per region: paid at the awarded prices, and saved against the members' own"
    EMPTY_TITLE = "Savings per region: nothing allocated yet"
    SERIES = (("Paid at awarded prices", QColor("#5b8fc9")), ("Saved", QColor(CONFIRMED_HEX)))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Savings per region chart")
        self.setMinimumHeight(150)


def whole(value: Decimal) -> str:
    return f"${value.quantize(Decimal(1)):,.0f}".replace("$-", "−$")


def headline(report: SavingsReport) -> str:
    f: SavingsFigures = report.statewide
    pct = f" ({f.savings_pct} %)" if f.savings_pct is not None else ""
    verb = "saved" if f.savings >= 0 else "more than the members' own prices"
    text = (f"<b>{whole(abs(f.savings))} {verb}</b>{pct}: {whole(f.amount)} at the awarded "
            f"prices instead of {whole(f.own_amount)} at the members' own; E-rate pays "
            f"{whole(f.erate_share)}, the members {whole(f.member_share)}.<br>"
            f"{count(f.members)} members · <b>{count(report.replaced)}</b> separate "
            f"procurements replaced ({count(f.separate_procurements)} member-lot "
            f"procurements less the consortium's {count(report.consortium_procurements)})")
    if report.not_awarded_lines:
        text += f" · {count(report.not_awarded_lines)} lines not awarded (in no figure)"
    return text


class SavingsPanel(QFrame):
    """Call `refresh(funding_year, region)` after data changes."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report: SavingsReport | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Savings")
        self.title = QLabel("<b>Savings</b>")
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.chart = RegionSavingsChart()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addWidget(self.chart)

    def refresh(self, funding_year: int | None = None, region: int | None = None) -> None:
        with self.store.session() as session:
            report = savings_report(session, year=funding_year, region=region)
        self.report = report
        where = f"FY{funding_year} awarded procurements" if funding_year else \
            "awarded procurements"
        if not report.procurements:
            self.title.setText(f"<b>Savings</b> — {escape(where)}")
            self.figures.setText("Nothing allocated yet: the savings show here once the state "
                                 "allocates an awarded procurement to its members.")
            self.chart.hide()
            return
        refs = ", ".join(report.procurements[:4]) + (
            f" and {len(report.procurements) - 4} more" if len(report.procurements) > 4
            else "")
        self.title.setText(f"<b>Savings</b> — {escape(where)} ({escape(refs)})")
        self.figures.setText(headline(report))
        rows = [(f"Region {r.key} {r.label}".strip() if r.key.isdigit() else r.label or r.key,
                 r.figures.amount, max(r.figures.savings, Decimal(0)))
                for r in report.regions]
        self.chart.set_data(rows)
        self.chart.setFixedHeight(CHART_FRAME + BAR_HEIGHT * len(rows))
        self.chart.show()
