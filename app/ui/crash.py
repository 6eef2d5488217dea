"""The two kinds of failure in the GUI: a `UserError` is a plain warning the user can act on;
anything else is a bug, logged with its traceback and reported with the log's path."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import APP_NAME, __version__, paths
from app.errors import UserError, disk_problem

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def write_crash_log(data_dir: Path, exc_type: type[BaseException], value: BaseException,
                    tb: TracebackType | None) -> Path | None:
    try:
        folder = paths.log_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "crash.log"
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} {APP_NAME} {__version__}\n")
            handle.write("".join(traceback.format_exception(exc_type, value, tb)))
        return target
    except OSError:
        return None


def _parent() -> QWidget | None:
    app = QApplication.instance()
    return app.activeWindow() if isinstance(app, QApplication) else None


def show_user_error(error: UserError, parent: QWidget | None = None) -> None:
    QMessageBox.warning(parent or _parent(), APP_NAME, str(error))


def show_crash(log_path: Path | None, value: BaseException, parent: QWidget | None = None) -> None:
    where = (f"The details were written to:\n{log_path}" if log_path else
             "The details could not be written to the log folder.")
    box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME} — unexpected error",
                      "Something went wrong inside the program. This is a bug, not something "
                      "you did. Your saved data is safe; the action that failed was not saved."
                      f"\n\n{where}\n\nPlease send that file to whoever supports the program.",
                      QMessageBox.StandardButton.Ok, parent or _parent())
    box.setDetailedText(f"{type(value).__name__}: {value}")
    box.exec()


def make_excepthook(data_dir: Path, interactive: bool = True) -> Hook:
    """An excepthook for exceptions escaping Qt slots and event handlers."""
    showing = False

    def hook(exc_type: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        problem = disk_problem(value, data_dir)
        if problem:  # a read-only or full disk mid-session: the user's to fix, not a bug
            value = UserError(problem[0].upper() + problem[1:])
            exc_type = UserError
        if issubclass(exc_type, UserError):
            if interactive and not showing:
                showing = True
                try:
                    show_user_error(value)  # type: ignore[arg-type]
                finally:
                    showing = False
            else:
                print(f"error: {value}", file=sys.stderr)
            return
        log_path = write_crash_log(data_dir, exc_type, value, tb)
        sys.__excepthook__(exc_type, value, tb)
        if interactive and not showing:
            showing = True
            try:
                show_crash(log_path, value)
            finally:
                showing = False

    return hook
