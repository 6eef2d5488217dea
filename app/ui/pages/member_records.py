"""The member's schools, contacts and letters of agency: a table each, with Add, Edit and
Remove.

Each save or removal is one service call in one transaction, then `data_changed("members")`.
A removal is a tombstone: the record stays in the history and syncs like an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.errors import UserError
from app.services.letters import (
    LetterRow,
    add_letter,
    edit_letter,
    list_letters,
    remove_letter,
)
from app.services.members import get_member
from app.services.schools import (
    ContactRow,
    SchoolRow,
    add_contact,
    add_school,
    edit_contact,
    edit_school,
    list_contacts,
    list_schools,
    remove_contact,
    remove_school,
)
from app.services.scope import current_identity, member_write_error
from app.ui.context import AppContext
from app.ui.crash import show_user_error
from app.ui.dialogs.record_form import CONTACT_FIELDS, LETTER_FIELDS, SCHOOL_FIELDS, RecordDialog
from app.ui.formatting import count
from app.ui.item_models.rows_model import CENTER, RIGHT, Column, RowsModel
from app.ui.widgets.field_form import FieldSpec
from app.ui.widgets.table_panel import TablePanel

SCHOOL_COLUMNS: list[Column[SchoolRow]] = [
    Column("Code", lambda r: r.code),
    # Next to the code: on a narrow panel the last columns scroll out of sight, and this
    # one is what a coordinator goes through school by school. Who and when: --json.
    Column("Figures", lambda r: r.figures_text(short=True),
           tooltip="Where the NSLP/CEP and rural figures come from. A discount rests on "
                   "confirmed figures only when the member confirmed them for that year."),
    # Elided sooner than elsewhere (full name in the tooltip) so Rural stays in sight.
    Column("Name", lambda r: r.name, stretch=True, max_width=170),
    Column("Students", lambda r: r.students, RIGHT, count),
    # One column for the discount figure, NSLP count or CEP percentage: the panel is narrow.
    Column("NSLP", lambda r: (r.cep_isp is not None, r.cep_isp or r.nslp_eligible),
           RIGHT, lambda v: f"CEP {v[1].normalize():f} %" if v[0] else f"{v[1]:,}",
           "Students eligible for free or reduced-price meals, or the CEP identified-student "
           "percentage when the school uses CEP"),
    Column("Rural", lambda r: r.rural, CENTER, lambda v: "Yes" if v else "No"),
]
CONTACT_COLUMNS: list[Column[ContactRow]] = [
    Column("Name", lambda r: r.name),
    Column("Title", lambda r: r.title),
    Column("Role", lambda r: r.role, formatter=lambda v: v.capitalize()),
    Column("E-mail", lambda r: r.email, stretch=True),
    Column("Phone", lambda r: r.phone),
]


def years_text(row: LetterRow) -> str:
    first, last = row.first_funding_year, row.last_funding_year
    if first is None and last is None:
        return "(not stated)"
    if first == last or last is None or first is None:
        return f"FY{first or last}"
    return f"FY{first}–FY{last}"


# Short names for the table; the full wording is in the tooltip and the summary line.
SHORT_ELEMENTS = {
    "consortium lead's name": "lead",
    "member's name": "member",
    "funding years covered": "years",
    "authorised official's name, title, signature and date": "official/signature",
    "type of services covered": "services",
}


def letter_status(row: LetterRow) -> str:
    missing = row.missing_elements()
    return "Complete" if not missing else "Missing: " + "; ".join(missing)


def letter_status_short(row: LetterRow) -> str:
    missing = row.missing_elements()
    if not missing:
        return "✔ Complete (5 of 5 elements)"
    return (f"✘ Missing {len(missing)} of 5: "
            + ", ".join(SHORT_ELEMENTS.get(m, m) for m in missing))


LETTER_COLUMNS: list[Column[LetterRow]] = [
    Column("Funding years", years_text),
    Column("Official", lambda r: r.official_name),
    Column("Signed", lambda r: r.signed_on, formatter=lambda v: v.isoformat() if v else ""),
    Column("Status (the five required elements)", letter_status_short, stretch=True),
]


class RecordsTab(QWidget):
    """A table of one kind of record of the member, with Add…, Edit… and Remove… buttons."""

    noun = ""
    columns: list[Column[Any]] = []
    fields: list[FieldSpec] = []

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_code = ""
        self.member_name = ""
        self.writable = False
        # Where a removal goes in the next bundle, for the confirmation text.
        self.sent_to = "the state"
        self.table = TablePanel(RowsModel(self.columns, self.search_text), f"{self.noun}s",
                                f"filter {self.noun}s")
        self.add_button = QPushButton(f"&Add {self.noun}…")
        self.edit_button = QPushButton(f"&Edit {self.noun}…")
        self.remove_button = QPushButton(f"&Remove {self.noun}…")
        self.add_button.setAccessibleName(f"Add {self.noun}")
        self.edit_button.setAccessibleName(f"Edit {self.noun}")
        self.remove_button.setAccessibleName(f"Remove {self.noun}")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.summary.hide()
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.view.doubleClicked.connect(lambda _index: self.edit_selected())
        selection = self.table.view.selectionModel()
        selection.selectionChanged.connect(lambda *_a: self.update_buttons())
        selection.currentChanged.connect(lambda *_a: self.update_buttons())
        self.last_dialog: RecordDialog | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Columns sized while the tab was hidden used a stale width: fit them once shown.
        QTimer.singleShot(0, self.table.fit_columns)

    def search_text(self, row: Any) -> str:
        return " ".join(str(v) for v in vars(row).values() if isinstance(v, str))

    def load(self, member_code: str, member_name: str, session: Any) -> None:
        self.member_code, self.member_name = member_code, member_name
        self.table.set_rows(self.list_rows(session, member_code))
        self.edit_button.setEnabled(bool(self.table.model.rows()))
        member = get_member(session, member_code)
        problem = member_write_error(session, member)
        self.writable = problem is None
        self.sent_to = ("the state" if current_identity(session).role == "region"
                        else f"Region {member.region}")
        self.remove_button.setToolTip(
            f"Remove the selected {self.noun}; it is kept in the history" if problem is None
            else f"Only its own region can remove it: {problem.message}")
        self.update_buttons()

    def update_buttons(self) -> None:
        # Remove acts on one chosen record, so unlike Edit it waits for a selection.
        self.remove_button.setEnabled(self.writable and self.selected_row() is not None)

    def selected_row(self) -> Any | None:
        indexes = self.table.view.selectionModel().selectedRows()
        if not indexes:
            index = self.table.view.currentIndex()
            if not index.isValid():
                return None
            indexes = [index]
        source = self.table.proxy.mapToSource(indexes[0])
        return self.table.model.row_at(source.row())

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_dialog(row)

    def confirm_remove(self, text: str) -> bool:
        """Ask before removing (tests replace this method)."""
        # No is the default: there is no undo here, only the history.
        no = QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, f"Remove {self.noun}", text,
                                      QMessageBox.StandardButton.Yes | no, no)
        return answer == QMessageBox.StandardButton.Yes

    def removal_question(self, row: Any) -> str:
        return (f"Remove {self.describe(row)}? It is kept in the history and the removal is "
                f"sent to {self.sent_to} in your next bundle.")

    def remove_selected(self) -> bool:
        """Confirm, then remove the selected record; True when it was removed."""
        row = self.selected_row()
        if row is None or not self.writable or not self.confirm_remove(
                self.removal_question(row)):
            return False
        try:
            with self.ctx.store.transaction() as session:
                self.remove_record(session, row)
        except UserError as error:
            show_user_error(error, self)
            return False
        self.ctx.notify("members")
        return True

    def open_dialog(self, row: Any | None) -> RecordDialog:
        """Open the add (row None) or edit dialog; returned so tests can fill it in."""
        verb = "Add" if row is None else "Edit"
        values = self.initial_values() if row is None else self.row_values(row)
        dialog = RecordDialog(f"{verb} {self.noun} — {self.member_name}", self.fields,
                              self._saver(row), values, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _saver(self, row: Any | None) -> Callable[[dict[str, Any]], Any]:
        def save(values: dict[str, Any]) -> Any:
            with self.ctx.store.transaction() as session:
                result = self.save_values(session, row, values)
            self.ctx.notify("members")
            return result

        return save

    # --- per kind -------------------------------------------------------------------------
    def list_rows(self, session: Any, code: str) -> list[Any]:
        raise NotImplementedError

    def initial_values(self) -> dict[str, Any]:
        return {}

    def row_values(self, row: Any) -> dict[str, Any]:
        return {spec.key: getattr(row, spec.key) for spec in self.fields}

    def save_values(self, session: Any, row: Any | None, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def describe(self, row: Any) -> str:
        """The record as the confirmation names it, e.g. "school 920304 Apex Elementary"."""
        raise NotImplementedError

    def remove_record(self, session: Any, row: Any) -> Any:
        raise NotImplementedError


class SchoolsTab(RecordsTab):
    noun = "school"
    columns = SCHOOL_COLUMNS
    fields = SCHOOL_FIELDS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.focus_year: int | None = None
        self.years: list[int] = []
        self.confirm_button = QPushButton("&Confirm figures…")
        self.confirm_button.setToolTip("Record the member's confirmed NSLP (or CEP) figures "
                                       "and rural status, school by school, for a funding "
                                       "year")
        self.confirm_button.clicked.connect(self.open_confirm)
        self.buttons.insertWidget(3, self.confirm_button)
        self.summary.show()
        self.last_confirm: Any = None

    def load(self, member_code: str, member_name: str, session: Any) -> None:
        from app.services.erate import funding_year_numbers
        from app.services.needs import default_funding_year

        self.years = funding_year_numbers(session)
        self.focus_year = default_funding_year(session)
        super().load(member_code, member_name, session)
        year = self.focus_year
        rows = self.table.model.rows()
        if year is not None:
            self.confirm_button.setText(f"&Confirm figures for FY{year}…")
        self.confirm_button.setEnabled(self.writable and bool(rows) and year is not None)
        self.summary.setText(self.confirmation_text(rows, year))

    @staticmethod
    def confirmation_text(rows: list[SchoolRow], year: int | None) -> str:
        if not rows or year is None:
            return ""
        done = sum(1 for r in rows if r.figures_source == "confirmed"
                   and r.confirmed_for_year == year)
        if done == len(rows):
            return (f"<span style='color:#1b5e20'>FY{year}: the member confirmed the figures "
                    f"of all {len(rows)} school(s).</span>")
        return (f"<span style='color:#b71c1c'><b>FY{year}: {len(rows) - done} of {len(rows)} "
                "school(s) not confirmed</b></span> — the member's discount, and every "
                "consortium figure it is part of, is an estimate until they are.")

    def open_confirm(self) -> Any:
        """Open the confirmation dialog; returned so tests can fill it in."""
        from app.ui.dialogs.confirm_figures import ConfirmFiguresDialog

        dialog = ConfirmFiguresDialog(self.ctx, self.member_code, self.member_name,
                                      list(self.table.model.rows()), self.years,
                                      self.focus_year, self)
        self.last_confirm = dialog
        dialog.open()
        return dialog

    def list_rows(self, session: Any, code: str) -> list[Any]:
        return list_schools(session, code)

    def save_values(self, session: Any, row: Any | None, values: dict[str, Any]) -> Any:
        if row is None:
            return add_school(session, self.member_code, values)
        return edit_school(session, row.code, values)

    def describe(self, row: Any) -> str:
        return f"school {row.code} {row.name}"

    def remove_record(self, session: Any, row: Any) -> Any:
        return remove_school(session, row.code)


class ContactsTab(RecordsTab):
    noun = "contact"
    columns = CONTACT_COLUMNS
    fields = CONTACT_FIELDS

    def list_rows(self, session: Any, code: str) -> list[Any]:
        return list_contacts(session, code)

    def save_values(self, session: Any, row: Any | None, values: dict[str, Any]) -> Any:
        if row is None:
            return add_contact(session, self.member_code, values)
        return edit_contact(session, row.uid, values)

    def describe(self, row: Any) -> str:
        return f"contact {row.name}" + (f" ({row.title})" if row.title else "")

    def remove_record(self, session: Any, row: Any) -> Any:
        return remove_contact(session, row.uid)


class LettersTab(RecordsTab):
    noun = "letter"
    columns = LETTER_COLUMNS
    fields = LETTER_FIELDS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_button.setText("&Add letter of agency…")
        self.edit_button.setText("&Edit letter…")
        self.remove_button.setText("&Remove letter…")
        self.summary.show()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.focus_year: int | None = None
        self.table.view.selectionModel().selectionChanged.connect(
            lambda *_a: self.summary.setText(self.coverage_text()))

    def list_rows(self, session: Any, code: str) -> list[Any]:
        return list_letters(session, code)

    def initial_values(self) -> dict[str, Any]:
        return {"member_name": self.member_name}

    def save_values(self, session: Any, row: Any | None, values: dict[str, Any]) -> Any:
        if row is None:
            return add_letter(session, self.member_code, values)
        return edit_letter(session, row.uid, values)

    def describe(self, row: Any) -> str:
        signer = f", signed by {row.official_name}" if row.official_name else ""
        return f"the letter of agency for {years_text(row)}{signer}"

    def removal_question(self, row: Any) -> str:
        # Allowed, but say so when this leaves the year in focus without a letter: PIA asks.
        text = super().removal_question(row)
        year = self.focus_year
        others = [r for r in self.table.model.rows() if r.uid != row.uid]
        if year is not None and row.covers(year) and not any(r.covers(year) for r in others):
            text += f"\n\nNo other letter on file covers FY{year}, the funding year in focus."
        return text

    def remove_record(self, session: Any, row: Any) -> Any:
        return remove_letter(session, row.uid)

    def load(self, member_code: str, member_name: str, session: Any) -> None:
        super().load(member_code, member_name, session)
        self.summary.setText(self.coverage_text())

    def coverage_text(self) -> str:
        """Which funding year is covered by a complete letter: what PIA will ask for."""
        rows: list[LetterRow] = self.table.model.rows()
        if not rows:
            return ("No letter of agency on file. The consortium lead needs one signed "
                    "before it files the Form 470/471 for this member.")
        year = self.focus_year
        if year is None:
            return f"{len(rows)} letter(s) on file."
        covering = [r for r in rows if r.covers(year)]
        if any(not r.missing_elements() for r in covering):
            text = f"FY{year} (in focus) is covered by a complete letter of agency."
        elif covering:
            text = (f"FY{year} (in focus) is covered, but the letter is incomplete: "
                    f"{letter_status(covering[0]).lower()}.")
        else:
            text = f"No letter covers FY{year}, the funding year in focus."
        selected = self.selected_row()
        if selected is not None:
            text += (f"\nSelected letter ({years_text(selected)}): "
                     f"{letter_status(selected).lower()}.")
        return text
