"""A read-only table model over a list of plain rows (frozen dataclasses from the services).

Columns are declared once as (header, accessor, alignment[, formatter]). `Qt.DisplayRole` gives
the formatted text and `Qt.UserRole` the native value (Decimal, int, date, str), so sorting is
numeric and chronological rather than alphabetical.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
DEFAULT_MAX_WIDTH = 420
_DISPLAY, _USER = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.UserRole)
_ALIGNMENT, _TOOLTIP = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ToolTipRole)
_OUR_ROLES = frozenset({_DISPLAY, _USER, _ALIGNMENT, _TOOLTIP})
_ROW_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
              | Qt.ItemFlag.ItemNeverHasChildren)


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    accessor: Callable[[R], Any]
    alignment: Qt.AlignmentFlag = LEFT
    formatter: Callable[[Any], str] | None = None
    tooltip: str = ""
    # The one column (a name or description) that takes the width left over.
    stretch: bool = False
    # Widest the column starts at (the user can still widen it); longer text is elided.
    max_width: int = DEFAULT_MAX_WIDTH

    def text(self, row: R) -> str:
        value = self.accessor(row)
        if self.formatter is not None:
            return self.formatter(value)
        return "" if value is None else str(value)


def _sort_key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


class RowsModel(QAbstractTableModel, Generic[R]):
    """Rows are replaced as a whole (`set_rows`); the model never edits them."""

    def __init__(self, columns: Sequence[Column[R]],
                 search_text: Callable[[R], str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[R] = []
        self._search_text = search_text
        self._haystacks: list[str] | None = None
        # Bumped whenever rows change or move, so a proxy knows its cached matches are old.
        self.generation = 0
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._moved_to: list[int] | None = None  # by the last sort: old row -> new row

    # --- data ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = None
        self.generation += 1
        self._sorted_by = None
        self._moved_to = None
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def _haystack_list(self) -> list[str] | None:
        """Each row's search text, case-folded, built on the first filter after a load."""
        if self._search_text is None:
            return None
        if self._haystacks is None:
            self._haystacks = [self._search_text(r).casefold() for r in self._rows]
        return self._haystacks

    def matches(self, row: int, needle: str) -> bool:
        """Case-insensitive substring match over the row's search text."""
        haystacks = self._haystack_list() if needle else None
        return haystacks is None or needle.casefold() in haystacks[row]

    def matching(self, needle: str) -> list[bool]:
        """`matches` for every row at once: one list comprehension instead of a call per row."""
        haystacks = self._haystack_list() if needle else None
        if haystacks is None:
            return [True] * self.rowCount()
        folded = needle.casefold()
        return [folded in h for h in haystacks]

    def matching_rows(self, needle: str, within: Sequence[int] | None = None) -> list[int]:
        """The rows that match, in order; only those in `within` (rows in order) if given."""
        haystacks = self._haystack_list() if needle else None
        if haystacks is None:
            return list(range(self.rowCount())) if within is None else list(within)
        folded = needle.casefold()
        if within is None:
            return [i for i, h in enumerate(haystacks) if folded in h]
        return [i for i in within if folded in haystacks[i]]

    def moved_row(self, row: int) -> int:
        """Where the row that was at `row` before the last sort is now."""
        moved = self._moved_to
        return row if moved is None or row >= len(moved) else moved[row]

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """`data()` without the index: views ask for ~8 roles per cell shown, and most are
        none of ours, so those are answered first and the roles compared as plain ints."""
        role = int(role)
        if role not in _OUR_ROLES:
            return None
        spec = self.columns[column]
        if role == _DISPLAY:
            return spec.text(self._rows[row])
        if role == _ALIGNMENT:
            return int(spec.alignment)
        if role == _USER:
            return spec.accessor(self._rows[row])
        if spec.stretch or spec.max_width < DEFAULT_MAX_WIDTH:
            return spec.text(self._rows[row])  # the full text of a column that may be cut off
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on native values in one Python `sort` call; blanks always go last. Rows with
        equal values keep the order they had (a sort by member, then by status, keeps each
        status's lines by member)."""
        if not 0 <= column < len(self.columns) or self._sorted_by == (column, order):
            return  # Qt may ask twice for one click; a second sort of 100k rows costs 0.5 s
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        order_ids = sort_order(self._sort_keys(column),
                               descending=order == Qt.SortOrder.DescendingOrder)
        moved_to = [0] * len(order_ids)
        for new, old in enumerate(order_ids):
            moved_to[old] = new
        self._moved_to = moved_to
        self._rows = [self._rows[i] for i in order_ids]
        if self._haystacks is not None:
            self._haystacks = [self._haystacks[i] for i in order_ids]
        self.generation += 1
        old_persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            old_persistent, [self.index(moved_to[p.row()], p.column()) for p in old_persistent])
        self.layoutChanged.emit()

    def _sort_keys(self, column: int) -> list[Any]:
        """The column's sort key for each row, in the rows' order (None for a blank)."""
        accessor = self.columns[column].accessor
        return [_sort_key(accessor(r)) for r in self._rows]


def sort_order(keys: Sequence[Any], descending: bool) -> list[int]:
    """Positions of `keys` in sorted order, stable, the blanks (None) last either way."""
    present = [i for i, k in enumerate(keys) if k is not None]
    if len(present) == len(keys):
        present.sort(key=keys.__getitem__, reverse=descending)
        return present
    blank = [i for i, k in enumerate(keys) if k is None]
    present.sort(key=keys.__getitem__, reverse=descending)
    return present + blank


class RowsFilterProxy(QAbstractProxyModel):
    """The source's rows that match the filter, in the source's order.

    Sorting is the source's (it sorts native values in one Python `sort`); this proxy only
    keeps the list of source rows shown. Neither a keystroke nor a sort calls Python once per
    row from C++, as QSortFilterProxyModel's `filterAcceptsRow` did (100k calls, a quarter
    of a second, for each). A needle that contains the previous one searches only the
    previous matches. A new filter resets the proxy (with 100k rows, removing rows run by
    run costs seconds in the views).
    """

    def __init__(self, source: RowsModel[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source  # a Python reference: sourceModel() per call is slow
        self._needle = ""
        self._shown: list[int] | None = None  # source rows shown; None: all of them
        self._position: dict[int, int] | None = None  # source row -> row here, on demand
        self._saved: list[tuple[QModelIndex, int]] = []
        # A source that does not override data() is asked through cell(), without an index.
        self._plain_data = type(source).data is RowsModel.data
        self._plain_flags = type(source).flags is RowsModel.flags
        self.setSourceModel(source)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._source_reset)
        source.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        source.layoutChanged.connect(self._source_layout_changed)
        source.dataChanged.connect(self._source_data_changed)
        source.headerDataChanged.connect(self.headerDataChanged)

    def source_rows(self) -> RowsModel[Any]:
        return self._source

    # --- filtering ------------------------------------------------------------------------
    def set_needle(self, text: str) -> None:
        needle = text.strip()
        if needle == self._needle:
            return
        narrower = bool(self._needle) and self._needle.casefold() in needle.casefold()
        self.beginResetModel()
        within = self._shown if narrower else None
        self._needle = needle
        self._match(within)
        self.endResetModel()

    def _match(self, within: list[int] | None = None) -> None:
        self._shown = self._source.matching_rows(self._needle, within) \
            if self._needle else None
        self._position = None

    def _source_row(self, row: int) -> int:
        return row if self._shown is None else self._shown[row]

    def _row_of(self, source_row: int) -> int | None:
        if self._shown is None:
            return source_row
        if self._position is None:
            self._position = {s: r for r, s in enumerate(self._shown)}
        return self._position.get(source_row)

    # --- following the source -------------------------------------------------------------
    def _source_reset(self) -> None:
        self._match()
        self.endResetModel()

    def _source_layout_about_to_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._saved = [(p, self._source_row(p.row()))
                       for p in self.persistentIndexList() if p.isValid()]

    def _source_layout_changed(self) -> None:
        self._match()  # the same rows match; they moved
        moved = self._source.moved_row
        old, new = [], []
        for persistent, source_row in self._saved:
            row = self._row_of(moved(source_row))
            old.append(persistent)
            new.append(QModelIndex() if row is None else self.index(row, persistent.column()))
        self._saved = []
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                             roles: list[int]) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  roles)

    # --- Qt proxy interface ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._source.rowCount() if self._shown is None else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._source.columnCount()

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < self.rowCount()
                                    and 0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index | None = None) -> Any:  # type: ignore[override]
        if index is None:
            return super().parent()  # QObject.parent()
        return QModelIndex()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.rowCount() > 0

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if not proxy_index.isValid():
            return QModelIndex()
        return self._source.index(self._source_row(proxy_index.row()), proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._row_of(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._plain_data and role not in _OUR_ROLES or not index.isValid():
            return None  # most roles a view asks for are none of ours: answered first
        source = self._source
        row = index.row() if self._shown is None else self._shown[index.row()]
        if self._plain_data:
            return source.cell(row, index.column(), role)
        return source.data(source.index(row, index.column()), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self._plain_flags and index.isValid():
            return _ROW_FLAGS  # what QAbstractTableModel gives every cell, without the call
        return self._source.flags(self.mapToSource(index))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self._source.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)

    def shown_source_rows(self) -> list[int] | None:
        """The source rows shown, in order; None when every row is."""
        return None if self._shown is None else list(self._shown)

    def visible_rows(self) -> list[Any]:
        """The rows shown, in the order shown."""
        rows = self._source.rows()
        if self._shown is None:
            return rows
        return [rows[i] for i in self._shown]
