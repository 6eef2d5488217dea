"""One conflict side by side: each differing field with this instance's value and the other's,
and a choice per field (or all mine / all theirs)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.sync.conflicts import ConflictRow, resolve_conflict
from app.ui.context import AppContext


def shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


class ConflictDialog(QDialog):
    """`resolution` is "mine", "theirs" or "fields" once resolved."""

    def __init__(self, ctx: AppContext, conflict: ConflictRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.conflict = ctx, conflict
        self.resolution = ""
        self.choices: dict[str, QButtonGroup] = {}
        self.setWindowTitle(f"Conflict #{conflict.id}")
        self.resize(900, 480)
        self._build_ui()

    def _build_ui(self) -> None:
        c = self.conflict
        source = "the state" if c.source_scope == "state" else \
            f"Region {c.source_scope.removeprefix('region:')}"
        if c.owned_here:
            text = (f"{source.capitalize()} edited this record, which this instance owns. "
                    "Accept its values, keep yours, or choose per field: what you keep "
                    "becomes your new version and goes back in your next bundle.")
            sides = ("This instance (owner)", f"{source.capitalize()}'s edit")
        elif c.declined:
            text = (f"{source.capitalize()} owns this record and declined the edit made here "
                    f"(its version {c.remote_version}). Its answer is final: accept it, or "
                    "keep yours to send it again as a new correction for it to decide.")
            sides = ("This instance (your edit)", f"{source.capitalize()}'s answer (owner)")
        else:
            text = (f"Changed here (version {c.local_version}) and by {source}, which owns "
                    f"it (version {c.remote_version}). Take its values, or keep yours: what "
                    "you keep goes to it as a correction.")
            sides = ("This instance (mine)", f"{source.capitalize()} (theirs)")
        head = QLabel(f"<b>{_escape(c.label)}</b><br>{text}")
        head.setWordWrap(True)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(8)
        for column, text in enumerate(("Field", *sides)):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for row, diff in enumerate(c.diffs, start=1):
            grid.addWidget(QLabel(diff.name.replace("_", " ")), row, 0)
            group = QButtonGroup(self)
            for column, (side, value) in enumerate((("mine", diff.mine),
                                                    ("theirs", diff.theirs)), start=1):
                button = QRadioButton(shown(value))
                button.setAccessibleName(f"{diff.name}: keep {side}")
                button.setProperty("side", side)
                button.setChecked(side == "mine")
                group.addButton(button)
                grid.addWidget(button, row, column)
            self.choices[diff.name] = group
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(c.diffs) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        buttons = QDialogButtonBox()
        self.mine_button = QPushButton("&Decline: keep mine" if c.owned_here
                                       else "Keep &mine: correct again" if c.declined
                                       else "Keep all &mine")
        self.theirs_button = QPushButton(f"&Accept {source}'s edit" if c.owned_here
                                         else f"&Accept {source}'s answer" if c.declined
                                         else "Keep all &theirs")
        self.fields_button = QPushButton("&Keep my choice per field")
        for button in (self.mine_button, self.theirs_button, self.fields_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.mine_button.clicked.connect(lambda: self.resolve("mine"))
        self.theirs_button.clicked.connect(lambda: self.resolve("theirs"))
        self.fields_button.clicked.connect(lambda: self.resolve("fields"))
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def choose(self, field: str, side: str) -> None:
        for button in self.choices[field].buttons():
            if button.property("side") == side:
                button.setChecked(True)

    def field_choices(self) -> dict[str, str]:
        out = {}
        for name, group in self.choices.items():
            checked = group.checkedButton()
            out[name] = str(checked.property("side")) if checked else "mine"
        return out

    def resolve(self, keep: str) -> None:
        choices = self.field_choices() if keep == "fields" else None
        if choices is not None and set(choices.values()) == {"theirs"}:
            keep, choices = "theirs", None  # all theirs: take the owner's version exactly
        with self.ctx.store.transaction() as session:
            resolve_conflict(session, self.conflict.id, keep, choices)
        self.resolution = keep
        self.ctx.notify("*")
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

