"""Demand: need lines added up by item, category, region or member, with the lines behind
each figure, a chart of the largest groups and the vendor shares of the selected one."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.demand import (
    DemandReport,
    DemandRow,
    VendorGroup,
    aggregate_demand,
    demand_lines,
    vendor_shares,
)
from app.services.erate import funding_year_numbers
from app.services.needs import default_funding_year
from app.services.scope import current_identity
from app.ui.formatting import count, money, quantity
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.pages.base import Page
from app.ui.pages.needs import NEED_COLUMNS, need_search_text
from app.ui.widgets.charts import BarChart
from app.ui.widgets.table_panel import TablePanel

GROUPINGS = (("Item", "item"), ("Category", "category"), ("Region", "region"),
             ("Member", "member"), ("Item × region", "item,region"))
CHART_BARS = 10
DRILL_LIMIT = 5000


def _short(text: str, width: int = 34) -> str:
    text = text.split(" (")[0]
    return text if len(text) <= width else text[:width - 1] + "…"


def demand_columns(dims: tuple[str, ...]) -> list[Column[DemandRow]]:
    columns: list[Column[DemandRow]] = []
    for index, dim in enumerate(dims):
        def key(r: DemandRow, i: int = index) -> object:
            return r.key[i]

        def label(r: DemandRow, i: int = index) -> str:
            return r.labels[i]

        if dim == "item":
            columns += [Column("Item", key, max_width=120),
                        Column("Description", label, stretch=len(dims) == 1, max_width=260)]
        elif dim == "category":
            columns += [Column("Category", key, max_width=110),
                        Column("Category name", label, stretch=True)]
        elif dim == "region":
            columns += [Column("Region", key, RIGHT),
                        Column("Region name", label, stretch=len(dims) == 1, max_width=140)]
        elif dim == "member":
            columns += [Column("Member", key),
                        Column("Member name", label, stretch=True)]
    columns += [
        Column("Quantity", lambda r: r.quantity, RIGHT, quantity,
               "Total quantity, in the item's unit (see the lines below); units differ "
               "between the items of a category"),
        Column("E-rate", lambda r: r.erate_category, max_width=80,
               tooltip="E-rate category of the item: C1, C2 or ineligible"),
        Column("Amount", lambda r: r.amount, RIGHT, money),
        Column("Members", lambda r: r.members, RIGHT, count,
               "Members with at least one line in this group (the lines are listed below "
               "when the row is selected)"),
    ]
    if "item" not in dims:
        columns = [c for c in columns if c.header != "E-rate"]
    return columns


def chart_label(row: DemandRow) -> str:
    """Short, distinct bar labels: item codes, short category names, 'code name' members."""
    parts = []
    for dim, key, label in zip(row.dims, row.key, row.labels, strict=True):
        if dim == "item":
            parts.append(str(key) or _short(label, 18))
        elif dim == "member":
            parts.append(f"{key} {_short(label, 18)}")
        elif dim == "region":
            parts.append(f"R{key} {label}" if len(row.dims) == 1 else f"R{key}")
        else:
            parts.append(_short(label, 26))
    return " · ".join(parts)


def demand_search_text(row: DemandRow) -> str:
    return " ".join(str(v) for v in (*row.key, *row.labels, row.erate_category))


class DemandPage(Page):
    title = "Demand"
    listens_to = frozenset({"needs", "members", "catalog", "procurements"})

    def _build_ui(self) -> None:
        self.report: DemandReport | None = None
        self.vendor_groups: dict[str, VendorGroup] = {}

        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName("Group demand by")
        for label, value in GROUPINGS:
            self.group_combo.addItem(label, value)
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Funding year")
        self.drafts_check = QCheckBox("Include &drafts")
        self.drafts_check.setToolTip("Count draft (unconfirmed) lines too; withdrawn lines "
                                     "never count")
        self.plan_button = QPushButton("&Plan procurement…")
        self.plan_button.setToolTip("Plan a procurement from the selected items or categories "
                                    "(state coordinator)")
        self.export_button = QPushButton("&Export…")
        self.export_button.setToolTip("Write these figures (and vendor shares) to a spreadsheet")
        controls = QHBoxLayout()
        for text, widget in (("&Group by:", self.group_combo), ("Funding &year:",
                                                                self.year_combo)):
            label = QLabel(text)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
            controls.addSpacing(8)
        controls.addWidget(self.drafts_check)
        controls.addStretch(1)
        self.layout_.addLayout(controls)

        self.table = TablePanel(RowsModel(demand_columns(("item",)), demand_search_text),
                                "groups", "code, name or E-rate category")
        self.chart = BarChart("Largest groups chart")
        self.vendor_chart = BarChart("Vendor shares chart")
        self.vendor_note = QLabel()
        self.vendor_note.setWordWrap(True)
        self.vendor_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        vendor_box = QWidget()
        vendor_layout = QVBoxLayout(vendor_box)
        vendor_layout.setContentsMargins(0, 0, 0, 0)
        vendor_layout.addWidget(self.vendor_chart, 1)
        vendor_layout.addWidget(self.vendor_note)
        self.charts = QTabWidget()
        self.charts.addTab(self.chart, "Largest")
        self.charts.addTab(vendor_box, "Vendors of the selection")

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.table)
        top.addWidget(self.charts)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([740, 340])

        self.lines_title = QLabel("Select a row to see the need lines behind it.")
        self.lines = TablePanel(RowsModel(NEED_COLUMNS, need_search_text), "need lines",
                                "member, item, description or status")
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addWidget(self.lines_title)
        lines_layout.addWidget(self.lines, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(lines_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([400, 220])
        self.layout_.addWidget(split, 1)

        self.total_label = QLabel()
        self.total_label.setWordWrap(True)
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.total_label.setAccessibleName("Demand totals")
        self.total_label.setMinimumWidth(200)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total_label, 1)
        bottom.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.group_combo.currentIndexChanged.connect(self.refresh)
        self.year_combo.currentIndexChanged.connect(self.refresh)
        self.drafts_check.toggled.connect(self.refresh)
        self.table.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.export_button.clicked.connect(self._export)
        self.plan_button.clicked.connect(self._plan)

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    # --- data -----------------------------------------------------------------------------
    def _fill_years(self) -> None:
        with self.ctx.store.session() as session:
            years = funding_year_numbers(session)
            focus = default_funding_year(session)
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem("All years", None)
        for year in years:
            self.year_combo.addItem(f"FY{year}", year)
        wanted = current if current is not None or self.year_combo.count() == 0 else None
        index = self.year_combo.findData(wanted if wanted is not None else focus)
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year_combo.blockSignals(False)

    @property
    def dims(self) -> tuple[str, ...]:
        return tuple(str(self.group_combo.currentData()).split(","))

    @property
    def funding_year(self) -> int | None:
        return self.year_combo.currentData()

    def refresh(self) -> None:
        if self.year_combo.count() == 0:
            self._fill_years()
        by = ",".join(self.dims)
        include = self.drafts_check.isChecked()
        with self.ctx.store.session() as session:
            # Planning a procurement is the state's: a region is not offered a form that
            # would fail only at Create.
            self.plan_button.setVisible(current_identity(session).role == "state")
            self.report = aggregate_demand(session, by, self.funding_year, include)
            self.vendor_groups = {}
            if self.dims[0] in ("item", "category"):
                self.vendor_groups = {g.code: g for g in vendor_shares(
                    session, self.dims[0], self.funding_year, include)}
        self.table.model.columns = demand_columns(self.dims)
        self.table.set_rows(self.report.rows)
        self._update_chart()
        self._update_totals()
        self.lines.set_rows([])
        self.lines_title.setText("Select a row to see the need lines behind it.")
        self.vendor_chart.set_bars("Select an item or category", [], [])
        self.vendor_note.setText("")
        if self.report.rows:
            self.table.view.selectRow(0)

    def _update_chart(self) -> None:
        assert self.report is not None
        rows = self.report.rows[:CHART_BARS]
        noun = {"item": "items", "category": "categories", "region": "regions",
                "member": "members"}[self.dims[0]]
        self.chart.set_bars(f"Largest {len(rows)} {noun if len(self.dims) == 1 else 'groups'}"
                            " by amount", [chart_label(r) for r in rows],
                            [[float(r.amount) for r in rows]])

    def _update_totals(self) -> None:
        assert self.report is not None
        report = self.report
        potential = report.potential
        done = next((e for e in report.effort if e.source == "all"), None)
        kind = "confirmed and draft" if report.include_drafts else "confirmed"
        text = (f"<b>{money(report.amount)}</b> from {report.members:,} members in "
                f"{report.lines:,} {kind} lines. Bought once per group, these "
                f"{len(report.rows):,} groups replace "
                f"{potential.separate_procurements:,} separate purchases by members.")
        if done and done.consortium_procurements:
            text += (f" The consortium's {done.consortium_procurements} procurement(s) "
                     f"already replace {done.separate_procurements:,}.")
        self.total_label.setText(text)

    def _on_row(self, current, _previous=None) -> None:  # noqa: ANN001
        if not current.isValid() or self.report is None:
            return
        row: DemandRow = self.table.proxy.source_rows().row_at(
            self.table.proxy.mapToSource(current).row())
        self.show_lines(row)
        self._show_vendors(row)

    def show_lines(self, row: DemandRow) -> None:
        key = dict(zip(row.dims, row.key, strict=True))
        with self.ctx.store.session() as session:
            lines = demand_lines(session, key, self.funding_year, self.drafts_check.isChecked(),
                                 limit=DRILL_LIMIT)
        self.lines.set_rows(lines)
        more = f" (first {DRILL_LIMIT:,})" if len(lines) >= DRILL_LIMIT else ""
        self.lines_title.setText(f"<b>Lines behind {row.title}</b>: {row.lines:,} line(s), "
                                 f"{money(row.amount)}{more}")

    def _show_vendors(self, row: DemandRow) -> None:
        group = self.vendor_groups.get(str(row.key[0])) if row.dims[0] in (
            "item", "category") else None
        if group is None:
            self.vendor_chart.set_bars("Vendor shares are shown for items and categories",
                                       [], [])
            self.vendor_note.setText("")
            return
        names = [v.vendor for v in group.preferred.vendors][:6]
        current = {v.vendor: v.share for v in group.current.vendors}
        preferred = {v.vendor: v.share for v in group.preferred.vendors}
        for vendor in [v.vendor for v in group.current.vendors]:
            if vendor not in names and len(names) < 6:
                names.append(vendor)
        self.vendor_chart.set_bars(
            f"Share of {_short(group.name, 40)}",
            [_short(n, 26) for n in names],
            [[float(preferred.get(n, 0) * 100) for n in names],
             [float(current.get(n, 0) * 100) for n in names]],
            ["Preferred vendor", "Current vendor"], percent=True)
        self.vendor_note.setText(
            f"{group.preferred.cover(Decimal('0.8'))} preferred vendor(s) cover 80 % of the "
            f"dollars and {group.preferred.cover(Decimal('0.95'))} cover 95 %; by current "
            f"vendor {group.current.cover(Decimal('0.8'))} and "
            f"{group.current.cover(Decimal('0.95'))}. One award per preferred vendor lets "
            "members keep their vendor at the volume price.")

    # --- actions --------------------------------------------------------------------------
    def selected_rows(self) -> list[DemandRow]:
        source = self.table.proxy.source_rows()
        rows = {self.table.proxy.mapToSource(i).row()
                for i in self.table.view.selectionModel().selectedRows()}
        return [source.row_at(r) for r in sorted(rows)]

    def _export(self) -> None:
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export demand", str(
            Path.home() / "demand.xlsx"), "Excel workbook (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        from app.services.tabular_demand import write_demand

        try:
            write_demand(Path(path), self.report, list(self.vendor_groups.values()) or None)
        except UserError as error:
            QMessageBox.warning(self, "Export demand", str(error))

    def _plan(self) -> None:
        from app.ui.pages.procurements import CreateProcurementDialog

        rows = self.selected_rows()
        items = [str(r.value("item")) for r in rows if "item" in r.dims and r.value("item")]
        categories = [str(r.value("category")) for r in rows if "category" in r.dims]
        dialog = CreateProcurementDialog(self.ctx, self, items=items, categories=categories,
                                         funding_year=self.funding_year,
                                         include_drafts=self.drafts_check.isChecked())
        if dialog.exec():
            self.ctx.notify("procurements")
