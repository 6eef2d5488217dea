"""Vendors: the registry of companies that may bid, and whether each may be awarded. The
state adds, edits, removes and imports vendors and keeps the compliance lists; a region sees
both read-only (they arrive in the state's bundle).

Each vendor's compliance is a list of PASS / FAIL / NOT CHECKED lines (app.rules.compliance);
the table sums them up, the pane below shows them with their reasons. Chosen with a
procurement, the E-rate and federal lines (Form 473, Covered List, SAM.gov) join them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.compliance import FAIL, NOT_CHECKED, PASS, ComplianceLine, compliance_summary
from app.services.compliance import ListRow, compliance_for, compliance_of_live_vendors, list_lists
from app.services.procurements import list_procurements
from app.services.scope import current_identity
from app.services.vendors import (
    LABELS,
    VendorRow,
    add_vendor,
    edit_vendor,
    list_vendors,
    remove_vendor,
)
from app.ui.dialogs.record_form import RecordDialog
from app.ui.dialogs.vendor_dialogs import vendor_fields
from app.ui.item_models.rows_model import CENTER, Column, RowsModel
from app.ui.pages.base import Page, paragraph
from app.ui.widgets.table_panel import TablePanel

# Dark enough to read on white; amber says "not known", not "wrong".
STATUS_COLOURS = {PASS: "#1b7f3b", FAIL: "#b00020", NOT_CHECKED: "#a15c00"}


@dataclass(frozen=True)
class VendorLine:
    """A registry row and its compliance (without a procurement), summed up."""

    vendor: VendorRow
    lines: tuple[ComplianceLine, ...]

    @property
    def summary(self) -> str:
        return compliance_summary(self.lines)

    @property
    def worst(self) -> str:
        statuses = {x.status for x in self.lines}
        return next((s for s in (FAIL, NOT_CHECKED) if s in statuses), PASS)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


VENDOR_COLUMNS: list[Column[VendorLine]] = [
    Column("Legal name", lambda r: r.vendor.name, stretch=True),
    Column("DBA", lambda r: r.vendor.dba, max_width=160),
    Column("SPIN", lambda r: r.vendor.spin_498, tooltip="FCC Form 498 ID"),
    Column("NC vendor no.", lambda r: r.vendor.nc_vendor_number),
    Column("E-Verify", lambda r: r.vendor.e_verify_affidavit, CENTER, yes_no,
           tooltip="E-Verify affidavit on file (G.S. 143-133.3)"),
    Column("Form 473", lambda r: r.vendor.form_473_years.replace(",", ", "),
           tooltip="Funding years with a Form 473 (SPAC) on file"),
    Column("W-9", lambda r: r.vendor.w9_on_file, CENTER, yes_no),
    Column("HUB", lambda r: r.vendor.hub_class or r.vendor.hub_certified, CENTER,
           lambda v: v if isinstance(v, str) else yes_no(v), tooltip="HUB certified"),
    Column("Compliance", lambda r: r.summary, max_width=200,
           tooltip="Without a procurement: the Treasurer's lists, E-Verify and W-9"),
]
COMPLIANCE_COLUMN = len(VENDOR_COLUMNS) - 1


class VendorRowsModel(RowsModel[VendorLine]):
    """The compliance column in its worst status's colour."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() \
                and index.column() == COMPLIANCE_COLUMN:
            return QColor(STATUS_COLOURS[self.row_at(index.row()).worst])
        return super().data(index, role)


def vendor_search_text(row: VendorLine) -> str:
    v = row.vendor
    return f"{v.name} {v.dba} {v.spin_498} {v.nc_vendor_number} {row.summary}"


def facts_html(v: VendorRow) -> str:
    """The vendor's registry facts, the filled ones only (as `vendors show` prints them)."""
    head = f"<b>{escape(v.name)}</b>" + (f" (doing business as {escape(v.dba)})"
                                          if v.dba else "")
    facts = []
    for key in list(LABELS)[2:]:
        value = getattr(v, key)
        if value in ("", None, False):
            continue
        text = "yes" if value is True else str(value)
        facts.append(f"{escape(LABELS[key])}: {escape(text).replace(chr(10), ', ')}")
    return head + f" <span style='color:gray'>id {v.short_id}</span><br>" + "<br>".join(facts)


class VendorsPage(Page):
    title = "Vendors"
    listens_to = frozenset({"vendors", "procurements", "bids"})  # bid lines: Covered List

    def _build_ui(self) -> None:
        self.is_state = False
        self.operator = ""
        self.note = paragraph("")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._registry_tab(), "&Registry")
        self.tabs.addTab(self._lists_tab(), "Compliance &lists")
        self.layout_.addWidget(self.note)
        self.layout_.addWidget(self.tabs, 1)

    def _registry_tab(self) -> QWidget:
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("Re&move…")
        self.import_button = QPushButton("&Import…")
        self.import_button.setToolTip("Add and update vendors from an .xlsx or .csv file; you "
                                      "see what changes before it is written")
        buttons = QHBoxLayout()
        for button in self._state_buttons():
            buttons.addWidget(button)
            button.hide()  # until refresh knows this is the state instance
        buttons.addStretch(1)
        self.table = TablePanel(VendorRowsModel(VENDOR_COLUMNS, vendor_search_text),
                                "vendors", "name, DBA, SPIN or status — e.g. acme, FAIL")
        self.facts = paragraph("")
        self.procurement = QComboBox()
        self.procurement.setAccessibleName("For procurement")
        self.procurement.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.procurement.setMaximumWidth(420)
        self.procurement.setToolTip("With a procurement, its E-rate and federal lines too: "
                                    "Form 498 ID, Form 473 for its year, the Covered List "
                                    "against the vendor's bid lines, SAM.gov")
        self.sam_button = QPushButton("Record SAM.gov &check…")
        self.sam_button.setToolTip("Who searched SAM.gov's exclusions for this vendor, when, "
                                   "and the result: required when the procurement spends "
                                   "federal money (2 CFR 180)")
        self.sam_button.hide()
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("For &procurement:"))
        chooser.itemAt(0).widget().setBuddy(self.procurement)  # type: ignore[union-attr]
        chooser.addWidget(self.procurement)
        chooser.addWidget(self.sam_button)
        chooser.addStretch(1)
        self.lines = QTableWidget(0, 3)
        self.lines.setAccessibleName("Compliance lines")
        self.lines.setHorizontalHeaderLabels(["Status", "Rule", "Reason"])
        self.lines.verticalHeader().hide()
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setWordWrap(True)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines.setColumnWidth(1, 280)
        # Reasons wrap: rows grow to fit once the Reason column has its width.
        header.sectionResized.connect(lambda *_: self.lines.resizeRowsToContents())
        self.verdict = QLabel()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(chooser)
        right.addWidget(self.lines, 1)
        right.addWidget(self.verdict)
        detail = QWidget()
        row = QHBoxLayout(detail)
        row.setContentsMargins(0, 0, 0, 0)
        facts_scroll = QScrollArea()
        facts_scroll.setWidgetResizable(True)
        facts_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        facts_scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                                   "{ background: transparent; }")
        facts_scroll.setWidget(self.facts)
        row.addWidget(facts_scroll, 2)
        row.addLayout(right, 3)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        return tab

    def _lists_tab(self) -> QWidget:
        intro = paragraph(
            "Vendors' names are checked against the NC State Treasurer's Iran Divestment and "
            "Israel-boycott lists, and bid lines' manufacturers against the FCC Covered List. "
            "A list never loaded makes its line <b>NOT CHECKED</b>, never PASS; a FAIL names "
            "the entry matched and the list's date.")
        self.list_table = QTableWidget(0, 4)
        self.list_table.setAccessibleName("Compliance lists")
        self.list_table.setHorizontalHeaderLabels(["List", "Dated", "Names", "Source"])
        self.list_table.verticalHeader().hide()
        self.list_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.list_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.import_list_button = QPushButton("&Import list…")
        self.import_list_button.setToolTip("Replace a Treasurer's list with the names in a "
                                           ".csv or .xlsx file, dated")
        self.covered_button = QPushButton("Edit &Covered List…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_list_button)
        buttons.addWidget(self.covered_button)
        buttons.addStretch(1)
        self.list_note = QLabel()
        self.list_note.setWordWrap(True)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.list_table, 1)
        layout.addWidget(self.list_note)
        return tab

    def _state_buttons(self) -> tuple[QPushButton, ...]:
        return self.add_button, self.edit_button, self.remove_button, self.import_button

    def _connect_signals(self) -> None:
        self.table.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button.clicked.connect(lambda: self.add_vendor())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.import_button.clicked.connect(lambda: self.choose_and_import())
        self.procurement.currentIndexChanged.connect(lambda _i: self._show_vendor())
        self.sam_button.clicked.connect(lambda: self.record_sam_check())
        self.import_list_button.clicked.connect(lambda: self.import_list())
        self.covered_button.clicked.connect(lambda: self.edit_covered_list())

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    def refresh(self) -> None:
        current = self.selected()
        chosen = self.procurement.currentData()
        with self.ctx.store.session() as session:
            identity = current_identity(session)
            self.is_state, self.operator = identity.role == "state", identity.operator
            lines = compliance_of_live_vendors(session)
            rows = [VendorLine(v, tuple(lines.get(v.uid, ()))) for v in list_vendors(session)]
            procurements = [(p.ref, p.title) for p in list_procurements(session)]
            lists = list_lists(session)
        self.note.setText(
            "The state keeps the vendor registry and the compliance lists; changes reach the "
            "regions in the state's next bundle. A vendor that is not PASS on every line "
            "cannot be awarded; its bid is still received and kept." if self.is_state else
            "The state keeps the vendor registry and the compliance lists; they are "
            "read-only here and are updated by the state's sync bundle.")
        for button in (*self._state_buttons(), self.import_list_button, self.covered_button):
            button.setVisible(self.is_state)
        self.procurement.blockSignals(True)
        self.procurement.clear()
        self.procurement.addItem("none (the lists, E-Verify and W-9)", None)
        for ref, title in procurements:
            self.procurement.addItem(f"{ref} — {title}", ref)
        self.procurement.setCurrentIndex(max(self.procurement.findData(chosen), 0))
        self.procurement.blockSignals(False)
        self._show_lists(lists)
        self.table.set_rows(rows)
        if not (current and self.select_vendor(current.uid)):
            self._show_vendor()

    # --- selection ----------------------------------------------------------------------
    def selected(self) -> VendorRow | None:
        rows = self.table.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.model.row_at(self.table.proxy.mapToSource(rows[0]).row()).vendor

    def select_vendor(self, uid: str) -> bool:
        for row in range(self.table.proxy.rowCount()):
            index = self.table.proxy.index(row, 0)
            if self.table.model.row_at(self.table.proxy.mapToSource(index).row()) \
                    .vendor.uid == uid:
                self.table.view.selectRow(row)
                self.table.view.scrollTo(index)
                return True
        return False

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_vendor()

    def _show_vendor(self) -> None:
        vendor = self.selected()
        ref = self.procurement.currentData()
        self.edit_button.setEnabled(vendor is not None)
        self.remove_button.setEnabled(vendor is not None)
        self.sam_button.setVisible(self.is_state and ref is not None)
        self.sam_button.setEnabled(vendor is not None)
        if vendor is None:
            self.facts.setText("<i>Choose a vendor to see its facts and its compliance.</i>")
            self.show_lines([])
            self.verdict.clear()
            return
        self.facts.setText(facts_html(vendor))
        try:
            with self.ctx.store.session() as session:
                lines = compliance_for(session, vendor.uid, ref)
        except UserError as error:  # the procurement went away under us
            self.verdict.setText(str(error))
            return
        self.show_lines(lines)
        failing = [x for x in lines if x.blocks_award]
        self.verdict.setText("<b>May be awarded.</b>" if not failing else
                             f"<b>May not be awarded:</b> {compliance_summary(lines)}.")

    def show_lines(self, lines: list[ComplianceLine]) -> None:
        self.lines.setRowCount(len(lines))
        bold = QFont(self.lines.font())
        bold.setBold(True)
        for row, line in enumerate(lines):
            status = QTableWidgetItem(line.status)
            status.setForeground(QColor(STATUS_COLOURS[line.status]))
            status.setFont(bold)
            self.lines.setItem(row, 0, status)
            self.lines.setItem(row, 1, QTableWidgetItem(line.rule))
            reason = QTableWidgetItem(line.reason)
            reason.setToolTip(line.reason)
            self.lines.setItem(row, 2, reason)
        self.lines.resizeRowsToContents()

    def shown_lines(self) -> list[tuple[str, str]]:
        """(status, reason) of each compliance line on screen."""
        return [(self.lines.item(r, 0).text(), self.lines.item(r, 2).text())
                for r in range(self.lines.rowCount())]

    def _show_lists(self, lists: list[ListRow]) -> None:
        self.list_table.setRowCount(len(lists))
        for row, listed in enumerate(lists):
            loaded = listed.list_date is not None or listed.entries
            cells = [listed.label,
                     listed.list_date.isoformat() if listed.list_date else
                     ("undated" if loaded else "never loaded"),
                     f"{listed.entries:,}", listed.source]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column == 1 and not listed.list_date:
                    item.setForeground(QColor(STATUS_COLOURS[NOT_CHECKED]))
                self.list_table.setItem(row, column, item)

    # --- changes (state only) -----------------------------------------------------------
    def add_vendor(self) -> RecordDialog:
        dialog = RecordDialog("Add vendor", vendor_fields(),
                              lambda values: self._save(add_vendor, values), parent=self)
        self._open(dialog)
        return dialog

    def edit_selected(self) -> RecordDialog | None:
        vendor = self.selected()
        if vendor is None or not self.is_state:
            return None
        uid = vendor.uid
        dialog = RecordDialog(f"Edit {vendor.name}", vendor_fields(),
                              lambda values: self._save(
                                  lambda s, v: edit_vendor(s, uid, v), values),
                              {key: getattr(vendor, key) for key in LABELS}, parent=self)
        self._open(dialog)
        return dialog

    def _save(self, action: Any, values: dict[str, Any]) -> VendorRow:
        with self.ctx.store.transaction() as session:
            return action(session, values)

    def _open(self, dialog: RecordDialog) -> None:
        """Shown modally; tests call `try_save` on it instead (`exec` would wait)."""
        dialog.finished.connect(lambda result: self._after_dialog(dialog, result))
        dialog.open()

    def _after_dialog(self, dialog: RecordDialog, result: int) -> None:
        if result and dialog.result_row is not None:
            self.ctx.notify("vendors")
            self.refresh()
            uid = getattr(dialog.result_row, "uid", None)
            if uid:
                self.select_vendor(uid)

    def confirm_remove(self, vendor: VendorRow) -> bool:
        return QMessageBox.question(
            self, "Remove vendor",
            f"Remove {vendor.name} from the registry? Bids and awards that name it keep it; "
            "it can no longer bid.") == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> bool:
        vendor = self.selected()
        if vendor is None or not self.is_state or not self.confirm_remove(vendor):
            return False
        try:
            with self.ctx.store.transaction() as session:
                remove_vendor(session, vendor.uid)
        except UserError as error:
            QMessageBox.warning(self, "Could not remove the vendor", str(error))
            return False
        self.ctx.notify("vendors")
        self.refresh()
        self.note.setText(f"{vendor.name} was removed from the registry.")
        return True

    def choose_and_import(self, path: str | None = None) -> None:
        from app.ui.dialogs.needs_import import last_folder, remember_folder
        from app.ui.dialogs.vendor_dialogs import VendorImportDialog

        if not path:
            path, _chosen = QFileDialog.getOpenFileName(
                self, "Import vendors", last_folder(self.ctx), "Spreadsheets (*.xlsx *.csv)")
            if not path:
                return
        remember_folder(self.ctx, path)
        self.import_dialog = VendorImportDialog(self.ctx, Path(path), self)
        self.import_dialog.finished.connect(lambda _result: self.refresh())
        self.import_dialog.open()

    def record_sam_check(self) -> RecordDialog | None:
        from app.ui.dialogs.vendor_dialogs import sam_check_dialog

        vendor, ref = self.selected(), self.procurement.currentData()
        if vendor is None or ref is None or not self.is_state:
            return None
        dialog = sam_check_dialog(self.ctx, ref, vendor.uid, vendor.name, self.operator, self)
        dialog.finished.connect(lambda result: result and self._after_sam())
        dialog.open()
        return dialog

    def _after_sam(self) -> None:
        self.ctx.notify("vendors")
        self._show_vendor()

    def import_list(self, kind: str = "iran_divestment", path: str = "") -> Any:
        from app.ui.dialogs.vendor_dialogs import ListImportDialog

        dialog = ListImportDialog(self.ctx, self, kind, path)
        dialog.finished.connect(lambda _result: self._after_list_dialog(dialog))
        dialog.open()
        return dialog

    def _after_list_dialog(self, dialog: Any) -> None:
        if dialog.applied is not None:
            self.list_note.setText(dialog.applied.summary() + ".")
        self.refresh()

    def edit_covered_list(self) -> Any:
        from app.ui.dialogs.vendor_dialogs import CoveredListDialog

        dialog = CoveredListDialog(self.ctx, self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog
