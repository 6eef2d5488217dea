"""The History panel every record page shows: who changed what, when, old → new, and where
(this instance, a bundle from a region or the state, a conflict resolution) — a row per
changed field, read from `app.services.history`. Read-only: the trail is append-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.errors import UserError
from app.services.history import HistoryEntry, change_text, history
from app.ui.context import AppContext
from app.ui.item_models.rows_model import Column, RowsModel
from app.ui.widgets.table_panel import TablePanel

WIDTH = 80  # a long text is cut in the cell; its tooltip-free full value is in the CLI's JSON


@dataclass(frozen=True)
class HistoryRow:
    """One changed field of one entry (an entry without fields is one row)."""

    when: datetime
    who: str
    where: str
    record: str
    action: str
    field: str
    change: str


def history_rows(entries: list[HistoryEntry]) -> list[HistoryRow]:
    rows = []
    for entry in entries:
        head = (entry.when, entry.who, entry.where, entry.record, entry.action)
        for field, old, new in entry.changes or (("", None, None),):
            rows.append(HistoryRow(*head, field, change_text(old, new, WIDTH)))
    return rows


# Narrow starting widths: the panel sits beside a list on the member page; the user can
# widen a column. The change itself comes before the record's name, which a record's own
# panel repeats on every row and a member's or procurement's may push out to the right.
COLUMNS: list[Column[HistoryRow]] = [
    Column("When", lambda r: r.when, formatter=lambda v: v.astimezone().strftime(
        "%Y-%m-%d %H:%M")),
    Column("Who", lambda r: r.who, max_width=110),
    Column("Where", lambda r: r.where, max_width=140),
    Column("Action", lambda r: r.action, max_width=100),
    Column("Field", lambda r: r.field, max_width=110),
    Column("Old → new", lambda r: r.change, stretch=True),
    Column("Record", lambda r: r.record, max_width=260),
]


class HistoryPanel(QWidget):
    """`load(record_uid=… | member=… | procurement=…)` shows that trail, newest last."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query: dict[str, Any] = {}
        self.model: RowsModel[HistoryRow] = RowsModel(
            COLUMNS, search_text=lambda r: f"{r.who} {r.where} {r.record} {r.action} "
                                           f"{r.field} {r.change}")
        self.table = TablePanel(self.model, "changes", "Filter the history (who, field, value…)")
        self.table.setAccessibleName("History")
        # One short line: a wrapping label here made the page beside it taller and wider.
        self.note = QLabel("Every change as it was made; the history cannot be edited.")
        self.note.setToolTip("Who made each change, when, on which instance (here, a bundle "
                             "from a region or the state, a conflict resolution), and each "
                             "field's old and new value")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def load(self, **query: Any) -> None:
        self.query = query
        with self.ctx.store.session() as session:
            try:
                entries = history(session, **query)
            except UserError as error:
                self.note.setText(str(error))
                entries = []
        self.table.set_rows(history_rows(entries))
        self.table.view.scrollToBottom()  # the latest changes first in sight

    def reload(self) -> None:
        if self.query:
            self.load(**self.query)


class HistoryDialog(QDialog):
    """The History panel of one record, in a window of its own (a need line's)."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None,
                 **query: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}")
        self.panel = HistoryPanel(ctx, self)
        self.panel.load(**query)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(1000, 460)
