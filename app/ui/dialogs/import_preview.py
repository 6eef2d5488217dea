"""The one shape of a spreadsheet import dialog: the file, a dry run's summary, a table of
what would change (or of the problems), a note, and Apply — which writes in one transaction
and, when the file changed since the preview, checks it again and says why.

A subclass says how to run the import (`run(session, dry_run)`), how to show a dry run's
result (`show_result(result)`), and which change event to send once applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.ui.context import AppContext
from app.ui.item_models.rows_model import RowsModel
from app.ui.widgets.field_form import ERROR_STYLE
from app.ui.widgets.table_panel import TablePanel


class ImportPreviewDialog(QDialog):
    """`applied` holds the result once the import has been written."""

    change_event = "*"  # what `ctx.notify` says changed

    def __init__(self, ctx: AppContext, path: Path, title: str, model: RowsModel[Any],
                 noun: str, filter_hint: str, size: tuple[int, int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.applied: Any = None
        self.setWindowTitle(title)
        self.resize(*size)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = TablePanel(model, noun, filter_hint)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.apply_button = QPushButton("&Apply")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>File:</b> {path}"))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.check()

    # --- what a subclass says ------------------------------------------------------------
    def run(self, session: Any, dry_run: bool) -> Any:
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def problem_rows(self, error: ValidationError) -> list[Any]:
        raise NotImplementedError

    # --- the flow ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # The rows arrived before the dialog had its size: fit the columns to it now.
        QTimer.singleShot(0, self.table.fit_columns)

    def check(self) -> None:
        """The dry run: what the import would change, or why it cannot."""
        self.apply_button.setEnabled(False)
        self.summary.setStyleSheet("")
        self.note.setStyleSheet("")
        self.table.show()
        try:
            with self.ctx.store.session() as session:
                result = self.run(session, True)
        except ValidationError as error:
            self.summary.setText(f"{len(error.errors)} problem(s) in the file: fix them and "
                                 "import again. Nothing was changed.")
            self.summary.setStyleSheet(ERROR_STYLE)
            self.table.set_rows(self.problem_rows(error))
            return
        except UserError as error:
            self.summary.setText(str(error))
            self.summary.setStyleSheet(ERROR_STYLE)
            self.table.set_rows([])
            return
        self.show_result(result)

    def apply(self) -> None:
        try:
            with self.ctx.store.transaction() as session:
                self.applied = self.run(session, False)
        except UserError as error:  # the file changed since the preview
            self.check()
            self.note.setText(str(error))
            self.note.setStyleSheet(ERROR_STYLE)
            return
        self.ctx.notify(self.change_event)
        self.accept()
