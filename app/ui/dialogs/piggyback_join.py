"""Join a contract (piggyback): a member that did not take part joins an awarded
procurement's contracts later, where the packet allowed it (G.S. 143-129(g)). The member, the
public notice, the board's approval and the day it joined; a refusal shows every reason in
the dialog (nothing stored); the joins recorded so far are listed, and one recorded by
mistake can be removed.

Everything comes from `app.services.piggyback`, which checks the join against
`app.rules.piggyback` and allocates again (the member's lines, no E-rate)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.piggyback import JoinView
from app.ui.context import AppContext

PROBLEM = "color: #9b1c1c"
HEADS = ["Member", "Name", "Notice", "Board approved", "Joined", "Lines", "Note"]
INTRO = ("A member that did not take part may buy from the awarded contracts where the packet "
         "allowed it (G.S. 143-129(g)): its board approves at a regularly scheduled meeting "
         "held at least the year's notice days after the public notice, within 12 months of "
         "the contract date. Its confirmed lines are allocated with no E-rate (it is not on "
         "the consortium's Form 470).")


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    return edit


class PiggybackJoinDialog(QDialog):
    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.ref = ctx, ref
        self.joins: list[JoinView] = []
        self.setWindowTitle(f"Join a contract (piggyback) — {ref}")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.member = QComboBox()
        self.member.setAccessibleName("Member")
        self.notice_date = _date_edit("Public notice")
        self.board_date = _date_edit("Board approved")
        self.joined_date = _date_edit("Joined")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("e.g. the board meeting and its minutes")
        form = QFormLayout()
        form.addRow("&Member", self.member)
        form.addRow("Public &notice", self.notice_date)
        form.addRow("&Board approved", self.board_date)
        form.addRow("&Joined", self.joined_date)
        form.addRow("N&ote", self.note_edit)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(PROBLEM)
        self.table = QTableWidget(0, len(HEADS))
        self.table.setObjectName("piggyback_joins")
        self.table.setHorizontalHeaderLabels(HEADS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.join_button = QPushButton("&Record join")
        self.join_button.setDefault(True)
        self.remove_button = QPushButton("Re&move selected join")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("Members that joined later:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.join_button.clicked.connect(lambda: self.record_join())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        buttons.rejected.connect(self.reject)
        self.resize(700, 520)
        self.reload()

    def reload(self) -> None:
        from app.services.piggyback import joinable_members, list_joins

        with self.ctx.store.session() as session:
            self.joins = list_joins(session, self.ref)
            members = joinable_members(session, self.ref)
        self.member.clear()
        for code, name in members:
            self.member.addItem(f"{code} {name}", code)
        self.table.setRowCount(len(self.joins))
        for row, j in enumerate(self.joins):
            cells = [j.member_code, j.member_name, j.notice_on.isoformat(),
                     j.board_approved_on.isoformat(), j.joined_on.isoformat(), str(j.lines),
                     j.note]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        state = self.ctx.info().role == "state"
        self.join_button.setEnabled(state and self.member.count() > 0)
        self.remove_button.setEnabled(state and bool(self.joins))

    @staticmethod
    def _day(edit: QDateEdit) -> date:
        return date.fromisoformat(edit.date().toString("yyyy-MM-dd"))

    def set_dates(self, notice: date, board: date, joined: date) -> None:
        for edit, day in ((self.notice_date, notice), (self.board_date, board),
                          (self.joined_date, joined)):
            edit.setDate(QDate(day.year, day.month, day.day))

    def record_join(self) -> bool:
        from app.services.piggyback import join_contract

        code = self.member.currentData()
        if code is None:
            self.error.setText("Choose the member that joins.")
            return False
        try:
            with self.ctx.store.transaction() as session:
                join_contract(session, self.ref, code, self._day(self.notice_date),
                              self._day(self.board_date), self._day(self.joined_date),
                              self.note_edit.text())
        except UserError as error:
            self.error.setText(str(error))  # nothing stored; the form keeps what was typed
            return False
        self.error.setText("")
        self.note_edit.clear()
        self.ctx.notify("*")  # the allocation changed: every view of it follows
        self.reload()
        return True

    def remove_selected(self) -> bool:
        from app.services.piggyback import withdraw_join

        row = self.table.currentRow()
        if not 0 <= row < len(self.joins):
            self.error.setText("Select the join to remove.")
            return False
        try:
            with self.ctx.store.transaction() as session:
                withdraw_join(session, self.ref, self.joins[row].member_code)
        except UserError as error:
            self.error.setText(str(error))
            return False
        self.error.setText("")
        self.ctx.notify("*")
        self.reload()
        return True
