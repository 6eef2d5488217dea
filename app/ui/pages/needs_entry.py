"""Member entry: pick a member, then type its need lines into the grid, keyboard first."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFocusEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.catalog import list_items
from app.services.members import list_members
from app.services.need_paste import SEPARATOR, describe_errors, parse_paste, pasted_summary
from app.services.needs import NeedRow, default_funding_year, list_needs
from app.ui.context import AppContext
from app.ui.dialogs.confirm_checks import confirm_with_checks
from app.ui.formatting import money
from app.ui.item_models.need_entry_model import FIELD_LABELS, NeedEntryModel
from app.ui.tasks import TaskRunner
from app.ui.undo import NeedActions, StackAction
from app.ui.widgets.history_panel import HistoryDialog
from app.ui.widgets.need_editors import NeedCellDelegate, NeedGrid

MEMBER_KEY = "needs/member"
HAND_BACK_SECONDS = 1.5
Reason = Qt.FocusReason
HANDED_BACK = (Reason.PopupFocusReason, Reason.ActiveWindowFocusReason, Reason.OtherFocusReason)
SHOWN_ERRORS = 6


def _action(parent: QWidget, text: str, keys: list[QKeySequence], tip: str) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    action.setToolTip(f"{tip} ({shown})" if shown else tip)
    parent.addAction(action)
    return action


class MemberEntryTab(QWidget):
    def __init__(self, ctx: AppContext, notify: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actions_ = NeedActions(ctx.store, notify, self)
        self.model = NeedEntryModel(self.actions_, self)
        self.runner = TaskRunner(self)
        self._member_codes: list[str] = []
        self._build_ui()
        self._connect_signals()

    # --- building ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.member_combo = QComboBox()
        self.member_combo.setEditable(True)
        self.member_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.member_combo.setMinimumContentsLength(22)
        self.member_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.member_combo.setAccessibleName("Member")
        self.member_combo.lineEdit().setPlaceholderText("type a member code or name")
        completer = self.member_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._chosen_at = -HAND_BACK_SECONDS
        self.member_combo.installEventFilter(self)
        self.member_combo.lineEdit().installEventFilter(self)
        member_label = QLabel("&Member:")
        member_label.setBuddy(self.member_combo)
        self.totals_label = QLabel()
        self.totals_label.setAccessibleName("Totals for this member")
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.view = NeedGrid()
        self.view.setModel(self.model)
        self.delegate = NeedCellDelegate(self.model.field_at, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setAccessibleName("Need lines of the member")
        self.view.size_columns(self.model.columns)

        keys = QKeySequence.StandardKey
        self.confirm_action = _action(self, "&Confirm", [QKeySequence("Ctrl+Return")],
                                      "Confirm the selected lines: the member agrees to them")
        self.withdraw_action = _action(self, "&Withdraw", [QKeySequence("Ctrl+Delete")],
                                       "Withdraw the selected lines")
        self.reopen_action = _action(self, "Re&open", [],
                                     "Make the selected lines drafts again (to edit a "
                                     "withdrawn or confirmed line)")
        stack, finish = self.actions_.stack, self.view.commit_open_editor
        self.undo_action = StackAction(stack, False, finish, self)
        self.redo_action = StackAction(stack, True, finish, self)
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        if QKeySequence(keys.Redo) not in redo_keys:
            redo_keys += QKeySequence.keyBindings(keys.Redo)
        for action, shortcuts in ((self.undo_action, QKeySequence.keyBindings(keys.Undo)),
                                  (self.redo_action, redo_keys)):
            action.setShortcuts(list(dict.fromkeys(shortcuts)))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.history_action = _action(self, "Histor&y…", [QKeySequence("Ctrl+H")],
                                      "Who changed the selected line, when, old → new, "
                                      "and its allocation once awarded")
        self.paste_action = _action(self, "&Paste rows", [],
                                    "Add lines from rows copied in Excel (Ctrl+V in the grid)")
        self.show_withdrawn = QCheckBox("Show &withdrawn")
        self.show_withdrawn.setAccessibleName("Show withdrawn lines")
        self.template_action = QAction("&Template…", self)
        self.template_action.setToolTip("Write a spreadsheet a member can fill in")
        self.template_menu = QMenu(self)
        self.template_member_action = self.template_menu.addAction("For this &member…")
        self.template_all_action = self.template_menu.addAction("For &all members…")
        self.template_action.setMenu(self.template_menu)
        self.import_action = QAction("&Import…", self)
        self.import_action.setToolTip("Add or update lines from a filled-in spreadsheet")

        top = QHBoxLayout()
        top.addWidget(member_label)
        top.addWidget(self.member_combo, 2)
        top.addSpacing(16)
        self.totals_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)
        top.addWidget(self.totals_label, 3)
        # A tool bar folds what does not fit into a » menu instead of widening the window.
        self.toolbar = QToolBar("Need line actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.confirm_action, self.withdraw_action, self.reopen_action, None,
                       self.undo_action, self.redo_action, None, self.paste_action,
                       self.history_action, None):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.toolbar.addWidget(self.show_withdrawn)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction(self.template_action)
        self.toolbar.addAction(self.import_action)
        template_button = self.toolbar.widgetForAction(self.template_action)
        if isinstance(template_button, QToolButton):
            template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName("Messages about the need lines")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message_label)
        self.setTabOrder(self.member_combo, self.view)
        self._show_message("Choose a member, then type in the last line of the grid: the item, "
                           "Tab to the quantity, Enter for the next line. Each value is saved "
                           "as soon as you leave the cell.", False)

    def _connect_signals(self) -> None:
        self.member_combo.activated.connect(self._member_chosen)
        self.member_combo.lineEdit().returnPressed.connect(self._member_typed)
        self.model.message.connect(self._show_message)
        self.model.rejected.connect(self._reopen)
        self.model.totals_changed.connect(self._update_totals)
        self.actions_.failed.connect(lambda text: self._show_message(text, True))
        self.confirm_action.triggered.connect(lambda: self._set_status("confirmed"))
        self.withdraw_action.triggered.connect(lambda: self._set_status("withdrawn"))
        self.reopen_action.triggered.connect(lambda: self._set_status("draft"))
        self.paste_action.triggered.connect(self.paste)
        self.history_action.triggered.connect(self.show_history)
        self.view.paste_requested.connect(self.paste)
        self.view.edit_reverted.connect(self.model.forget_refused)
        self.delegate.line_finished.connect(self._next_line)
        self.show_withdrawn.toggled.connect(self._toggle_withdrawn)
        self.template_member_action.triggered.connect(lambda: self._template(True))
        self.template_all_action.triggered.connect(lambda: self._template(False))
        self.import_action.triggered.connect(self._import)

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            members = list_members(session)
        chosen = self.model.member_code or str(self.ctx.settings.value(MEMBER_KEY, "") or "")
        self.member_combo.blockSignals(True)
        self.member_combo.clear()
        for member in members:
            self.member_combo.addItem(f"{member.code}{SEPARATOR}{member.name}", member.code)
        self._member_codes = [m.code for m in members]
        self.member_combo.blockSignals(False)
        if chosen in self._member_codes:
            self.select_member(chosen, focus=False)
        else:
            self.member_combo.setCurrentIndex(-1)
            self.model.load("", [], [], None)

    def select_member(self, code: str, focus: bool = True) -> None:
        self.member_combo.setCurrentIndex(self._member_codes.index(code))
        with self.ctx.store.session() as session:
            lines = list_needs(session, member_code=code)
            items = list_items(session)
            year = default_funding_year(session)
        self.model.load(code, lines, items, year)
        self.view.size_columns(self.model.columns)
        self.delegate.set_items(self.model.item_names())
        self.delegate.vendor_choices = sorted({v for r in lines for v in (
            r.current_vendor, r.preferred_vendor) if v})
        self.ctx.settings.setValue(MEMBER_KEY, code)
        if focus:
            self.member_combo.completer().popup().hide()
            self._to_blank_line()
            self._chosen_at = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Under X11 the member box's completion list, closing after Enter chose the member,
        # can give the focus back to the box a moment later (the window system's focus events
        # come late), and the first line would be typed into the box: send it on to the grid.
        # A move the user makes (Alt+M, Shift+Tab, a click) has another reason and stays.
        if event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent) \
                and event.reason() in HANDED_BACK \
                and time.monotonic() - self._chosen_at < HAND_BACK_SECONDS:
            QTimer.singleShot(0, self, self._to_blank_line)
        return super().eventFilter(watched, event)

    def _to_blank_line(self) -> None:
        if self.view.state() == QAbstractItemView.State.EditingState:
            return  # typing in the grid has begun
        self.view.setFocus()
        self.view.setCurrentIndex(self.model.index(len(self.model.lines),
                                                   self.model.column_of("item")))

    def _member_chosen(self, index: int) -> None:
        if 0 <= index < len(self._member_codes):
            self.select_member(self._member_codes[index])

    def _member_typed(self) -> None:
        """Enter in the member box: a code, or a part of one member's name."""
        text = self.member_combo.currentText().split(SEPARATOR)[0].strip().casefold()
        if not text:
            return
        labels = [self.member_combo.itemText(i).casefold()
                  for i in range(self.member_combo.count())]
        exact = [i for i, c in enumerate(self._member_codes) if c.casefold() == text]
        found = exact or [i for i, label in enumerate(labels) if text in label]
        if len(found) == 1:
            self.select_member(self._member_codes[found[0]])
        else:
            self._show_message(f"{len(found)} members match '{text}'; type more of the name.",
                               True)

    # --- actions -------------------------------------------------------------------------
    def selected_lines(self) -> list[NeedRow]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if self.view.currentIndex().isValid():
            rows.add(self.view.currentIndex().row())
        return [line for r in sorted(rows) if (line := self.model.line_at(r)) is not None]

    def show_history(self) -> HistoryDialog | None:
        """The History of the current line (the first selected), in a dialog."""
        lines = self.selected_lines()
        if not lines:
            self._show_message("Select a line first to see its history.", True)
            return None
        line = lines[0]
        dialog = HistoryDialog(self.ctx, f"{line.member_code} {line.description}", self,
                               record_uid=line.uid)
        dialog.open()
        return dialog

    def _set_status(self, status: str) -> None:
        lines = self.selected_lines()
        if not lines:
            self._show_message("Select the lines first (Shift+arrows selects several).", True)
            return
        skipped = 0
        if status == "confirmed":  # a withdrawn line is reopened before it is confirmed
            skipped = sum(1 for line in lines if line.status == "withdrawn")
            lines = [line for line in lines if line.status != "withdrawn"]
        try:
            changed = confirm_with_checks(self.actions_, lines, self) \
                if status == "confirmed" else self.actions_.set_status(lines, status)
        except UserError as error:
            self._show_message(str(error), True)
            return
        if changed is None:
            self._show_message("Nothing confirmed.", False)
            return
        verb = {"confirmed": "Confirmed", "withdrawn": "Withdrew", "draft": "Reopened"}[status]
        note = f" {skipped} withdrawn line(s) left as they are: reopen them first." \
            if skipped else ""
        self._show_message(f"{verb} {len(changed)} line{'s' if len(changed) != 1 else ''}."
                           f"{note} Ctrl+Z undoes it.", bool(skipped))

    def paste(self) -> None:
        if not self.model.member_code:
            self._show_message("Choose a member before pasting lines.", True)
            return
        text = QGuiApplication.clipboard().text()
        current = self.view.currentIndex()
        if "\t" not in text and "\n" not in text.strip() and current.isValid():
            if current.flags() & Qt.ItemFlag.ItemIsEditable:
                self.model.setData(current, text.strip())  # one value into one cell
            return
        pasted = parse_paste(text, self.model.member_code, self.model.item_names())
        result = self.actions_.paste(pasted)
        lines = describe_errors(result.errors, FIELD_LABELS)
        extra = f"\n… and {len(lines) - SHOWN_ERRORS} more" if len(lines) > SHOWN_ERRORS else ""
        body = "\n".join(lines[:SHOWN_ERRORS]) + extra
        self._show_message(pasted_summary(result) + (f"\n{body}" if body else ""),
                           bool(result.errors))

    # Spreadsheet work loads pandas (~1 s); imported on first use, not at start-up.
    def _template(self, this_member: bool) -> None:
        from app.ui.dialogs.needs_import import write_template

        if this_member and not self.model.member_code:
            self._show_message("Choose a member first, or write the template for all.", True)
            return
        write_template(self, self.ctx, self.runner,
                       self.model.member_code if this_member else None)

    def _import(self) -> None:
        from app.ui.dialogs.needs_import import choose_and_import

        choose_and_import(self, self.ctx, self.runner)

    def _toggle_withdrawn(self, shown: bool) -> None:
        self.model.show_withdrawn = shown
        if self.model.member_code:
            self.select_member(self.model.member_code, focus=False)

    def _next_line(self) -> None:
        """Enter saved a cell: on to the item cell of the blank line (or to what the blank
        line still lacks); a refused value keeps the cursor, its editor reopens."""
        target = self.model.cell_after_enter(self.view.currentIndex().row())
        if target is None or not target.isValid():
            return
        self.view.clearSelection()
        self.view.setCurrentIndex(target)
        self.view.scrollTo(target)
        self.view.edit(target)

    # --- feedback ------------------------------------------------------------------------
    def _reopen(self, index: QModelIndex) -> None:
        def again() -> None:
            self.view.setCurrentIndex(index)
            self.view.edit(index)
        QTimer.singleShot(0, self, again)  # dropped if the tab is gone by then

    def _show_message(self, text: str, is_error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b00020;" if is_error else "")

    def _update_totals(self) -> None:
        sums = self.model.totals()
        count = len(self.model.lines)
        if not self.model.member_code:
            self.totals_label.setText("")
            return
        self.totals_label.setText(
            f"<b>Confirmed:</b> {money(sums['confirmed'])} &nbsp;·&nbsp; "
            f"<b>Draft:</b> {money(sums['draft'])} &nbsp;·&nbsp; "
            f"{count:,} line{'s' if count != 1 else ''}")
