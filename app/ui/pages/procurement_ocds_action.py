"""The Procurements page's "Export open data (OCDS)…" button: the procurement as an OCDS 1.1
release package (app.services.ocds). Kept out of the page's module so the page stays one
screen's worth of code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import UserError


def ask_path(parent: QWidget, ref: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, f"Save {ref} as open data (OCDS)",
                                            f"{ref}-ocds.json", "JSON (*.json)")
    return Path(chosen) if chosen else None


def export_ocds(parent: QWidget, ctx: Any, ref: str, out: Path) -> str | None:
    """Write the procurement's release package; what was written, or None (the refusal is
    shown)."""
    from app.services.ocds import package_summary, release_package, write_package

    try:
        with ctx.store.session() as session:
            package = release_package(session, ref)
        write_package(package, out)
    except UserError as error:
        QMessageBox.warning(parent, "Open data (OCDS)", str(error))
        return None
    return f"Saved {out.name}: {package_summary(package)}."
