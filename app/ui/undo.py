"""Undo and redo of need-line edits, each step one service call in one transaction.

What undo means, so a coordinator can predict it:
- undo of a new line withdraws it (lines are never deleted: another instance may already have
  it) and it leaves the grid; redo reopens it as a draft with the same values;
- undo of an edit writes the old values back with `edit_need`; if the edit had sent a
  confirmed line back to draft, undo confirms it again (by the same person);
- undo of confirm / withdraw puts each line back to the status it had;
- a paste is one step: undo withdraws every line it made.

Single-line edits run on the GUI thread: one indexed UPDATE takes milliseconds, and the grid
must show the result (or the error) before the cursor moves on. Bulk work uses the runner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from app.errors import UserError
from app.services.need_paste import PastedRows, PasteResult, create_pasted
from app.services.needs import NeedRow, create_need, edit_need, get_need, set_status
from app.services.store import Store
from app.services.values import plain_number


def raw_value(row: NeedRow, name: str) -> str:
    """A line's field as the user would type it (what undo writes back)."""
    if name == "item":
        return row.item_code
    value = getattr(row, name)
    if name == "quantity":
        return plain_number(value)
    if name == "funding_sources":
        return ", ".join(value)
    return "" if value is None else str(value)


class StackAction(QAction):
    """"Undo <step>" (or Redo) for `stack` that calls `before()` first: the grid saves and
    closes an open cell editor there, which would otherwise keep the key for its own text
    while the toolbar promised to undo the last saved change."""

    def __init__(self, stack: QUndoStack, redo: bool, before: Callable[[], None],
                 parent: QObject) -> None:
        super().__init__(parent)
        self.stack, self.redo, self.before = stack, redo, before
        self.verb = "&Redo" if redo else "&Undo"
        # the values come with the signals: the stack may be half destroyed when it sends them
        enabled, text = ((stack.canRedoChanged, stack.redoTextChanged) if redo
                         else (stack.canUndoChanged, stack.undoTextChanged))
        enabled.connect(self.setEnabled)
        text.connect(self.show_step)
        self.setEnabled(stack.canRedo() if redo else stack.canUndo())
        self.show_step(stack.redoText() if redo else stack.undoText())
        self.triggered.connect(self.run)

    def show_step(self, text: str) -> None:
        self.setText(f"{self.verb} {text}" if text else self.verb)

    def run(self) -> None:
        self.before()
        if self.redo and self.stack.canRedo():
            self.stack.redo()
        elif not self.redo and self.stack.canUndo():
            self.stack.undo()


class NeedActions(QObject):
    """Runs need changes against the store and says which lines changed.

    `lines_changed` carries the new NeedRows (withdrawn ones too, so views can drop them);
    `failed` a message when an undo or redo could not be applied.
    """

    lines_changed = Signal(list)
    failed = Signal(str)

    def __init__(self, store: Store, notify: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.notify = notify
        self.stack = QUndoStack(self)

    # --- first-time actions: validation errors are raised to the caller, nothing pushed ---
    def create(self, raw: dict[str, Any]) -> NeedRow:
        row = self._run(lambda s: [create_need(s, raw)])[0]
        self.stack.push(_Create(self, [row.uid], f"Add {row.item_code or row.description}"))
        return row

    def edit(self, row: NeedRow, raw: dict[str, Any]) -> NeedRow:
        old = {name: raw_value(row, name) for name in raw}
        new = self._run(lambda s: [edit_need(s, row.uid, raw)])[0]
        self.stack.push(_Edit(self, row, old, dict(raw)))
        return new

    def set_status(self, rows: Sequence[NeedRow], status: str) -> list[NeedRow]:
        rows = [r for r in rows if r.status != status]
        if not rows:
            return []
        old = {r.uid: (r.status, r.confirmed_by) for r in rows}
        changed = self._run(lambda s: [set_status(s, uid, status) for uid in old])
        verb = {"confirmed": "Confirm", "withdrawn": "Withdraw", "draft": "Reopen"}[status]
        self.stack.push(_Status(self, old, status, f"{verb} {len(rows)} line(s)"))
        return changed

    def paste(self, pasted: PastedRows) -> PasteResult:
        result: list[PasteResult] = []

        def work(session: Any) -> list[NeedRow]:
            result.append(create_pasted(session, pasted))
            return result[0].created

        created = self._run(work)
        if created:
            self.stack.push(_Create(self, [r.uid for r in created],
                                    f"Paste {len(created)} line(s)"))
        return result[0]

    # --- plumbing --------------------------------------------------------------------------
    def _run(self, work: Callable[[Any], list[NeedRow]]) -> list[NeedRow]:
        with self.store.transaction() as session:
            rows = work(session)
        if rows:
            self.lines_changed.emit(rows)
            self.notify()
        return rows

    def replay(self, work: Callable[[Any], list[NeedRow]]) -> bool:
        """For undo/redo: a refusal (say the line was withdrawn meanwhile) becomes a message."""
        try:
            self._run(work)
        except UserError as error:
            self.failed.emit(str(error))
            return False
        return True


class _Step(QUndoCommand):
    """The action was done before the push; the first redo() Qt calls on push is skipped."""

    def __init__(self, actions: NeedActions, text: str) -> None:
        super().__init__(text)
        self.actions = actions
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        if not self.actions.replay(self.forward):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.actions.replay(self.backward):
            self.setObsolete(True)

    def forward(self, session: Any) -> list[NeedRow]:
        raise NotImplementedError

    def backward(self, session: Any) -> list[NeedRow]:
        raise NotImplementedError


class _Create(_Step):
    def __init__(self, actions: NeedActions, uids: list[str], text: str) -> None:
        super().__init__(actions, text)
        self.uids = uids

    def forward(self, session: Any) -> list[NeedRow]:
        return [set_status(session, uid, "draft") for uid in self.uids]

    def backward(self, session: Any) -> list[NeedRow]:
        return [set_status(session, uid, "withdrawn") for uid in self.uids]


class _Edit(_Step):
    def __init__(self, actions: NeedActions, before: NeedRow, old: dict[str, Any],
                 new: dict[str, Any]) -> None:
        super().__init__(actions, f"Edit {', '.join(new)}")
        self.uid, self.old, self.new = before.uid, old, new
        self.was_confirmed = before.status == "confirmed"
        self.confirmed_by = before.confirmed_by

    def forward(self, session: Any) -> list[NeedRow]:
        return [edit_need(session, self.uid, self.new)]

    def backward(self, session: Any) -> list[NeedRow]:
        row = edit_need(session, self.uid, self.old)
        if self.was_confirmed and row.status == "draft":
            row = set_status(session, self.uid, "confirmed", by=self.confirmed_by)
        return [row]


class _Status(_Step):
    def __init__(self, actions: NeedActions, old: dict[str, tuple[str, str]], status: str,
                 text: str) -> None:
        super().__init__(actions, text)
        self.old, self.status = old, status

    def forward(self, session: Any) -> list[NeedRow]:
        return [set_status(session, uid, self.status) for uid in self.old]

    def backward(self, session: Any) -> list[NeedRow]:
        rows = []
        for uid, (status, by) in self.old.items():
            if get_need(session, uid).status == "withdrawn" and status == "confirmed":
                set_status(session, uid, "draft")  # a withdrawn line is reopened first
            rows.append(set_status(session, uid, status, by=by))
        return rows
