"""Import catalog items from a spreadsheet: the preview of every change, field by field,
then Apply. A file with a bad row shows each problem (row, item, column) and cannot be
applied: nothing is written. A catalog file is a few hundred rows at most, so the check
runs at once rather than in the background like the needs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
from app.services.tabular_catalog import CatalogImport, import_catalog
from app.ui.context import AppContext
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.widgets.field_form import ERROR_STYLE
from app.ui.widgets.table_panel import TablePanel


@dataclass(frozen=True)
class PreviewLine:
    """One line of the preview: a changed field, or a problem (then `field` names it)."""

    row: int | None
    code: str
    action: str  # "add", "update" or "problem"
    field: str
    old: str
    new: str


PREVIEW_COLUMNS: list[Column[PreviewLine]] = [
    Column("Row", lambda r: r.row, RIGHT),
    Column("Item", lambda r: r.code),
    Column("Change", lambda r: r.action.capitalize()),
    Column("Field", lambda r: r.field),
    Column("Now", lambda r: r.old, max_width=260),
    Column("After import", lambda r: r.new, stretch=True),
]


# Changes are named as on the Catalog page; problems keep the file's column names.
FIELD_LABELS = {"name": "Name", "category": "Category", "unit": "Unit",
                "erate_category": "E-rate category", "reference_price": "Reference price",
                "spec": "Specification", "brand": "Brand", "active": "Status"}


def preview_lines(result: CatalogImport) -> list[PreviewLine]:
    return [PreviewLine(change.row, change.code, "add" if change.added else "update",
                        FIELD_LABELS.get(field.field, field.field), field.old, field.new)
            for change in result.changes for field in change.fields]


def problem_lines(error: ValidationError) -> list[PreviewLine]:
    return [PreviewLine(e.row, e.record or "", "problem", e.field, "", e.message)
            for e in error.errors]


class CatalogImportDialog(QDialog):
    """`applied` holds the result once the import has been written."""

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.applied: CatalogImport | None = None
        self.setWindowTitle("Import catalog items")
        self.resize(900, 520)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = TablePanel(RowsModel(PREVIEW_COLUMNS, lambda r: f"{r.code} {r.field}"),
                                "changes", "item or field")
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # The rows arrived before the dialog had its size: fit the columns to it now.
        QTimer.singleShot(0, self.table.fit_columns)

    def check(self) -> None:
        """The dry run: what the import would change, or why it cannot."""
        self.apply_button.setEnabled(False)
        self.note.setStyleSheet("")
        try:
            with self.ctx.store.session() as session:
                result = import_catalog(session, self.path, dry_run=True)
        except ValidationError as error:
            self.summary.setText(f"{len(error.errors)} problem(s) in the file: fix them and "
                                 "import again. Nothing was changed.")
            self.summary.setStyleSheet(ERROR_STYLE)
            self.table.set_rows(problem_lines(error))
            return
        except UserError as error:
            self.summary.setText(str(error))
            self.summary.setStyleSheet(ERROR_STYLE)
            self.table.set_rows([])
            return
        self.summary.setText(result.report.summary().removeprefix(f"{result.report.file}: "))
        self.table.set_rows(preview_lines(result))
        if result.changes:
            self.apply_button.setEnabled(True)
            self.note.setText("Nothing is written until you press Apply. The regions get "
                              "the changes in the state's next bundle.")
        else:
            self.note.setText("The catalog already holds everything in this file.")

    def apply(self) -> None:
        try:
            with self.ctx.store.transaction() as session:
                self.applied = import_catalog(session, self.path)
        except UserError as error:  # the file changed since the preview
            self.check()
            self.note.setText(str(error))
            self.note.setStyleSheet(ERROR_STYLE)
            return
        self.ctx.notify("catalog")
        self.accept()
