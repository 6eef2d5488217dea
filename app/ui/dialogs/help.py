"""Help menu dialogs: keyboard shortcuts and About.

The shortcut list is read from the window's and the pages' QActions (their shortcut and
text), plus keys a page declares that are not actions (`page_shortcuts`, e.g. Tab and Enter
in a grid). One source, so the help cannot disagree with the keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__

NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class Shortcut:
    keys: str
    what: str
    where: str = "Everywhere"


def _describe(action: QAction) -> str:
    """The action's name as in its menu ("Go to Members" for the page actions)."""
    tip = action.toolTip().replace("&", "").strip()
    if tip.startswith("Go to"):
        return tip
    return action.text().replace("&", "").rstrip(".…").strip()


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(NATIVE) for k in action.shortcuts() if not k.isEmpty())


def collect_shortcuts(window: QWidget, pages: Sequence[QWidget]) -> list[Shortcut]:
    found: list[Shortcut] = []
    seen: set[tuple[str, str]] = set()

    def add(shortcut: Shortcut) -> None:
        key = (shortcut.keys, shortcut.where)
        if shortcut.keys and key not in seen:
            seen.add(key)
            found.append(shortcut)

    for action in window.actions():
        add(Shortcut(_keys(action), _describe(action)))
    for page in pages:
        where = getattr(page, "title", "") or type(page).__name__
        for action in page.findChildren(QAction):
            add(Shortcut(_keys(action), _describe(action), where))
        for keys, what in getattr(page, "page_shortcuts", ()):
            add(Shortcut(keys, what, where))
    return found


def shortcuts_html(shortcuts: Sequence[Shortcut]) -> str:
    groups: dict[str, list[Shortcut]] = {}
    for shortcut in shortcuts:
        groups.setdefault(shortcut.where, []).append(shortcut)
    parts = []
    for where, items in groups.items():
        parts.append(f"<tr><td colspan=2 style='padding:8px 0 2px 0'><b>{escape(where)}"
                     "</b></td></tr>")
        parts.extend(f"<tr><td style='padding:3px 24px 3px 8px'><b>{escape(s.keys)}</b>"
                     f"</td><td style='padding:3px 0'>{escape(s.what)}</td></tr>" for s in items)
    return f"<table>{''.join(parts)}</table>"


class ShortcutsDialog(QDialog):
    def __init__(self, shortcuts: Sequence[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.browser = QTextBrowser()
        self.browser.setHtml(shortcuts_html(shortcuts))
        self.browser.setAccessibleName("Keyboard shortcuts")
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(560, 600)

    def text(self) -> str:
        return self.browser.toPlainText()


def show_shortcuts(parent: QWidget, shortcuts: Sequence[Shortcut]) -> ShortcutsDialog:
    dialog = ShortcutsDialog(shortcuts, parent)
    dialog.open()
    return dialog


def show_about(parent: QWidget, instance_title: str) -> None:
    QMessageBox.about(
        parent, f"About {APP_NAME}",
        f"<p><b>{APP_NAME}</b> {escape(__version__)}</p>"
        "<p>Group purchasing of education technology for North Carolina LEAs and charter "
        "schools: regional coordinators gather members' needs, the state coordinator bids "
        "them together.</p>"
        f"<p>This instance: {escape(instance_title)}</p>")
