"""Opening a saved file in the program the desktop uses for it — or, when there is none
(no PDF viewer installed), saying plainly where the file is instead of doing nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME


def no_viewer_text(path: Path) -> str:
    kind = path.suffix.lstrip(".").upper() or "this kind of"
    return (f"No program to open {kind} files was found on this computer.\n\n"
            f"The file is saved here:\n{path}\n\nOpen it from that folder, or copy it to a "
            "computer that can print it.")


def open_file(path: Path, parent: QWidget | None, *, tell: bool = True) -> bool:
    """True when the desktop opened the file; else (with `tell`) a message with its path."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    if tell:
        QMessageBox.information(parent, APP_NAME, no_viewer_text(path))
    return False
