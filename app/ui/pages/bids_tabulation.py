"""The Bids page's tabulation tab: a procurement's bids sealed until the opening is recorded
(only who bid and when), the "Record opening…" dialog, and after it the tabulation per lot —
lines × bidders with the lowest responsive price highlighted, lot totals and each bidder's
responsiveness — saved as XLSX or as the public tabulation PDF.

Every price comes from `app.services.bid_tabulation.tabulate`, which refuses while the bids
are sealed: the panel cannot show what the service would not give it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.reports.tabulation_dto import LotTab, Tabulation
from app.rules.bid_opening import nc_time_text
from app.ui.context import AppContext
from app.ui.formatting import money, quantity
from app.ui.pages.procurement_choice import ProcurementChoice

LOWEST = QColor("#d3f0dc")
FAIL = QColor("#fde2e1")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SHORT = {"on_time": "On time", "complete": "Complete", "products": "Products named",
         "compliance": "Compliance", "substitutions": "Substitutions"}
STATUS_COLOURS = {"FAIL": FAIL, "NOT CHECKED": QColor("#fff4e5"), "REVIEW": QColor("#e0ecff")}


class OpeningDialog(QDialog):
    """Who opens, the witnesses (one a line), where, notes; the opening cannot be undone."""

    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.ref = ctx, ref
        self.setWindowTitle(f"Record the opening of {ref}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Opening the bids of {ref} makes their prices visible. It "
                                "is recorded with your name and cannot be undone."))
        form = QFormLayout()
        self.by = QLineEdit(ctx.info().operator)
        self.witnesses = QPlainTextEdit()
        self.witnesses.setPlaceholderText("one name a line")
        self.witnesses.setFixedHeight(70)
        self.place = QLineEdit()
        self.place.setPlaceholderText("default: the packet's opening place")
        self.notes = QLineEdit()
        form.addRow("Opened by", self.by)
        form.addRow("Witnesses", self.witnesses)
        form.addRow("Place", self.place)
        form.addRow("Notes", self.notes)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #9b1c1c")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Open the bids", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        from app.services.bid_opening import open_bids

        try:
            with self.ctx.store.transaction() as session:
                open_bids(session, self.ref, self.by.text(),
                          self.witnesses.toPlainText().splitlines(), self.place.text(),
                          self.notes.text())
        except UserError as error:
            self.error.setText(str(error))  # nothing recorded; the dialog stays open
            return
        self.ctx.notify("bids")
        super().accept()


class TabulationPanel(ProcurementChoice, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tabulation: Tabulation | None = None
        self.dialog: OpeningDialog | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Procurement"))
        self.chooser = QComboBox()
        self.chooser.setMinimumWidth(200)  # the Bids page must fit an 800-pixel window
        top.addWidget(self.chooser, 1)
        self.open_button = QPushButton("Record opening…")
        self.xlsx_button = QPushButton("Save XLSX…")
        self.pdf_button = QPushButton("Save PDF…")
        for button in (self.open_button, self.xlsx_button, self.pdf_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.received = QTableWidget(0, 4)
        self.received.setHorizontalHeaderLabels(["Vendor", "Received", "State", "SHA-256"])
        self.received.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.received.setMaximumHeight(170)
        self.received.verticalHeader().hide()
        self.received.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.received)
        self.lots = QTabWidget()
        layout.addWidget(self.lots, 1)
        self.chooser.currentIndexChanged.connect(lambda _i: self.refresh())
        self.open_button.clicked.connect(self.record_opening)
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        ctx.events.data_changed.connect(self._on_data_changed)
        self.load_procurements()

    # --- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.services.bid_opening import sealed_view
        from app.services.bid_tabulation import tabulate

        self.tabulation = None
        self.lots.clear()
        ref = self.current_ref()
        if ref is None:
            self.status.setText("No procurement yet.")
            self._fill_received([])
            self._buttons(sealed=True, has=False)
            return
        with self.ctx.store.session() as session:
            view = sealed_view(session, ref)
            if not view.sealed:
                self.tabulation = tabulate(session, ref)
        self._fill_received(list(view.bids))
        if self.tabulation is None:
            due = nc_time_text(view.deadline)
            self.status.setText(f"{view.summary()} Bids due {due}.")
        else:
            opening = self.tabulation.opening
            self.status.setText(
                f"Opened {nc_time_text(opening.opened_at)} by {opening.opened_by}"
                + (f" (witnesses: {', '.join(opening.witnesses)})" if opening.witnesses
                   else "") + f". {opening.outcome_text} Green: the lowest responsive "
                "price of each line.")
            for lot in self.tabulation.lots:
                self.lots.addTab(self._lot_widget(lot), f"Lot {lot.number}")
        self._buttons(sealed=view.sealed, has=True)

    def _buttons(self, sealed: bool, has: bool) -> None:
        state = self.ctx.info().role == "state"
        self.open_button.setVisible(state)
        self.open_button.setEnabled(has and sealed)
        self.xlsx_button.setEnabled(has and not sealed)
        self.pdf_button.setEnabled(has and not sealed)

    def _fill_received(self, bids: list) -> None:  # type: ignore[type-arg]
        self.received.setRowCount(len(bids))
        for row, bid in enumerate(bids):
            state = bid.state if self.tabulation is not None or not bid.opened \
                else "sealed"
            for col, text in enumerate((f"{bid.vendor} (v{bid.version})",
                                        nc_time_text(bid.received_at), state,
                                        bid.sha256)):
                self.received.setItem(row, col, QTableWidgetItem(text))
        self.received.resizeColumnsToContents()

    def _lot_widget(self, lot: LotTab) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._matrix(lot), 1)
        layout.addWidget(QLabel(f"Lot {lot.number}: {lot.name} — responsiveness (a bid is "
                                "responsive when none of its checks is FAIL)"))
        layout.addWidget(self._checks(lot), 1)
        return widget

    def _matrix(self, lot: LotTab) -> QTableWidget:
        heads = ["Line", "Description", "Quantity", "Unit"]
        for bidder in lot.bidders:
            flag = "" if bidder.responsive else " ✗"
            heads += [f"{bidder.vendor}{flag}\nunit price", "extended"]
        table = QTableWidget(len(lot.lines) + 1, len(heads))
        table.setObjectName(f"lot{lot.number}")
        table.setHorizontalHeaderLabels(heads)
        bold = QFont()
        bold.setBold(True)
        for row, line in enumerate(lot.lines):
            for col, text in enumerate((line.number, line.description,
                                        quantity(line.quantity), line.unit)):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(RIGHT)
                table.setItem(row, col, item)
            for index, cell in enumerate(line.cells):
                col = 4 + 2 * index
                if cell is None:
                    table.setItem(row, col, QTableWidgetItem("not bid"))
                    continue
                for offset, value in enumerate((cell.unit_price, cell.extended_price)):
                    item = QTableWidgetItem(money(value) + (" *" if cell.substitution
                                                            and offset == 0 else ""))
                    item.setTextAlignment(RIGHT)
                    if cell.lowest:
                        item.setBackground(QBrush(LOWEST))
                        item.setFont(bold)
                        item.setToolTip("lowest responsive price of the line")
                    table.setItem(row, col + offset, item)
        total_row = len(lot.lines)
        table.setItem(total_row, 1, QTableWidgetItem("Lot total"))
        for index, bidder in enumerate(lot.bidders):
            item = QTableWidgetItem(money(bidder.total))
            item.setFont(bold)
            item.setTextAlignment(RIGHT)
            if bidder.responsive and bidder.total == lot.lowest_total:
                item.setBackground(QBrush(LOWEST))
            item.setToolTip(f"{bidder.file_name}, SHA-256 {bidder.sha256}")
            table.setItem(total_row, 5 + 2 * index, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        table.setColumnWidth(1, min(table.columnWidth(1), 260))
        return table

    def _checks(self, lot: LotTab) -> QTableWidget:
        checks = lot.bidders[0].checks if lot.bidders else ()
        table = QTableWidget(len(lot.bidders), 2 + len(checks))
        table.setObjectName(f"checks{lot.number}")
        table.setHorizontalHeaderLabels(["Bidder", "Responsive",
                                         *(SHORT.get(c.code, c.rule) for c in checks)])
        for col, check in enumerate(checks, start=2):
            header = table.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(check.rule)
        for row, bidder in enumerate(lot.bidders):
            table.setItem(row, 0, QTableWidgetItem(bidder.vendor))
            verdict = QTableWidgetItem("yes" if bidder.responsive else "no")
            if not bidder.responsive:
                verdict.setBackground(QBrush(FAIL))
            table.setItem(row, 1, verdict)
            for col, check in enumerate(bidder.checks, start=2):
                item = QTableWidgetItem(f"{check.status}: {check.reason}")
                item.setToolTip(check.reason)
                if check.status in STATUS_COLOURS:
                    item.setBackground(QBrush(STATUS_COLOURS[check.status]))
                table.setItem(row, col, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        for col in range(2, table.columnCount()):
            table.setColumnWidth(col, min(table.columnWidth(col), 230))
        return table

    # --- actions ------------------------------------------------------------------------
    def record_opening(self) -> OpeningDialog | None:
        ref = self.current_ref()
        if ref is None:
            return None
        self.dialog = OpeningDialog(self.ctx, ref, self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def save(self, kind: str, path: str | None = None) -> Path | None:
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        tab = self.tabulation
        if tab is None:
            return None
        if not path:
            suggested = Path(last_folder(self.ctx)) / f"{tab.ref}-tabulation.{kind}"
            path, _chosen = QFileDialog.getSaveFileName(
                self, f"Save the bid tabulation ({kind.upper()})", str(suggested),
                "Excel workbook (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)")
            if not path:
                return None
        remember_folder(self.ctx, path)
        target = Path(path)
        try:
            from app.services.tabulation_xlsx import write_tabulation

            write_tabulation(tab, target)
        except UserError as error:
            QMessageBox.warning(self, "Could not save the tabulation", str(error))
            return None
        self.status.setText(self.status.text().split(" Saved ")[0] + f" Saved {target}.")
        return target
