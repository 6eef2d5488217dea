"""Procurements: group purchases planned from demand — the list, and for the selected one
its lots, members with their letter-of-agency status, E-rate figures, calendar and the
checklist of every rule with pass or fail and why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.calendar import CalendarEntry
from app.rules.procurement import CheckItem
from app.services.catalog import list_categories, list_items
from app.services.erate import funding_year_numbers
from app.services.needs import default_funding_year
from app.services.procurement_detail import (
    LotItemView,
    ParticipantView,
    ProcurementDetail,
    get_procurement,
)
from app.services.procurements import (
    ProcurementRow,
    create_procurement,
    edit_procurement,
    list_procurements,
)
from app.services.scope import current_identity
from app.ui.dialogs.milestones import MilestonesDialog
from app.ui.formatting import count, money, quantity
from app.ui.item_models.rows_model import CENTER, RIGHT, Column, RowsModel
from app.ui.pages.base import Page, paragraph
from app.ui.pages.procurement_erate import erate_html
from app.ui.widgets.history_panel import HistoryPanel
from app.ui.widgets.table_panel import TablePanel

PASS_COLOUR = QColor("#1b5e20")
FAIL_COLOUR = QColor("#b71c1c")


def _pct(value: int | None) -> str:
    return "" if value is None else f"{value} %"


PROCUREMENT_COLUMNS: list[Column[ProcurementRow]] = [
    Column("Ref", lambda r: r.ref),
    Column("Title", lambda r: r.title, stretch=True),
    Column("FY", lambda r: r.funding_year, RIGHT),
    Column("Method", lambda r: r.method, formatter=lambda v: v.capitalize()),
    Column("Status", lambda r: r.status, formatter=lambda v: v.capitalize()),
    Column("Lots", lambda r: r.lots, RIGHT, count),
    Column("Members", lambda r: r.members, RIGHT, count),
    Column("Estimated", lambda r: r.estimated_total, RIGHT, money),
    Column("Funding", lambda r: ", ".join(r.funding_sources), max_width=160),
]
CHECK_COLUMNS: list[Column[CheckItem]] = [
    Column("Result", lambda c: "PASS" if c.passed else "FAIL", CENTER),
    Column("Rule", lambda c: c.rule, max_width=300),
    Column("Reason", lambda c: c.reason, stretch=True),
]
CALENDAR_COLUMNS: list[Column[CalendarEntry]] = [
    Column("Date", lambda e: e.on, formatter=lambda d: d.isoformat() if d else "not set"),
    Column("Step", lambda e: e.label, max_width=300),
    Column("How it is worked out", lambda e: e.note, stretch=True),
]
LOT_COLUMNS: list[Column[tuple[int, str, LotItemView]]] = [
    Column("Lot", lambda t: t[0], RIGHT),
    Column("Item", lambda t: t[2].item_code, max_width=130),
    Column("Description", lambda t: t[2].description, stretch=True),
    Column("E-rate", lambda t: t[2].erate_category),
    Column("Quantity", lambda t: t[2].quantity, RIGHT, quantity),
    Column("Est. price", lambda t: t[2].estimated_unit_price, RIGHT, money),
    Column("Amount", lambda t: t[2].estimated_amount, RIGHT, money),
    Column("Members", lambda t: t[2].members, RIGHT, count),
    Column("Volume price", lambda t: t[2].savings.consortium_price if t[2].savings else None,
           RIGHT, money, "Consortium price at the total quantity (from price tiers)"),
    Column("Savings", lambda t: t[2].savings.savings if t[2].savings else None, RIGHT, money,
           "Each member's price alone against the consortium price, summed"),
]
MEMBER_COLUMNS: list[Column[ParticipantView]] = [
    Column("Member", lambda p: p.code),
    Column("Name", lambda p: p.name, stretch=True),
    Column("Lots", lambda p: p.lots_taken, RIGHT, count),
    Column("Amount", lambda p: p.estimated_amount, RIGHT, money),
    Column("C1", lambda p: p.c1, RIGHT, _pct, "Category 1 discount"),
    Column("C2", lambda p: p.c2, RIGHT, _pct, "Category 2 discount"),
    Column("E-rate share", lambda p: p.erate_share, RIGHT, money,
           "E-rate's part at the member's own discount; Category 2 only up to what is left "
           "of its five-year C2 budget"),
    Column("Member share", lambda p: p.member_share, RIGHT, money),
    Column("Over budget", lambda p: p.c2_over_budget or None, RIGHT, money,
           "Category 2 cost beyond the member's remaining C2 budget: no E-rate discount"),
    Column("Letter of agency", lambda p: "OK" if p.loa_ok else "; ".join(p.loa_problems),
           max_width=260),
]


def _colour_results(panel: TablePanel, column: int = 0) -> None:
    """Pass in green, fail in red: set on the model's data via a tiny override."""
    model = panel.model
    original = model.data

    def data(index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() \
                and index.column() == column:
            text = original(index, Qt.ItemDataRole.DisplayRole)
            if text in ("PASS", "OK"):
                return PASS_COLOUR
            if text == "FAIL" or (text and column != 0):
                return FAIL_COLOUR
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.column() == column:
            font = QFont()
            font.setBold(True)
            return font
        return original(index, role)

    model.data = data  # type: ignore[method-assign]


class ProcurementsPage(Page):
    title = "Procurements"
    listens_to = frozenset({"procurements", "needs", "members", "funding_years", "letters"})

    def _build_ui(self) -> None:
        self.detail: ProcurementDetail | None = None
        self.new_button = QPushButton("&New from demand…")
        self.new_button.setToolTip("Plan a procurement from confirmed demand (state only)")
        self.dates_button = QPushButton("Milestones && &status…")
        self.dates_button.setToolTip("Record Form 470, RFP, advertisement, bid and contract "
                                     "dates; the checklist follows")
        self.file_button = QPushButton("Procurement fi&le…")
        self.file_button.setToolTip("Save the procurement file: one bookmarked PDF with every "
                                    "bidding document an auditor asks for")
        self.originals_box = QCheckBox("with the &originals (zip)")
        self.originals_box.setToolTip("Also save the received bid files and the packet in a "
                                      "zip beside the PDF, with a SHA-256 manifest")
        self.fy_button = QPushButton("Funding-year &parameters…")
        self.fy_button.setToolTip("Discount matrix, C2 budgets, thresholds and dates")
        self.ocds_button = QPushButton("Export open &data (OCDS)…")
        self.ocds_button.setToolTip("Save the procurement as an OCDS 1.1 release package: one "
                                    "release per stage reached (state only)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.dates_button)
        buttons.addStretch(1)
        buttons.addWidget(self.fy_button)
        self.layout_.addLayout(buttons)
        # The records an auditor or the public gets: a row of their own, so the page still
        # fits an 800-pixel window.
        records = QHBoxLayout()
        records.addWidget(self.file_button)
        records.addWidget(self.originals_box)
        records.addWidget(self.ocds_button)
        self.ocds_message = QLabel()  # what the export wrote, beside its button
        self.ocds_message.setWordWrap(True)
        records.addWidget(self.ocds_message, 1)
        self.layout_.addLayout(records)

        self.table = TablePanel(RowsModel(PROCUREMENT_COLUMNS, lambda r: f"{r.ref} {r.title} "
                                          f"{r.status} {r.method}"), "procurements",
                                "reference, title, status or method")
        self.summary = paragraph("")
        self.summary.setAccessibleName("Procurement summary")
        self.checks = TablePanel(RowsModel(CHECK_COLUMNS), "rules", "rule or reason")
        _colour_results(self.checks)
        # A handful of rules with long reasons: wrap them rather than cut them off.
        self.checks.view.setWordWrap(True)
        self.checks.view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.calendar = TablePanel(RowsModel(CALENDAR_COLUMNS), "dates", "step")
        self.lots = TablePanel(RowsModel(LOT_COLUMNS), "lot items", "item or description")
        self.members = TablePanel(RowsModel(MEMBER_COLUMNS, lambda p: f"{p.code} {p.name} "
                                            f"{'ok' if p.loa_ok else 'missing'}"),
                                  "members", "code, name, or 'missing' for LOA gaps")
        _colour_results(self.members, len(MEMBER_COLUMNS) - 1)
        self.erate_panel = paragraph("")
        self.erate_panel.setAccessibleName("E-rate figures")
        erate_box = QWidget()
        erate_layout = QVBoxLayout(erate_box)
        erate_layout.addWidget(self.erate_panel)
        erate_layout.addStretch(1)
        self.history = HistoryPanel(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.checks, "Checklist")
        self.tabs.addTab(self.calendar, "Calendar")
        self.tabs.addTab(self.lots, "Lots")
        self.tabs.addTab(self.members, "Members && letters")
        self.tabs.addTab(erate_box, "E-rate")
        self.tabs.addTab(self.history, "History")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(self.tabs, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([150, 500])
        self.layout_.addWidget(split, 1)

    def _connect_signals(self) -> None:
        self.table.view.selectionModel().currentRowChanged.connect(self._on_row)
        self.new_button.clicked.connect(self._new)
        self.dates_button.clicked.connect(self._edit_dates)
        self.ocds_button.clicked.connect(self._ask_ocds)
        self.fy_button.clicked.connect(self._edit_years)
        self.file_button.clicked.connect(lambda: self.save_file())
        self.tabs.currentChanged.connect(self._tab_changed)

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()

    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            rows = list_procurements(session)
            is_state = current_identity(session).role == "state"
        current = self.detail.row.ref if self.detail else None
        # Planning and milestones are the state's: a region is not shown forms that would
        # fail only when saved.
        self.new_button.setVisible(is_state)
        self.dates_button.setVisible(is_state)
        self.dates_button.setEnabled(bool(rows))
        self.ocds_button.setVisible(is_state)  # the bids and the opening are the state's
        self.ocds_button.setEnabled(bool(rows))
        # Bids and issues are kept in the state's store only: the file is assembled there.
        for widget in (self.file_button, self.originals_box):
            widget.setVisible(is_state)
            widget.setEnabled(bool(rows))
        self.table.set_rows(rows)
        self.detail = None
        if not rows:
            self.summary.setText(
                "No procurements yet. Choose <b>New from demand…</b> (or select items on the "
                "Demand page and choose <b>Plan procurement…</b>) to group members' confirmed "
                "needs into lots." if is_state else
                "Procurements are planned by the state coordinator; they reach this instance "
                "through sync.")
            for panel in (self.checks, self.calendar, self.lots, self.members):
                panel.set_rows([])
            self.history.query = {}
            self.history.table.set_rows([])
            self.erate_panel.setText("")
            return
        refs = [r.ref for r in rows]
        self.table.view.selectRow(refs.index(current) if current in refs else len(rows) - 1)

    def _on_row(self, current, _previous=None) -> None:  # noqa: ANN001
        if not current.isValid():
            return
        row: ProcurementRow = self.table.proxy.source_rows().row_at(
            self.table.proxy.mapToSource(current).row())
        self.show_procurement(row.ref)

    def show_procurement(self, ref: str) -> None:
        with self.ctx.store.session() as session:
            detail = get_procurement(session, ref)
        self.detail = detail
        self.ocds_message.clear()  # it spoke of the procurement selected before
        row = detail.row
        failed = sum(1 for c in detail.checklist if not c.passed)
        verdict = ("<span style='color:#1b5e20'><b>every rule passes</b></span>" if not failed
                   else f"<span style='color:#b71c1c'><b>{failed} of {len(detail.checklist)} "
                        "rules fail</b></span>")
        loa_gaps = sum(1 for p in detail.participants if not p.loa_ok)
        self.summary.setText(
            f"<b>{row.ref} — {row.title}</b> (FY{row.funding_year}, {row.status})<br>"
            f"{detail.choice.label}: {money(row.estimated_total)} in {row.lots} lot(s) for "
            f"{row.members} member(s); funding {', '.join(row.funding_sources) or 'not given'}"
            f". Checklist: {verdict}; letters of agency missing or incomplete for "
            f"{loa_gaps} member(s).")
        self.checks.set_rows(detail.checklist)
        self.calendar.set_rows(detail.calendar)
        self.lots.set_rows([(lot.number, lot.name, item) for lot in detail.lots
                            for item in lot.items])
        self.members.set_rows(detail.participants)
        self.erate_panel.setText(erate_html(detail))
        self.tabs.setTabText(0, f"Checklist ({'all pass' if not failed else f'{failed} fail'})")
        self.history.query = {}  # read when its tab is shown: every lot, bid and allocation
        self._tab_changed()

    def _tab_changed(self, _index: int = 0) -> None:
        if self.detail is not None and self.tabs.currentWidget() is self.history \
                and self.history.query.get("procurement") != self.detail.row.ref:
            self.history.load(procurement=self.detail.row.ref)

    def _new(self) -> None:
        dialog = CreateProcurementDialog(self.ctx, self)
        if dialog.exec():
            self.detail = None
            self.ctx.notify("procurements")

    def _edit_dates(self) -> None:
        if self.detail is None:
            return
        dialog = MilestonesDialog(self.detail, self)
        if not dialog.exec():
            return
        try:
            with self.ctx.store.transaction() as session:
                edit_procurement(session, self.detail.row.ref, dialog.values())
        except UserError as error:
            QMessageBox.warning(self, "Milestones", str(error))
            return
        self.ctx.notify("procurements")

    def _ask_ocds(self) -> None:
        from app.ui.pages.procurement_ocds_action import ask_path

        if self.detail is not None and (out := ask_path(self, self.detail.row.ref)):
            self.export_ocds(out)

    def export_ocds(self, out: Path) -> bool:
        """Write the selected procurement's OCDS release package; the line beside the button
        says what was written."""
        from app.ui.pages.procurement_ocds_action import export_ocds

        if self.detail is None:
            return False
        said = export_ocds(self, self.ctx, self.detail.row.ref, out)
        if said:
            self.ocds_message.setText(said)
        return said is not None

    def save_file(self, path: str | None = None) -> Any:
        from app.ui.pages.procurement_file_action import save_file, saved_text

        if self.detail is None:
            return None
        saved = save_file(self, self.ctx, self.detail.row.ref, self.originals_box.isChecked(),
                          path)
        if saved is not None:
            self.summary.setText(self.summary.text().split("<br><i>Saved ")[0]
                                 + f"<br><i>{saved_text(saved)}</i>")
        return saved

    def _edit_years(self) -> None:
        from app.ui.dialogs.funding_year_editor import FundingYearEditor

        editor = FundingYearEditor(self.ctx, self)
        if editor.exec() or editor.saved:
            self.ctx.notify("funding_years")


class CreateProcurementDialog(QDialog):
    """Title, funding year, which demand (categories and/or items), lots by item or
    category, drafts or not, and which members (all with demand, or listed codes)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None, *,
                 items: Sequence[str] = (), categories: Sequence[str] = (),
                 funding_year: int | None = None, include_drafts: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created: ProcurementRow | None = None
        self.setWindowTitle("New procurement from demand")
        self.resize(760, 560)
        with ctx.store.session() as session:
            years = funding_year_numbers(session)
            focus = funding_year or default_funding_year(session)
            category_rows = [(c.code, c.name) for c in list_categories(session)]
            # Retired items too: the lines that have them still count in demand and are
            # still to be bought.
            item_rows = [(i.code, i.name if i.active else f"{i.name} (retired)")
                         for i in list_items(session, include_inactive=True)]
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Statewide wireless LAN FY2026")
        self.year_combo = QComboBox()
        for year in years:
            self.year_combo.addItem(f"FY{year}", year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(focus)))
        self.by_item = QRadioButton("one lot per &item")
        self.by_category = QRadioButton("one lot per &category")
        (self.by_category if categories and not items else self.by_item).setChecked(True)
        self.drafts = QCheckBox("include draft lines")
        self.drafts.setChecked(include_drafts)
        self.members_edit = QLineEdit()
        self.members_edit.setPlaceholderText("all members with matching demand — or codes, "
                                             "e.g. 920, 010, 32A")
        self.category_list = self._checklist(category_rows, categories)
        self.item_list = self._checklist(item_rows, items)
        lots = QHBoxLayout()
        lots.addWidget(self.by_item)
        lots.addWidget(self.by_category)
        lots.addWidget(self.drafts)
        lots.addStretch(1)
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Funding year:", self.year_combo)
        form.addRow("Lots:", lots)
        form.addRow("&Members:", self.members_edit)
        lists = QGridLayout()
        lists.addWidget(QLabel("Categories (all their items):"), 0, 0)
        lists.addWidget(QLabel("and/or items:"), 0, 1)
        lists.addWidget(self.category_list, 1, 0)
        lists.addWidget(self.item_list, 1, 1)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b71c1c")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("With no category or item ticked, all demand of the year is "
                                "used."))
        layout.addLayout(lists, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if items or categories:
            names = ", ".join([*categories, *items][:4])
            self.title_edit.setText(f"{names}{'…' if len(items) + len(categories) > 4 else ''}"
                                    f" FY{self.year_combo.currentData()}")

    @staticmethod
    def _checklist(rows: list[Any], ticked: Sequence[str]) -> QListWidget:
        widget = QListWidget()
        wanted = {t.upper() for t in ticked}
        for code, name in rows:
            entry = QListWidgetItem(f"{code} — {name}")
            entry.setData(Qt.ItemDataRole.UserRole, code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if code in wanted
                                else Qt.CheckState.Unchecked)
            widget.addItem(entry)
        return widget

    @staticmethod
    def _ticked(widget: QListWidget) -> list[str]:
        return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def accept(self) -> None:
        members = [c.strip() for c in self.members_edit.text().replace(";", ",").split(",")
                   if c.strip() and c.strip().lower() != "all"]
        try:
            with self.ctx.store.transaction() as session:
                self.created = create_procurement(
                    session, title=self.title_edit.text(),
                    funding_year=self.year_combo.currentData(),
                    items=self._ticked(self.item_list),
                    categories=self._ticked(self.category_list), members=members,
                    lot_basis="item" if self.by_item.isChecked() else "category",
                    include_drafts=self.drafts.isChecked())
        except UserError as error:
            self.error_label.setText(str(error))
            return
        super().accept()
