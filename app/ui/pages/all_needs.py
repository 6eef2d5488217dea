"""All needs: every line of the region across members, filtered as you type, with totals."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.need_grid import need_grid
from app.services.needs import NeedRow
from app.ui.context import AppContext
from app.ui.formatting import money, quantity
from app.ui.item_models.need_grid_model import NeedGridModel
from app.ui.item_models.rows_model import RIGHT, Column
from app.ui.widgets.history_panel import HistoryDialog
from app.ui.widgets.table_panel import TablePanel

NEED_COLUMNS: list[Column[NeedRow]] = [
    # code and name in one column: sorts by code, reads by name, saves a column's width
    Column("Member", lambda r: f"{r.member_code} {r.member_name}", max_width=230),
    Column("Item", lambda r: r.item_code, max_width=130),
    Column("Description", lambda r: r.description, stretch=True),
    Column("Qty", lambda r: r.quantity, RIGHT, quantity),
    Column("Unit", lambda r: r.unit, max_width=105),
    Column("Unit price", lambda r: r.unit_price, RIGHT, money),
    Column("Amount", lambda r: r.amount, RIGHT, money),
    Column("FY", lambda r: r.funding_year, RIGHT, tooltip="E-rate funding year"),
    Column("Sources", lambda r: ", ".join(r.funding_sources), max_width=150,
           tooltip="Funding sources"),
    Column("Current vendor", lambda r: r.current_vendor, max_width=150),
    Column("Preferred vendor", lambda r: r.preferred_vendor, max_width=150),
    Column("Notes", lambda r: r.notes, max_width=200),
    Column("Status", lambda r: r.status, formatter=lambda v: v.capitalize()),
]
# Shown until the user picks otherwise in the header's menu.
HIDDEN_AT_FIRST = ("Sources", "Current vendor", "Preferred vendor", "Notes")
FILTER_DELAY_MS = 150  # one filter pass after a burst of typing, not one per key


def need_search_text(row: NeedRow) -> str:
    return " ".join((row.member_code, row.member_name, row.item_code, row.description,
                     row.status, str(row.funding_year), row.current_vendor,
                     row.preferred_vendor, row.notes, " ".join(row.funding_sources)))


class AllNeedsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.model = NeedGridModel(NEED_COLUMNS)
        self.table = TablePanel(self.model, "need lines",
                                "member, item, description, vendor, status or year",
                                filter_delay_ms=FILTER_DELAY_MS,
                                settings=ctx.settings, settings_key="needs/all_columns",
                                hidden=HIDDEN_AT_FIRST)
        self.total_label = QLabel()
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.total_label.font())
        font.setBold(True)
        self.total_label.setFont(font)
        self.total_label.setAccessibleName("Totals of the lines shown")
        self.total_label.setWordWrap(True)
        hint = QLabel("Right-click a column heading to show or hide columns.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.history_button = QPushButton("Histor&y…")
        self.history_button.setShortcut(QKeySequence("Ctrl+H"))
        self.history_button.setToolTip("Who changed the selected line, when, old → new, and "
                                       "its allocation once awarded (Ctrl+H)")
        self.history_button.clicked.connect(self.show_history)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        layout.addLayout(bottom)
        self.visible_total = Decimal(0)
        self._total_for: tuple[int, str, int] | None = None
        self.table.visible_changed.connect(self._update_total)

    def refresh(self) -> None:
        self.stale = False
        # column-wise, one lean query: a 100k-line load in a fraction of the NeedRow time
        with self.ctx.store.session() as session:
            grid = need_grid(session)
        self._total_for = None
        self.model.set_grid(grid)
        self.table.fit_columns()

    def show_history(self) -> HistoryDialog | None:
        """The History of the current line, in a dialog (nothing when none is selected)."""
        current = self.table.view.currentIndex()
        if not current.isValid():
            return None
        row = self.table.proxy.mapToSource(current).row()
        grid = self.model.grid
        member_code = grid.members[grid.member_id[row]][0]
        dialog = HistoryDialog(self.ctx, f"{member_code} {grid.description[row]}", self,
                               record_uid=grid.uid[row])
        dialog.open()
        return dialog

    def refresh_later(self) -> None:
        """Reload when next shown (after edits on the entry tab), or at once if on screen."""
        self.stale = True
        if self.isVisible():
            QTimer.singleShot(0, self, self.refresh)

    def _update_total(self) -> None:
        key = (self.table.proxy.rowCount(), self.table.filter_edit.text().strip(),
               id(self.model.grid))
        if key == self._total_for:
            return  # a sort moves lines but does not change the sums
        self._total_for = key
        lines = self.table.visible_rows()  # line numbers into the grid
        confirmed, draft, withdrawn = self.model.totals(lines)
        total = confirmed + draft
        self.visible_total = total
        note = f" ({withdrawn:,} withdrawn not counted)" if withdrawn else ""
        self.total_label.setText(
            f"{len(lines):,} lines shown{note} — confirmed {money(confirmed)}, "
            f"draft {money(draft)}, total {money(total)}")
