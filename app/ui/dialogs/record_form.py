"""One dialog for adding or editing a school, a contact or a letter of agency.

`save(values)` is the one service call (in one transaction); a `ValidationError` keeps the
dialog open with each message under its field, nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.errors import UserError, ValidationError
from app.ui.widgets.field_form import ERROR_STYLE, FieldForm, FieldSpec

SCHOOL_FIELDS = [
    FieldSpec("code", "School &code", hint="DPI school code", placeholder="e.g. 630304",
              width=160),
    FieldSpec("name", "&Name"),
    FieldSpec("students", "&Students", hint="enrolled students", width=160),
    FieldSpec("nslp_eligible", "NSLP &eligible",
              hint="students eligible for free or reduced-price meals", width=160),
    FieldSpec("rural", "&Rural", "check"),
]
CONTACT_FIELDS = [
    FieldSpec("name", "&Name"),
    FieldSpec("title", "&Title", placeholder="e.g. Technology Director"),
    FieldSpec("role", "&Role", "choice", choices=(
        ("Technology", "technology"), ("Finance", "finance"),
        ("Authorised official (signs letters and confirmations)", "authorised official"),
        ("Other", "other"))),
    FieldSpec("email", "&E-mail"),
    FieldSpec("phone", "&Phone", width=200),
]
LETTER_FIELDS = [
    FieldSpec("lead_name", "Consortium &lead", hint="The consortium lead named on the letter"),
    FieldSpec("member_name", "&Member", hint="The member's name as written on the letter"),
    FieldSpec("first_funding_year", "&First funding year", placeholder="e.g. 2026", width=120),
    FieldSpec("last_funding_year", "La&st funding year",
              hint="Multi-year letters are fine; open-ended ones are not", width=120,
              placeholder="e.g. 2028"),
    FieldSpec("official_name", "Official's &name", hint="Who signed for the member"),
    FieldSpec("official_title", "Official's &title", placeholder="e.g. Superintendent"),
    FieldSpec("signed_on", "Si&gned on", placeholder="YYYY-MM-DD", width=160),
    FieldSpec("services", "Ser&vices covered", "multiline",
              placeholder="e.g. all E-rate eligible services"),
    FieldSpec("received_on", "&Received on", placeholder="YYYY-MM-DD", width=160),
    FieldSpec("notes", "N&otes", "multiline"),
]


class RecordDialog(QDialog):
    def __init__(self, title: str, specs: list[FieldSpec], save: Callable[[dict[str, Any]], Any],
                 values: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._save = save
        self.result_row: Any = None
        self.form = FieldForm(specs)
        if values:
            self.form.set_values(values)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def try_save(self) -> bool:
        self.message.hide()
        try:
            self.result_row = self._save(self.form.values())
        except ValidationError as error:
            leftover = self.form.show_errors(error.by_field())
            if leftover:
                self.message.setText("\n".join(leftover))
                self.message.show()
            return False
        except UserError as error:
            self.message.setText(str(error))
            self.message.show()
            return False
        self.accept()
        return True
