"""Notices when another program (the CLI, a second window, a script) changes the store, and
refreshes the window as F5 would: without it, `consortium demo` in a terminal showed up only
after F5 (issue #12 item 10).

A QTimer reads `change_marker` (one small indexed query) every few seconds on the GUI
thread. Our own changes move the marker too; they already announce themselves on
`data_changed`, so the watcher takes the new marker then instead of refreshing twice. While
a cell is being edited, a dialog is open or a text box holds unsaved typing, the refresh
waits (the status bar says the data changed), so it never takes a half-typed value away.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.services.changes import marker_if_free
from app.ui.context import AppContext
from app.ui.widgets.table_panel import KEPT_ACROSS_REFRESH

POLL_MS = 3000


def editing_now() -> bool:
    """A dialog is open, a table cell has an editor open, or the cursor is in a text box
    holding typed, unsaved text (a refresh would put the saved value back over it)."""
    if QApplication.activeModalWidget() is not None:
        return True
    widget: QWidget | None = QApplication.focusWidget()
    if isinstance(widget, QLineEdit) and widget.isModified() and not widget.isReadOnly() \
            and not widget.property(KEPT_ACROSS_REFRESH):
        return True
    if isinstance(widget, (QTextEdit, QPlainTextEdit)) and not widget.isReadOnly() \
            and widget.document().isModified():
        return True
    while widget is not None:
        if isinstance(widget, QAbstractItemView) and \
                widget.state() == QAbstractItemView.State.EditingState:
            return True
        widget = widget.parentWidget()
    return False


class StoreWatcher(QObject):
    """`changed_elsewhere` fires after the pages were told to refresh; `held_back` when a
    change waits for the user to finish editing (both for a note in the status bar)."""

    changed_elsewhere = Signal()
    held_back = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._announcing = False
        self._holding = False  # a change is waiting for the user to finish editing
        self._seen = self._read()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        ctx.events.data_changed.connect(self._own_change)

    def start(self) -> None:
        self.timer.start()

    def _read(self) -> tuple[int, ...] | None:
        return marker_if_free(self.ctx.store)

    def check(self) -> bool:
        """Refresh if the store changed since we last looked; True when it did."""
        marker = self._read()
        if marker is None or marker == self._seen:
            return False
        if editing_now():
            if not self._holding:
                self._holding = True
                self.held_back.emit()
            return False
        self._seen, self._holding = marker, False
        self._announcing = True
        try:
            self.ctx.notify("*")
        finally:
            self._announcing = False
        self.changed_elsewhere.emit()
        return True

    def _own_change(self, _what: str) -> None:
        # Our own write (or F5): the pages concerned are reading it now. A change from
        # elsewhere that is still held back stays pending, for the refresh of every page.
        if not self._announcing and not self._holding:
            self._seen = self._read() or self._seen
