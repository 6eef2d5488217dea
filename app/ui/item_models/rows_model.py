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
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
DEFAULT_MAX_WIDTH = 420


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

    # --- data ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = None
        self.generation += 1
        self._sorted_by = None
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def matches(self, row: int, needle: str) -> bool:
        """Case-insensitive substring match over the row's search text."""
        if not needle:
            return True
        if self._search_text is None:
            return True
        if self._haystacks is None:
            self._haystacks = [self._search_text(r).casefold() for r in self._rows]
        return needle.casefold() in self._haystacks[row]

    def matching(self, needle: str) -> list[bool]:
        """`matches` for every row at once: one list comprehension instead of a call per row."""
        if not needle or self._search_text is None:
            return [True] * len(self._rows)
        if self._haystacks is None:
            self._haystacks = [self._search_text(r).casefold() for r in self._rows]
        folded = needle.casefold()
        return [folded in h for h in self._haystacks]

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.UserRole:
            return column.accessor(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        if role == Qt.ItemDataRole.ToolTipRole and (column.stretch
                                                    or column.max_width < DEFAULT_MAX_WIDTH):
            return column.text(row)  # the full text of a column that may be cut off
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
        """Sort on native values in one Python `sorted` call; blanks always go last."""
        if not 0 <= column < len(self.columns) or self._sorted_by == (column, order):
            return  # Qt may ask twice for one click; a second sort of 100k rows costs 0.5 s
        self._sorted_by = (column, order)
        accessor = self.columns[column].accessor
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_rows = [p.row() for p in old_persistent]
        keyed = [(accessor(r), i) for i, r in enumerate(self._rows)]
        present = [(v, i) for v, i in keyed if v is not None]
        blank = [i for v, i in keyed if v is None]
        present.sort(key=lambda pair: _sort_key(pair[0]),
                     reverse=order == Qt.SortOrder.DescendingOrder)
        order_ids = [i for _v, i in present] + blank
        new_position = {old: new for new, old in enumerate(order_ids)}
        self._rows = [self._rows[i] for i in order_ids]
        if self._haystacks is not None:
            self._haystacks = [self._haystacks[i] for i in order_ids]
        self.generation += 1
        self.changePersistentIndexList(
            old_persistent,
            [self.index(new_position[r], p.column()) for r, p in zip(
                old_rows, old_persistent, strict=True)])
        self.layoutChanged.emit()


class RowsFilterProxy(QSortFilterProxyModel):
    """Filters by the source's search text; sorting is delegated to the source model, which
    sorts native values far faster than a Python `lessThan` called per comparison.

    A new filter resets the proxy rather than removing rows run by run: with 100k rows the
    removals cost seconds in the views, a reset a fraction of that. Matches are computed for
    all rows in one pass and cached until the needle or the source's rows change.
    """

    def __init__(self, source: RowsModel[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._accept: list[bool] | None = None
        self._accept_for: tuple[str, int] | None = None
        self._source = source  # a Python reference: sourceModel() per row is slow
        self.setSourceModel(source)
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def source_rows(self) -> RowsModel[Any]:
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        return model

    def set_needle(self, text: str) -> None:
        needle = text.strip()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._accept = None
        self.endResetModel()

    def _accepted(self) -> list[bool]:
        source = self._source
        key = (self._needle, source.generation)
        if self._accept is None or self._accept_for != key \
                or len(self._accept) != len(source._rows):
            self._accept = source.matching(self._needle)
            self._accept_for = key
        return self._accept

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called once per row from C++ on every filter or sort: kept to the bare minimum.
        if not self._needle:
            return True
        accept = self._accept
        if accept is None or self._accept_for != (self._needle, self._source.generation):
            accept = self._accepted()
        return accept[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source_rows().sort(column, order)

    def visible_rows(self) -> list[Any]:
        """The rows shown, in the order shown. The source holds the sort order and this proxy
        only filters, so no index mapping is needed (100k `mapToSource` calls take seconds)."""
        rows = self.source_rows().rows()
        if not self._needle:
            return rows
        return [row for row, ok in zip(rows, self._accepted(), strict=True) if ok]
