"""Needs: every need line with its amount; the total follows the filter."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from app.services.needs import NeedRow, list_needs
from app.ui.formatting import money, quantity
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.pages.base import Page
from app.ui.widgets.table_panel import TablePanel

NEED_COLUMNS: list[Column[NeedRow]] = [
    Column("Member", lambda r: r.member_code),
    Column("Member name", lambda r: r.member_name, max_width=150),
    Column("Item", lambda r: r.item_code, max_width=130),
    Column("Description", lambda r: r.description, stretch=True),
    Column("Qty", lambda r: r.quantity, RIGHT, quantity),
    Column("Unit", lambda r: r.unit, max_width=105),
    Column("Unit price", lambda r: r.unit_price, RIGHT, money),
    Column("Amount", lambda r: r.amount, RIGHT, money),
    Column("FY", lambda r: r.funding_year, RIGHT, tooltip="E-rate funding year"),
    Column("Status", lambda r: r.status, formatter=lambda v: v.capitalize()),
]


def need_search_text(row: NeedRow) -> str:
    return " ".join((row.member_code, row.member_name, row.item_code, row.description,
                     row.status, str(row.funding_year)))


class NeedsPage(Page):
    title = "Needs"
    listens_to = frozenset({"needs", "members", "catalog"})

    def _build_ui(self) -> None:
        self.table = TablePanel(RowsModel(NEED_COLUMNS, need_search_text), "need lines",
                                "member, item, description, status or year")
        self.total_label = QLabel()
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.total_label.font())
        font.setBold(True)
        self.total_label.setFont(font)
        self.total_label.setAccessibleName("Total amount of the lines shown")
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.total_label)
        self.visible_total = Decimal(0)

    def _connect_signals(self) -> None:
        self.table.visible_changed.connect(self._update_total)

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            rows = list_needs(session)
        self.table.set_rows(rows)

    def _update_total(self) -> None:
        rows = self.table.visible_rows()
        total = sum((r.amount for r in rows if r.status != "withdrawn"), start=Decimal(0))
        self.visible_total = total
        withdrawn = sum(1 for r in rows if r.status == "withdrawn")
        note = f" (excluding {withdrawn:,} withdrawn)" if withdrawn else ""
        self.total_label.setText(f"Total of the {len(rows):,} lines shown{note}: {money(total)}")
