"""A filter box above a sortable, read-only table: the pattern every list page uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.item_models.rows_model import RowsFilterProxy, RowsModel

MIN_STRETCH_WIDTH = 200
# Below this many rows the filter follows every key at once; above, it waits for a pause.
DELAY_FROM_ROWS = 20_000
RESIZE_PRECISION = 150
# A widget property: its text survives a refresh (a filter), so typing in it is no reason
# for app.ui.store_watcher to hold a refresh back.
KEPT_ACROSS_REFRESH = "kept_across_refresh"


class TablePanel(QWidget):
    """`visible_changed` fires after filtering, sorting or new rows, for totals and counts."""

    visible_changed = Signal()

    def __init__(self, model: RowsModel[Any], noun: str, filter_hint: str,
                 parent: QWidget | None = None, *, filter_delay_ms: int = 0,
                 settings: QSettings | None = None, settings_key: str = "",
                 hidden: Sequence[str] = ()) -> None:
        """`hidden`: headers of columns hidden until the user shows them (right-click on the
        header); with `settings` and `settings_key` the user's choice is remembered."""
        super().__init__(parent)
        self.model = model
        self.proxy = RowsFilterProxy(model, self)
        self._noun = noun
        self._content_widths: list[int] = []
        self._settings, self._settings_key = settings, settings_key
        self._quiet = False
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(filter_delay_ms)
        self._build_ui(filter_hint)
        self._connect_signals()
        self._restore_hidden(hidden)

    def _build_ui(self, filter_hint: str) -> None:
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(filter_hint)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(f"Filter {self._noun}")
        self.filter_edit.setProperty(KEPT_ACROSS_REFRESH, True)
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
        # Column widths from the first rows, not from 1,000 per column (1.5 s on a big table).
        header.setResizeContentsPrecision(RESIZE_PRECISION)
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
        self.filter_edit.textChanged.connect(self._filter_typed)
        self.filter_edit.returnPressed.connect(self.select_first_row)
        self.filter_edit.installEventFilter(self)
        self._filter_timer.timeout.connect(self.apply_filter)
        header = self.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged,
                       self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self._on_visible_changed)

    # --- filter -------------------------------------------------------------------------
    def _filter_typed(self, _text: str) -> None:
        if self._filter_timer.interval() and self.model.rowCount() >= DELAY_FROM_ROWS:
            self._filter_timer.start()
        else:
            self.apply_filter()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        # Filtering removes rows in many runs; count and total once at the end, not per run
        # (per run is quadratic: 30 s for one key on 5,000 rows).
        self._quiet = True
        try:
            self.proxy.set_needle(self.filter_edit.text())
        finally:
            self._quiet = False
        self._on_visible_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Down (or Page Down) in the filter box goes to the list, on its first row."""
        if (watched is self.filter_edit and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self.select_first_row()
            return True
        return super().eventFilter(watched, event)

    def select_first_row(self) -> None:
        """Enter or Down after filtering: select the first row shown (the only one, often)
        and give the list the keyboard, so arrows go on from there."""
        if self._filter_timer.isActive():
            self.apply_filter()  # a delayed filter: do it now, not after the selection
        if self.proxy.rowCount() == 0:
            return
        index = self.proxy.index(0, 0)
        self.view.setFocus()
        self.view.setCurrentIndex(index)
        self.view.selectRow(0)
        self.view.scrollTo(index)

    # --- column chooser -------------------------------------------------------------------
    def column_menu(self) -> QMenu:
        """A checkable entry per column; the last shown column cannot be hidden."""
        menu = QMenu(self)
        shown = [i for i in range(len(self.model.columns)) if not self.view.isColumnHidden(i)]
        for section, column in enumerate(self.model.columns):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(section in shown)
            action.setEnabled(shown != [section])
            action.toggled.connect(lambda on, s=section: self.set_column_shown(s, on))
        return menu

    def _column_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.view.horizontalHeader().mapToGlobal(pos))

    def set_column_shown(self, section: int, shown: bool) -> None:
        self.view.setColumnHidden(section, not shown)
        if shown and self.view.columnWidth(section) < 30:
            self.view.resizeColumnToContents(section)
        self._give_spare_width()
        if self._settings is not None and self._settings_key:
            hidden = [c.header for i, c in enumerate(self.model.columns)
                      if self.view.isColumnHidden(i)]
            self._settings.setValue(self._settings_key, ",".join(hidden) or "-")

    def _restore_hidden(self, default: Sequence[str]) -> None:
        saved = self._settings.value(self._settings_key) \
            if self._settings is not None and self._settings_key else None
        hidden = set(str(saved).split(",")) if saved else set(default)
        for section, column in enumerate(self.model.columns):
            self.view.setColumnHidden(section, column.header in hidden)

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
        others = sum(w for i, w in enumerate(self._content_widths)
                     if i != column and not self.view.isColumnHidden(i))
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

    def showEvent(self, event: QShowEvent) -> None:
        # A panel filled while hidden (a tab not yet open) had no width to share out.
        super().showEvent(event)
        self._give_spare_width()

    def visible_rows(self) -> list[Any]:
        return self.proxy.visible_rows()

    def _on_visible_changed(self, *_args: Any) -> None:
        if self._quiet:
            return
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = singular(self._noun) if total == 1 else self._noun
        text = (f"{total:,} {noun}" if shown == total
                else f"{shown:,} of {total:,} {noun}")
        self.count_label.setText(text)
        self.visible_changed.emit()


def singular(noun: str) -> str:
    """'need lines' -> 'need line', 'members with needs' -> 'member with needs', 'entries'
    -> 'entry': the panels' plural nouns, for a count of one."""
    for joiner in (" of ", " with "):
        if joiner in noun:
            head, tail = noun.split(joiner, 1)
            return singular(head) + joiner + tail
    *first, last = noun.split(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join([*first, last])
