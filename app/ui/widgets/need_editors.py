"""The needs grid and its cell editors: one line edit per cell, completion where it helps.

Tab commits and moves to the next cell (Shift+Tab back); Enter commits and finishes the line
(the page then puts the cursor in the item cell of the blank line). Both work while a
completion list is open — QCompleter hands those keys straight to the line edit's `event()`,
past any event filter, so the line edit itself turns them into a move. Undo and redo keys are
left to the page's actions (which save and close the editor first), not kept by the editor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.services.need_paste import SEPARATOR, matching_items
from app.services.vocabulary import FUNDING_SOURCES

Index = QModelIndex | QPersistentModelIndex
Hint = QAbstractItemDelegate.EndEditHint
MOVE_KEYS = {Qt.Key.Key_Tab: Hint.EditNextItem, Qt.Key.Key_Backtab: Hint.EditPreviousItem,
             Qt.Key.Key_Return: Hint.NoHint, Qt.Key.Key_Enter: Hint.NoHint}
PAGE_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class CellLineEdit(QLineEdit):
    """`move_requested(hint)`: the user pressed Tab or Shift+Tab; `line_finished()`: Enter.
    On Tab or Enter a single catalog match of what was typed in the item cell is taken."""

    move_requested = Signal(object)
    line_finished = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and (any(event.matches(k) for k in PAGE_KEYS)
                     or event.keyCombination() == QKeySequence("Ctrl+Shift+Z")[0]):
            event.ignore()  # the page's Undo / Redo, not the line edit's own text undo
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            hint = MOVE_KEYS.get(Qt.Key(event.key()))
            if hint is not None and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                completer = self.completer()
                if isinstance(completer, ItemCompleter):
                    completer.take_single_match()
                if hint == Hint.NoHint:
                    self.line_finished.emit()
                elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.move_requested.emit(Hint.EditPreviousItem)
                else:
                    self.move_requested.emit(hint)
                return True
        return super().event(event)


class ItemCompleter(QCompleter):
    """The catalog picker: 'CODE — full name' in a list as wide as the longest entry, showing
    the items whose code or name holds every word typed (`matching_items`)."""

    def __init__(self, items: dict[str, str], editor: QLineEdit) -> None:
        super().__init__(editor)
        self.items = items
        self.choices = QStringListModel(self)
        self.setModel(self.choices)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setMaxVisibleItems(12)
        editor.setCompleter(self)
        # before the line edit asks the completer to show its list for the new text
        editor.textEdited.connect(self.filter)
        popup = self.popup()
        longest = max((popup.fontMetrics().horizontalAdvance(self.label(c))
                       for c in items), default=0)
        popup.setMinimumWidth(longest + popup.verticalScrollBar().sizeHint().width() + 24)

    def label(self, code: str) -> str:
        return f"{code}{SEPARATOR}{self.items[code]}"

    def filter(self, text: str) -> None:
        self.choices.setStringList([self.label(c) for c in matching_items(text, self.items)])

    def take_single_match(self) -> None:
        editor = self.widget()
        if not isinstance(editor, QLineEdit) or editor.text().strip().upper() in self.items:
            return
        found = matching_items(editor.text(), self.items)
        if len(found) == 1:
            editor.setText(self.label(found[0]))
        self.popup().hide()


class ListCompleter(QCompleter):
    """Completes the last entry of a comma-separated list ('erate, lo' → 'erate, local')."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: Index) -> str:
        widget = self.widget()
        head = widget.text().rsplit(",", 1)[0] + ", " \
            if isinstance(widget, QLineEdit) and "," in widget.text() else ""
        return head + str(index.data())


def _completer(words: Sequence[str], parent: QObject, cls: type[QCompleter] = QCompleter
               ) -> QCompleter:
    completer = cls(parent)
    completer.setModel(QStringListModel(list(words), completer))
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class NeedCellDelegate(QStyledItemDelegate):
    """Editors by field: item (catalog completion), funding sources (word list), vendors
    (names already used), others plain. `field_at(column)` and the word lists come from
    the page, which reloads them with the member. `line_finished()`: Enter saved a cell."""

    line_finished = Signal()

    def __init__(self, field_at: Callable[[int], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.field_at = field_at
        self.items: dict[str, str] = {}
        self.vendor_choices: list[str] = []
        self.placeholders: dict[str, str] = {
            "quantity": "e.g. 120", "unit_price": "blank = catalog price",
            "funding_year": "e.g. 2026", "funding_sources": "erate, local",
            "item": "code or name"}

    def set_items(self, items: dict[str, str]) -> None:
        self.items = dict(sorted(items.items()))

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        name = self.field_at(index.column())
        editor = CellLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag(int(index.data(
            Qt.ItemDataRole.TextAlignmentRole) or Qt.AlignmentFlag.AlignLeft)))
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        editor.setAccessibleName(f"{header} of line {index.row() + 1}")
        editor.setPlaceholderText(self.placeholders.get(name, ""))
        if name == "item":
            ItemCompleter(self.items, editor)
        elif name == "funding_sources":
            editor.setCompleter(_completer(FUNDING_SOURCES, editor, ListCompleter))
        elif name in ("current_vendor", "preferred_vendor") and self.vendor_choices:
            editor.setCompleter(_completer(self.vendor_choices, editor))
        editor.move_requested.connect(lambda hint, e=editor: self._move(e, hint))
        editor.line_finished.connect(lambda e=editor: self._finish_line(e))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The delegate's own handling of Enter and Tab would commit and stay or move without
        # the line's rules: route them through the line edit.
        if isinstance(watched, CellLineEdit) and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and Qt.Key(event.key()) in MOVE_KEYS:
            return watched.event(event)
        return super().eventFilter(watched, event)

    def _move(self, editor: QWidget, hint: Hint) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)

    def _finish_line(self, editor: QWidget) -> None:
        self._move(editor, Hint.NoHint)
        self.line_finished.emit()


class NeedGrid(QTableView):
    """The grid: Tab skips read-only columns, Enter starts editing, Ctrl+V pastes rows, Esc
    on a refused value shows the saved one again."""

    paste_requested = Signal()
    edit_reverted = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed
                             | triggers.AnyKeyPressed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)

    def size_columns(self, columns: Sequence[Any]) -> None:
        """Fit each column to its text and heading, up to its cap (`width`, in tenths of an
        average character, so 125-150 % scaling keeps the proportions); numbers are never
        cut. The `stretch` column gets the room left; if none is left, the grid scrolls
        sideways (Tab scrolls the cell being typed into view)."""
        unit = self.fontMetrics().averageCharWidth()
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(200)
        self.resizeColumnsToContents()
        widths = []
        for section, column in enumerate(columns):
            title = header.fontMetrics().horizontalAdvance(column.header) + 24
            content = header.sectionSize(section) + 10
            cap = column.width * unit // 10 + 12
            width = max(title, content if column.alignment & Qt.AlignmentFlag.AlignRight
                        else min(content, cap))
            if getattr(column, "stretch", False):
                width = content
            widths.append(width)
        stretch = next((i for i, c in enumerate(columns) if getattr(c, "stretch", False)), None)
        if stretch is not None:
            spare = self.viewport().width() - sum(w for i, w in enumerate(widths)
                                                  if i != stretch)
            widths[stretch] = max(min(widths[stretch], 30 * unit), min(spare, 60 * unit))
        for section, width in enumerate(widths):
            header.resizeSection(section, width)

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        move = QAbstractItemView.CursorAction
        if action not in (move.MoveNext, move.MovePrevious):
            return super().moveCursor(action, modifiers)
        model, current = self.model(), self.currentIndex()
        if model is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        step = 1 if action == move.MoveNext else -1
        columns, rows = model.columnCount(), model.rowCount()
        position = current.row() * columns + current.column()
        for _ in range(columns * 2):
            position += step
            if not 0 <= position < rows * columns:
                return current
            index = model.index(position // columns, position % columns)
            if index.flags() & Qt.ItemFlag.ItemIsEditable \
                    and not self.isColumnHidden(index.column()):
                return index
        return current

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        if Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                and self.state() != QAbstractItemView.State.EditingState \
                and self.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable:
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def commit_open_editor(self) -> None:
        """Save what an open cell editor holds and close it (undo and redo must act on the
        store, not on the editor's text)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, Hint.NoHint)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == Hint.RevertModelCache:
            current = self.currentIndex()
            self.edit_reverted.emit(current.row(), current.column())
        super().closeEditor(editor, hint)
