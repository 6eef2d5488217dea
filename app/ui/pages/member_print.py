"""Saving a member's needs confirmation sheet as a PDF, in the background, then offering to
open it. The last folder used is remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import APP_NAME
from app.errors import UserError
from app.services.progress import Cancelled, CancelToken, ProgressFn
from app.ui.context import AppContext
from app.ui.crash import show_user_error
from app.ui.open_file import open_file
from app.ui.tasks import TaskRunner, run_with_progress

FOLDER_KEY = "folders/confirmation_sheets"


def default_file_name(code: str, name: str, year: int | None) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in name).strip("-")
    while "--" in stem:
        stem = stem.replace("--", "-")
    return f"confirmation-{code}-{stem}" + (f"-FY{year}" if year else "") + ".pdf"


class ConfirmationPrinter(QObject):
    """`printed(path)` fires when the PDF is written. `ask_to_open` is off in tests."""

    printed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.widget = parent
        self.runner = TaskRunner(self)
        self.ask_to_open = True
        self.last_path: Path | None = None

    def choose_path(self, code: str, name: str, year: int | None) -> Path | None:
        folder = str(self.ctx.settings.value(FOLDER_KEY, str(Path.home())))
        suggested = str(Path(folder) / default_file_name(code, name, year))
        chosen, _filter = QFileDialog.getSaveFileName(
            self.widget, f"Save the confirmation sheet for {name}", suggested,
            "PDF documents (*.pdf)")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(path.suffix + ".pdf") if path.suffix else \
                path.with_suffix(".pdf")
        self.ctx.settings.setValue(FOLDER_KEY, str(path.parent))
        return path

    def ask_and_print(self, code: str, name: str, year: int | None) -> None:
        path = self.choose_path(code, name, year)
        if path is not None:
            self.print_to(code, year, path)

    def print_to(self, code: str, year: int | None, path: Path) -> CancelToken:
        store = self.ctx.store

        def work(progress: ProgressFn, token: CancelToken) -> Path:
            from app.reports.confirmation import render_confirmation
            from app.services.reports_data import confirmation_sheet

            progress(0, 3, "Reading the confirmed need lines…")
            with store.session() as session:
                sheet = confirmation_sheet(session, code, year)
            token.check()
            progress(1, 3, f"Drawing {len(sheet.lines):,} lines…")
            data = render_confirmation(sheet)
            token.check()
            progress(2, 3, "Saving the file…")
            try:
                path.write_bytes(data)
            except OSError as error:
                raise UserError(f"Could not save {path}: {error.strerror}.") from error
            progress(3, 3, "Done")
            return path

        return run_with_progress(self.widget, self.runner, "Writing the confirmation sheet",
                                 work, self._done, self._failed)

    def _done(self, result: Any) -> None:
        path = Path(result)
        self.last_path = path
        self.printed.emit(path)
        if not self.ask_to_open:
            return
        answer = QMessageBox.question(
            self.widget, APP_NAME, f"The confirmation sheet was saved as\n{path}\n\n"
            "Open it now to print?", QMessageBox.StandardButton.Open
            | QMessageBox.StandardButton.Close, QMessageBox.StandardButton.Open)
        if answer == QMessageBox.StandardButton.Open:
            open_file(path, self.widget)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            return
        if isinstance(error, UserError):
            show_user_error(error, self.widget)
            return
        raise error  # a bug: the app's excepthook shows the crash dialog with the log path
