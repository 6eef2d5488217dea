"""Spreadsheets of need lines from the Needs page: write a template, import with a preview.

The preview is the import itself run as a dry run in the background (nothing written); Apply
runs it for real in one transaction. Cancel during Apply rolls the whole file back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import FieldError, UserError
from app.services.progress import Cancelled, CancelToken, ProgressFn
from app.services.tabular import ImportReport
from app.services.tabular_needs import import_needs, write_needs_template
from app.ui.context import AppContext
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.tasks import TaskRunner, run_with_progress
from app.ui.widgets.table_panel import TablePanel

FOLDER_KEY = "needs/last_folder"
ERROR_COLUMNS: list[Column[FieldError]] = [
    Column("Row", lambda e: e.row, RIGHT, tooltip="Row number in the spreadsheet"),
    Column("Column", lambda e: e.field),
    Column("Line", lambda e: e.record or "", max_width=220),
    Column("Problem", lambda e: e.message, stretch=True),
]


def last_folder(ctx: AppContext) -> str:
    return str(ctx.settings.value(FOLDER_KEY, "") or Path.home())


def remember_folder(ctx: AppContext, path: str) -> None:
    ctx.settings.setValue(FOLDER_KEY, str(Path(path).parent))


def write_template(parent: QWidget, ctx: AppContext, runner: TaskRunner,
                   member_code: str | None) -> None:
    """Ask where, then write the template for one member (or all) in the background."""
    name = f"needs-template-{member_code or 'all-members'}.xlsx"
    path, _chosen = QFileDialog.getSaveFileName(
        parent, "Write a needs template", str(Path(last_folder(ctx)) / name),
        "Excel workbook (*.xlsx);;CSV file (*.csv)")
    if not path:
        return
    remember_folder(ctx, path)

    def work(progress: ProgressFn, token: CancelToken) -> Path:
        progress(0, 0, f"Writing {Path(path).name}…")
        with ctx.store.session() as session:
            return write_needs_template(session, Path(path), member_code)

    run_with_progress(parent, runner, "Writing the template", work,
                      lambda out: QMessageBox.information(
                          parent, "Template written", f"The template was saved as\n{out}"),
                      lambda error: _show_error(parent, error))


def choose_and_import(parent: QWidget, ctx: AppContext, runner: TaskRunner) -> None:
    path, _chosen = QFileDialog.getOpenFileName(
        parent, "Import need lines", last_folder(ctx), "Spreadsheets (*.xlsx *.csv)")
    if not path:
        return
    remember_folder(ctx, path)
    dialog = NeedsImportDialog(ctx, runner, Path(path), parent)
    dialog.start()
    dialog.exec()


def _show_error(parent: QWidget, error: BaseException) -> None:
    if isinstance(error, Cancelled):
        return
    if not isinstance(error, UserError):
        raise error
    QMessageBox.warning(parent, "Could not finish", str(error))


class NeedsImportDialog(QDialog):
    """What importing `path` would do — lines to add, update, unchanged, rows refused — and
    Apply. `applied` holds the report once the import has been written."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.path = ctx, runner, path
        self.preview: ImportReport | None = None
        self.applied: ImportReport | None = None
        self.setWindowTitle("Import need lines")
        self.resize(900, 560)
        self._build_ui()

    def _build_ui(self) -> None:
        self.file_label = QLabel(f"<b>File:</b> {self.path}")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts = {key: QLabel("…") for key in ("added", "updated", "unchanged", "bad")}
        form = QFormLayout()
        form.addRow("Lines to add:", self.counts["added"])
        form.addRow("Lines to update:", self.counts["updated"])
        form.addRow("Unchanged:", self.counts["unchanged"])
        form.addRow("Rows with problems:", self.counts["bad"])
        for key, label in self.counts.items():
            label.setAccessibleName(f"Rows {key}")
            label.setStyleSheet("font-weight: bold;")
        self.errors = TablePanel(RowsModel(ERROR_COLUMNS, lambda e: f"{e.field} {e.message} "
                                                                    f"{e.record or ''}"),
                                 "problems", "column, line or problem")
        self.note = QLabel("Checking the file… nothing is written until you press Apply.")
        self.note.setWordWrap(True)
        self.skip_bad = QCheckBox("Skip the rows with problems and import the rest")
        self.skip_bad.setVisible(False)
        self.skip_bad.toggled.connect(self._update_apply)
        buttons = QDialogButtonBox()
        self.apply_button = QPushButton("&Apply")
        self.apply_button.setEnabled(False)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Problems</b> (fix them in the file and import again, or "
                                "skip those rows):"))
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.skip_bad)
        layout.addWidget(buttons)
        cancel.setFocus()  # not the filter box: most previews have nothing to filter

    # --- preview -------------------------------------------------------------------------
    def start(self) -> CancelToken:
        def work(progress: ProgressFn, token: CancelToken) -> ImportReport:
            progress(0, 0, f"Checking {self.path.name}…")
            with self.ctx.store.session() as session:
                report = import_needs(session, self.path, dry_run=True, skip_bad=True)
                session.rollback()
            token.check()
            return report

        return run_with_progress(self, self.runner, "Checking the file", work,
                                 self.show_preview, self._preview_failed)

    def show_preview(self, report: ImportReport) -> None:
        self.preview = report
        self.counts["added"].setText(f"{report.added:,}")
        self.counts["updated"].setText(f"{report.updated:,}")
        self.counts["unchanged"].setText(f"{report.unchanged:,}")
        self.counts["bad"].setText(f"{report.bad_rows:,}")
        self.errors.set_rows(report.errors)
        if report.errors:
            self.note.setText(f"{report.bad_rows:,} row(s) have problems. The file is imported "
                              "all or nothing unless you skip those rows.")
            self.skip_bad.setVisible(True)
        elif report.added or report.updated:
            self.note.setText("No problems found. Apply writes the changes.")
        else:
            self.note.setText("Nothing to import: every line in the file is already here.")
        if report.already_imported:
            # Above everything else: the likely mistake is importing the file twice.
            self.note.setText(f"Warning: {report.already_imported}. Importing it again adds "
                              f"its {report.added:,} line(s) without an id a second time; "
                              "Apply asks first. " + self.note.text())
            self.note.setStyleSheet("color: #8a4b00;")
        self._update_apply()

    def _preview_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.reject()
            return
        if not isinstance(error, UserError):
            raise error
        self.note.setText(str(error))
        self.note.setStyleSheet("color: #b00020;")
        for label in self.counts.values():
            label.setText("–")

    def _update_apply(self, *_args: Any) -> None:
        report = self.preview
        ok = report is not None and bool(report.added or report.updated) and (
            not report.errors or self.skip_bad.isChecked())
        self.apply_button.setEnabled(ok)

    # --- apply ---------------------------------------------------------------------------
    def confirm_again(self) -> bool:
        """A file imported before: Apply only after the user says the lines are not here."""
        report = self.preview
        if report is None or not report.already_imported:
            return True
        answer = QMessageBox.question(
            self, "Import this file again?",
            f"{report.already_imported[0].upper()}{report.already_imported[1:]}.\n\n"
            f"Importing it again adds its {report.added:,} line(s) without an id a second "
            "time. Do that only if those lines are not in the needs list (for example, the "
            "earlier import was undone).\n\nImport it again?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def apply(self) -> CancelToken | None:
        skip = self.skip_bad.isChecked()
        if not self.confirm_again():
            return None
        again = self.preview is not None and bool(self.preview.already_imported)
        self.apply_button.setEnabled(False)

        def work(progress: ProgressFn, token: CancelToken) -> ImportReport:
            progress(0, 0, f"Importing {self.path.name}…")
            with self.ctx.store.transaction() as session:
                report = import_needs(session, self.path, skip_bad=skip, again=again)
                token.check()  # Cancel before the commit: nothing is kept
            return report

        def done(report: ImportReport) -> None:
            self.applied = report
            self.ctx.notify("needs")
            self.accept()

        def failed(error: BaseException) -> None:
            self._update_apply()
            _show_error(self, error)

        return run_with_progress(self, self.runner, "Importing need lines", work, done, failed)
