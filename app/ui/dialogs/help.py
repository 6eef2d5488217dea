"""Help menu dialogs: keyboard shortcuts and About."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME, __version__


def show_shortcuts(parent: QWidget, shortcuts: Sequence[tuple[str, str]]) -> None:
    rows = "".join(f"<tr><td style='padding:2px 18px 2px 0'><b>{escape(keys)}</b></td>"
                   f"<td>{escape(what)}</td></tr>" for keys, what in shortcuts)
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts",
                      f"<table>{rows}</table>", QMessageBox.StandardButton.Close, parent)
    box.setObjectName("shortcuts_dialog")
    box.open()


def show_about(parent: QWidget, instance_title: str) -> None:
    QMessageBox.about(
        parent, f"About {APP_NAME}",
        f"<p><b>{APP_NAME}</b> {escape(__version__)}</p>"
        "<p>Group purchasing of education technology for North Carolina LEAs and charter "
        "schools: regional coordinators gather members' needs, the state coordinator bids "
        "them together.</p>"
        f"<p>This instance: {escape(instance_title)}</p>")
