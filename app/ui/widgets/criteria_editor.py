"""Editing a procurement's evaluation criteria: name, points, which one is the price of
eligible goods and services, description. A small editable grid over a QStandardItemModel;
`rows()` gives what the service's `set_criteria` takes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.rules.packet_rules import TOTAL_POINTS
from app.services.packet_settings import CriterionRow

HEADERS = ("Criterion", "Points", "Price of eligible items", "Description")


class CriteriaEditor(QWidget):
    """`save_requested(rows)` when the user presses Save; `defaults_requested` on Restore."""

    save_requested = Signal(list)
    defaults_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.table = QTableView()
        self.table.setObjectName("criteria_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 360)
        self.table.setColumnWidth(1, 70)
        self.table.setColumnWidth(2, 160)
        self.total = QLabel()
        self.total.setObjectName("criteria_total")
        self.add_button = QPushButton("Add criterion")
        self.remove_button = QPushButton("Remove")
        self.defaults_button = QPushButton("Restore defaults")
        self.save_button = QPushButton("Save criteria")
        self.save_button.setObjectName("save_criteria")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.defaults_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        buttons.addSpacing(12)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        intro = QLabel(
            "Points for each scored criterion, fixed before bids open; they total 100. With "
            "E-rate money, the price of eligible goods and services must carry more points "
            "than any other single criterion.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self._append(CriterionRow("", 0, False)))
        self.remove_button.clicked.connect(self._remove)
        self.defaults_button.clicked.connect(self.defaults_requested.emit)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.rows()))
        self.model.itemChanged.connect(self._on_changed)

    def set_rows(self, rows: Sequence[CriterionRow]) -> None:
        self.model.blockSignals(True)
        self.model.removeRows(0, self.model.rowCount())
        for row in rows:
            self._append(row)
        self.model.blockSignals(False)
        self.table.viewport().update()
        self._update_total()

    def _append(self, row: CriterionRow) -> None:
        name = QStandardItem(row.name)
        points = QStandardItem(str(row.weight) if row.weight else "")
        points.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        price = QStandardItem()
        price.setCheckable(True)
        price.setEditable(False)
        price.setCheckState(Qt.CheckState.Checked if row.is_price_of_eligible
                            else Qt.CheckState.Unchecked)
        description = QStandardItem(row.description)
        self.model.appendRow([name, points, price, description])

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()},
                      reverse=True)
        for row in rows:
            self.model.removeRow(row)
        self._update_total()

    def _on_changed(self, item: QStandardItem) -> None:
        if item.column() == 2 and item.checkState() == Qt.CheckState.Checked:
            # Only one criterion is the price of eligible items.
            self.model.blockSignals(True)
            for row in range(self.model.rowCount()):
                other = self.model.item(row, 2)
                if row != item.row() and other is not None:
                    other.setCheckState(Qt.CheckState.Unchecked)
            self.model.blockSignals(False)
            self.table.viewport().update()
        self._update_total()

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.model.rowCount()):
            def text(column: int, r: int = row) -> str:
                item = self.model.item(r, column)
                return item.text().strip() if item is not None else ""

            price = self.model.item(row, 2)
            out.append({"name": text(0), "weight": text(1), "description": text(3),
                        "is_price_of_eligible": price is not None
                        and price.checkState() == Qt.CheckState.Checked})
        return out

    def _update_total(self) -> None:
        total = 0
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 1)
            text = item.text().strip() if item is not None else ""
            total += int(text) if text.isdigit() else 0
        # The service refuses any other total when saving; say so before the user tries.
        self.total.setText(f"Total: {total} points"
                           + ("" if total == TOTAL_POINTS else f" (must be {TOTAL_POINTS})"))
        self.total.setStyleSheet("" if total == TOTAL_POINTS else "color: #9b1c1c;")
