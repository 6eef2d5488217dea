"""The Reports page's Addenda tab: the numbered addenda to the posted packet, and
"Issue addendum…" (app.services.addenda; refused before the final packet is issued)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.addenda import issue_addendum, list_addenda
from app.ui.crash import show_user_error

if TYPE_CHECKING:
    from app.ui.pages.reports import ReportsPage

HEADERS = ["#", "Issued", "By", "Substantive", "What changed"]


class IssueDialog(QDialog):
    """What changed, whether it is substantive, and the day it was issued."""

    def __init__(self, parent: QWidget, ref: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Issue addendum — {ref}")
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("What changed, as the addendum tells the bidders")
        self.substantive = QCheckBox("Substantive (new services, new entities, a change of "
                                     "scope): the 28 days run again from it")
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout(self)
        form.addRow("What changed:", self.summary)
        form.addRow("", self.substantive)
        form.addRow("Issued on:", self.on)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AddendaTab(QWidget):
    def __init__(self, page: ReportsPage) -> None:
        super().__init__()
        self.page = page
        self.ref: str | None = None
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("addenda_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.note = QLabel("A change to the posted packet is issued as a numbered addendum; "
                           "a substantive one moves the allowable contract date.")
        self.note.setWordWrap(True)
        self.issue_button = QPushButton("Issue addendum…")
        self.issue_button.setObjectName("issue_addendum")
        self.issue_button.clicked.connect(self.ask_and_issue)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.issue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def set_editable(self, editable: bool) -> None:
        self.issue_button.setEnabled(editable)

    def show_packet(self, ref: str | None) -> None:
        self.ref = ref
        rows = []
        if ref is not None:
            with self.page.ctx.store.session() as session:
                rows = list_addenda(session, ref)
        self.table.setRowCount(len(rows))
        for i, a in enumerate(rows):
            cells = [str(a.number), a.issued_on.isoformat(), a.issued_by,
                     "yes" if a.substantive else "", a.summary]
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def ask_and_issue(self) -> None:
        if self.ref is None:
            return
        dialog = IssueDialog(self, self.ref)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.issue(dialog.summary.toPlainText(), dialog.substantive.isChecked(),
                   dialog.on.date().toPython())

    def issue(self, summary: str, substantive: bool, on: date | None) -> bool:
        """Issue the addendum; a refusal is shown and nothing is stored. True when issued."""
        if self.ref is None:
            return False
        try:
            with self.page.ctx.store.transaction() as session:
                issue_addendum(session, self.ref, summary, substantive, on)
        except UserError as error:
            show_user_error(error, self)
            return False
        self.page.changed()
        return True
