"""Background work with progress and Cancel. Widgets are touched only in the callbacks,
which Qt delivers on the GUI thread (signals across threads are queued)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import UserError
from app.services.progress import Cancelled, CancelToken, ProgressFn

log = logging.getLogger(__name__)

# work(progress, cancel_token) -> result
Work = Callable[[ProgressFn, CancelToken], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, token: CancelToken) -> None:
        super().__init__()
        self.work, self.token, self.signals = work, token, _Signals()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.token)
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread, never lost
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Runs one piece of work at a time per call, on Qt's global thread pool."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self._jobs: set[_Job] = set()  # keep the Python objects alive until they report

    def run(self, work: Work, on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None],
            on_progress: Callable[[int, int, str], None] | None = None) -> CancelToken:
        token = CancelToken()
        job = _Job(work, token)
        job.setAutoDelete(False)
        self._jobs.add(job)
        if on_progress is not None:
            job.signals.progress.connect(on_progress)

        def finished(result: Any) -> None:
            self._jobs.discard(job)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._jobs.discard(job)
            on_error(error)

        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)
        self.pool.start(job)
        return token

    def wait(self, msecs: int = 30000) -> bool:
        """For tests and shutdown: wait until every job has finished."""
        return self.pool.waitForDone(msecs)


def run_with_progress(parent: QWidget, runner: TaskRunner, title: str, work: Work,
                      on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None) -> CancelToken:
    """Show a modal progress dialog with Cancel while `work` runs in the background.

    A `Cancelled` or other `UserError` goes to `on_error` (default: re-raised on the GUI
    thread, where the app's error handler shows it as a message); bugs likewise.
    """
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message:
            dialog.setLabelText(message)

    def done(result: Any) -> None:
        dialog.close()
        on_done(result)

    def failed(error: BaseException) -> None:
        dialog.close()
        if on_error is not None:
            on_error(error)
        elif isinstance(error, Cancelled):
            log.info("cancelled: %s", title)
        elif isinstance(error, UserError):
            raise error
        else:
            raise error

    token = runner.run(work, done, failed, progress)
    dialog.canceled.connect(token.cancel)
    return token
