"""The Procurements page's "Procurement file…" button: the bookmarked PDF an auditor asks
for and, ticked, the zip of received originals beside it (app.services.procurement_originals).
Kept out of the page's module so the page stays one screen's worth of code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.errors import UserError
from app.services.procurement_originals import SavedFile, save_procurement_file


def save_file(parent: QWidget, ctx: Any, ref: str, with_originals: bool,
              path: str | None = None) -> SavedFile | None:
    """Ask where (unless `path` is given), then write; a refusal is shown, nothing else."""
    from app.ui.dialogs.needs_import import last_folder, remember_folder

    if not path:
        suggested = Path(last_folder(ctx)) / f"{ref}-procurement-file.pdf"
        path, _chosen = QFileDialog.getSaveFileName(
            parent, "Save the procurement file", str(suggested), "PDF (*.pdf)")
        if not path:
            return None
    remember_folder(ctx, path)
    # Rendering merges the packet, tabulation and score sheets: seconds on a big procurement.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        with ctx.store.session() as session:
            return save_procurement_file(session, ref, Path(path), with_originals)
    except UserError as error:
        QMessageBox.warning(parent, "Procurement file", str(error))
        return None
    finally:
        QApplication.restoreOverrideCursor()


def saved_text(saved: SavedFile) -> str:
    text = f"Saved {saved.pdf} ({saved.pages} pages)"
    if saved.originals is not None:
        text += (f" and {saved.originals.path.name} ({saved.originals.files} files, "
                 "SHA-256 manifest)")
    return text + "."
