"""A filter box above a sortable, read-only table: the pattern every list page uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.item_models.rows_model import RowsFilterProxy, RowsModel

MIN_STRETCH_WIDTH = 200


class TablePanel(QWidget):
    """`visible_changed` fires after filtering, sorting or new rows, for totals and counts."""

    visible_changed = Signal()

    def __init__(self, model: RowsModel[Any], noun: str, filter_hint: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = RowsFilterProxy(model, self)
        self._noun = noun
        self._content_widths: list[int] = []
        self._build_ui(filter_hint)
        self._connect_signals()

    def _build_ui(self, filter_hint: str) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(filter_hint)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(f"Filter {self._noun}")
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_edit)
        self.count_label = QLabel()
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(self._noun.capitalize())
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def _connect_signals(self) -> None:
        self.filter_edit.textChanged.connect(self.proxy.set_needle)
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged,
                       self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self._on_visible_changed)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)
        self.fit_columns()
        self._on_visible_changed()

    def fit_columns(self, padding: int = 8) -> None:
        """Size columns to their contents plus some air, once per load (not per change: that
        is slow on 100k rows); the stretch column takes what is left and elides."""
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        self._content_widths = [min(header.sectionSize(i) + padding, column.max_width)
                                for i, column in enumerate(self.model.columns)]
        for section, width in enumerate(self._content_widths):
            header.resizeSection(section, width)
        self._give_spare_width()

    def _give_spare_width(self) -> None:
        """Fit the stretch column to the space left: wider than its text when there is room,
        narrower (elided, full text in the tooltip) rather than scrolling sideways."""
        stretch = [i for i, c in enumerate(self.model.columns) if c.stretch]
        if not stretch or len(self._content_widths) != len(self.model.columns):
            return
        column = stretch[0]
        others = sum(w for i, w in enumerate(self._content_widths) if i != column)
        # Reserve the vertical scroll bar's width: it appears after the rows arrive and
        # would otherwise push the last column out of sight.
        scroll_bar = self.view.verticalScrollBar()
        reserve = 0 if scroll_bar.isVisible() else scroll_bar.sizeHint().width()
        spare = self.view.viewport().width() - others - reserve
        floor = min(self._content_widths[column], MIN_STRETCH_WIDTH)
        self.view.horizontalHeader().resizeSection(column, max(floor, spare))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._give_spare_width()

    def visible_rows(self) -> list[Any]:
        return self.proxy.visible_rows()

    def _on_visible_changed(self, *_args: Any) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = (f"{total:,} {self._noun}" if shown == total
                else f"{shown:,} of {total:,} {self._noun}")
        self.count_label.setText(text)
        self.visible_changed.emit()
