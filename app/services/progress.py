"""Progress reports and cancellation for long work (imports, exports, PDFs), with no Qt:
the CLI passes nothing or prints, the UI's background runner forwards to a progress bar."""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.errors import UserError

# progress(done, total, message); total 0 means "unknown".
ProgressFn = Callable[[int, int, str], None]


class Cancelled(UserError):
    """The user pressed Cancel; whatever the work wrote is rolled back by its transaction."""

    def __init__(self) -> None:
        super().__init__("Cancelled; nothing was changed.")


class CancelToken:
    """Set from the GUI thread, polled by the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(done: int, total: int, message: str) -> None:
    """The default progress callback: says nothing."""
