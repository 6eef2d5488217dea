"""The editable grid of one member's need lines, with an always-present blank line at the end.

Edits go to `NeedActions` (one service call, one transaction, one undo step). A value the
service refuses stays in its cell — red, the message in the tooltip — so the user can fix
what they typed instead of typing it again. The blank line collects values until it holds an
item or description and a quantity; then it is created, and a new blank line appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.errors import FieldError, UserError, ValidationError
from app.services.catalog import CatalogItemRow
from app.services.need_paste import resolve_item
from app.services.needs import NeedRow, check_need_values
from app.ui.formatting import money, quantity
from app.ui.item_models.rows_model import LEFT, RIGHT
from app.ui.undo import NeedActions, raw_value

Index = QModelIndex | QPersistentModelIndex
NEW = ""  # the key of the blank line in `errors` and `rejected`
ERROR_BRUSH = QBrush(QColor("#f8d0d0"))
CONFIRMED_BRUSH = QBrush(QColor("#e6f4e6"))
HINT_BRUSH = QBrush(QColor("#8a8a8a"))


@dataclass(frozen=True)
class EntryColumn:
    field: str
    header: str
    editable: bool = True
    alignment: Qt.AlignmentFlag = LEFT
    tooltip: str = ""
    width: int = 90  # widest it starts, in average character widths × 10
    stretch: bool = False  # takes the room left over


ENTRY_COLUMNS = (
    EntryColumn("item", "Item", tooltip="Catalog code or name; the list completes as you type",
                width=190),
    # Qty beside Item: "item, Tab, quantity, Enter" is a line (the catalog fills the rest)
    EntryColumn("quantity", "Qty", alignment=RIGHT),
    EntryColumn("description", "Description", width=220, stretch=True),
    EntryColumn("unit", "Unit", width=110),
    EntryColumn("unit_price", "Unit price", alignment=RIGHT,
                tooltip="From the catalog; type another price to override it"),
    EntryColumn("amount", "Amount", editable=False, alignment=RIGHT),
    EntryColumn("status", "Status", editable=False, width=120),
    EntryColumn("funding_year", "FY", alignment=RIGHT, tooltip="E-rate funding year"),
    EntryColumn("funding_sources", "Funding sources",
                tooltip="erate, federal, state, local — separated by commas", width=150),
    EntryColumn("current_vendor", "Current vendor", width=190),
    EntryColumn("preferred_vendor", "Preferred vendor", width=190),
    EntryColumn("notes", "Notes", width=300),
)
FIELD_LABELS = {c.field: c.header for c in ENTRY_COLUMNS} | {"member": "Member",
                                                               "columns": "Columns"}
# The blank line is saved once it has one of the first and the second.
NEEDS_TO_SAVE = (("item", "description"), ("quantity",))


class NeedEntryModel(QAbstractTableModel):
    """`rejected(index)` asks the view to reopen the editor on a refused value;
    `message(text, is_error)` is for the line under the grid; `totals_changed` for the sums."""

    rejected = Signal(QModelIndex)
    message = Signal(str, bool)
    totals_changed = Signal()

    def __init__(self, actions: NeedActions, parent: Any = None) -> None:
        super().__init__(parent)
        self.actions = actions
        self.columns = list(ENTRY_COLUMNS)
        self.member_code = ""
        self.lines: list[NeedRow] = []
        self.pending: dict[str, str] = {}
        self.errors: dict[tuple[str, str], str] = {}
        self.rejected_text: dict[tuple[str, str], str] = {}
        self.items: dict[str, CatalogItemRow] = {}
        self.default_year: int | None = None
        self.show_withdrawn = False
        self._creating = False
        actions.lines_changed.connect(self.upsert)

    # --- loading ---------------------------------------------------------------------------
    def load(self, member_code: str, lines: list[NeedRow], items: list[CatalogItemRow],
             default_year: int | None) -> None:
        self.beginResetModel()
        self.member_code = member_code
        self.lines = [r for r in lines if self._shown(r)]
        self.items = {i.code: i for i in items}
        self.default_year = default_year
        self.pending, self.errors, self.rejected_text = {}, {}, {}
        self.endResetModel()
        self.totals_changed.emit()

    def _shown(self, row: NeedRow) -> bool:
        return self.show_withdrawn or row.status != "withdrawn"

    def item_names(self) -> dict[str, str]:
        return {code: item.name for code, item in self.items.items()}

    def line_at(self, row: int) -> NeedRow | None:
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def is_new_row(self, row: int) -> bool:
        return row == len(self.lines)

    def field_at(self, column: int) -> str:
        return self.columns[column].field

    def column_of(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.field == name)

    def totals(self) -> dict[str, Decimal]:
        sums = {"confirmed": Decimal(0), "draft": Decimal(0)}
        for line in self.lines:
            if line.status in sums:
                sums[line.status] += line.amount
        return sums

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.member_code else len(self.lines) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return "*" if self.is_new_row(section) else str(section + 1)
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        line = self.line_at(index.row())
        if self.columns[index.column()].editable and (line is None
                                                      or line.status != "withdrawn"):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        line = self.line_at(index.row())
        key = (line.uid if line else NEW, column.field)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, column.field, key, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(line, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(line, column.field)
        if role == Qt.ItemDataRole.FontRole and line is None:
            font = QFont()
            font.setItalic(column.field not in self.pending)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, line, key)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and key in self.errors:
            return self.errors[key]
        return None

    def _text(self, line: NeedRow | None, name: str, key: tuple[str, str],
              editing: bool) -> str:
        """A refused entry shows as typed until corrected; the blank line shows what is
        pending; a line edits its raw value and displays it formatted."""
        if key in self.rejected_text:
            return self.rejected_text[key]
        if line is None:
            return self._new_text(name, editing)
        if editing:
            return raw_value(line, name)
        return self._display(line, name)

    def _background(self, line: NeedRow | None, key: tuple[str, str]) -> QBrush | None:
        """A refused cell is marked as an error, else a confirmed line is tinted."""
        if key in self.errors:
            return ERROR_BRUSH
        if line is not None and line.status == "confirmed":
            return CONFIRMED_BRUSH
        return None

    def _foreground(self, line: NeedRow | None, name: str) -> QBrush | None:
        """Grey for the blank line's catalog hints and for a withdrawn line."""
        hinted = line is None and name not in self.pending
        if hinted or (line is not None and line.status == "withdrawn"):
            return HINT_BRUSH
        return None

    def _tooltip(self, index: Index, line: NeedRow | None, key: tuple[str, str]) -> str | None:
        """The error of a refused cell; on the blank line how to add one; else the full text
        of a description or notes that may not fit the column."""
        column = self.columns[index.column()]
        if key in self.errors:
            return f"{column.header}: {self.errors[key]}"
        if line is None and index.column() == 0:
            return "New line: type an item code or name, Tab to the quantity, Enter"
        text = self.data(index)
        return text if text and column.field in ("description", "notes") else None

    def _display(self, line: NeedRow, name: str) -> str:
        if name == "quantity":
            return quantity(line.quantity)
        if name in ("unit_price", "amount"):
            return money(getattr(line, name))
        if name == "status":
            return line.status.capitalize()
        return raw_value(line, name)

    def _new_text(self, name: str, editing: bool) -> str:
        """The blank line shows what was typed, else the catalog's value as a grey hint."""
        if name in self.pending:
            value = self.pending[name]
            if not editing and name == "item" and value.upper() in self.items:
                return value.upper()
            return value
        if editing:
            return ""
        item = self.items.get(self.pending.get("item", "").upper())
        if name == "description" and item:
            return item.name
        if name == "unit" and item:
            return item.unit
        if name == "unit_price" and item:
            return money(item.reference_price)
        if name == "funding_year" and self.default_year:
            return str(self.default_year)
        if name == "status":
            return "New" if self.pending else ""
        if name == "item" and not self.pending:
            return "type to add a line…"
        return ""

    # --- editing ---------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = self.field_at(index.column())
        text = "" if value is None else str(value).strip()
        if name == "item":
            text = resolve_item(text, self.item_names())
        line = self.line_at(index.row())
        if line is None:
            return self._edit_new(index, name, text)
        key = (line.uid, name)
        if text == raw_value(line, name) and key not in self.rejected_text:
            return False
        raw = {name: text}
        if name == "item" and text.upper() in self.items:
            # a different catalog item brings its own description, unit and price
            raw |= {"description": "", "unit": "", "unit_price": ""}
        try:
            self.actions.edit(line, raw)
        except ValidationError as error:
            self._refuse(index, line.uid, name, text, error.errors)
            return False
        except UserError as error:  # e.g. the line was withdrawn on another screen
            self.message.emit(str(error), True)
            return False
        self._clear(line.uid)
        self.message.emit("Saved.", False)
        return True

    def _edit_new(self, index: Index, name: str, text: str) -> bool:
        if text == self.pending.get(name, "") and (NEW, name) not in self.errors:
            return False  # an editor closed unchanged (say before an undo): nothing to say
        if text:
            self.pending[name] = text
        else:
            self.pending.pop(name, None)
        self._clear(NEW)
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        problems = self._check_pending()
        mine = [e for e in problems if e.field in self.pending]
        if mine:
            self._refuse(index, NEW, name, text, mine, keep=True)
            return True
        if not all(any(f in self.pending for f in group) for group in NEEDS_TO_SAVE):
            missing = "a quantity" if "quantity" not in self.pending else "an item or description"
            self.message.emit(f"New line: enter {missing} to save it.", False)
            return True
        self._creating = True
        try:
            self.actions.create({"member": self.member_code, **self.pending})
        except ValidationError as error:
            self._refuse(index, NEW, name, text, error.errors, keep=True)
        except UserError as error:
            self.message.emit(str(error), True)
        else:
            self.message.emit("New line saved.", False)
        finally:
            self._creating = False
        return True

    def _check_pending(self) -> list[FieldError]:
        """Problems with the values typed so far on the blank line (nothing is written)."""
        with self.actions.store.session() as session:
            _values, check = check_need_values(session, {"member": self.member_code,
                                                         **self.pending})
        return check.errors

    def _refuse(self, index: Index, key: str, name: str, text: str,
                errors: list[FieldError], keep: bool = False) -> None:
        for error in errors:
            self.errors[(key, error.field)] = error.message
        if not keep:
            self.rejected_text[(key, name)] = text
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        first = errors[0]
        label = FIELD_LABELS.get(first.field, first.field)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        self.message.emit(f"{label}: {first.message}{more}. Nothing was saved.", True)
        if any(e.field == name for e in errors):
            self.rejected.emit(self.index(row, index.column()))

    def _clear(self, key: str) -> None:
        for store in (self.errors, self.rejected_text):
            for k in [k for k in store if k[0] == key]:
                del store[k]

    def cell_after_enter(self, row: int) -> QModelIndex | None:
        """Where Enter leads once the cell on `row` is saved: the item cell of the blank line;
        on a blank line still missing its item or quantity, that cell; None (stay) when a
        value was refused — the refused cell is reopened instead."""
        line = self.line_at(row)
        key = line.uid if line else NEW
        if any(k[0] == key for k in self.errors):
            return None
        if line is None and self.pending:
            missing = next((group[0] for group in NEEDS_TO_SAVE
                            if not any(f in self.pending for f in group)), None)
            return None if missing is None else self.index(row, self.column_of(missing))
        return self.index(len(self.lines), self.column_of("item"))

    # Not `revert`: QAbstractItemModel.revert() is a Qt virtual the view calls with no
    # arguments when an edit is cancelled; shadowing it crashed the app on Esc.
    def forget_refused(self, row: int, column: int) -> None:
        """Esc on a refused cell: show the saved value again."""
        line = self.line_at(row)
        if line is not None and (line.uid, self.field_at(column)) in self.rejected_text:
            self._clear(line.uid)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
            self.message.emit("", False)

    def upsert(self, rows: list[NeedRow]) -> None:
        """Lines changed by an edit, undo, redo or paste; a new line takes the blank line's
        place, so the cursor stays on the line being typed."""
        for new in rows:
            if self.member_code and new.member_code != self.member_code:
                continue
            at = next((i for i, r in enumerate(self.lines) if r.uid == new.uid), None)
            if at is not None and not self._shown(new):
                self.beginRemoveRows(QModelIndex(), at, at)
                del self.lines[at]
                self.endRemoveRows()
            elif at is not None:
                self.lines[at] = new
                self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.columns) - 1))
            elif self._shown(new):
                self._append(new)
        self.totals_changed.emit()

    def _append(self, new: NeedRow) -> None:
        at = len(self.lines)
        if self._creating:  # the blank line became this line; a new blank line follows
            self.lines.append(new)
            self.pending = {}
            self._clear(NEW)
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(self.columns) - 1))
            self.beginInsertRows(QModelIndex(), at + 1, at + 1)
            self.endInsertRows()
        else:
            self.beginInsertRows(QModelIndex(), at, at)
            self.lines.append(new)
            self.endInsertRows()
