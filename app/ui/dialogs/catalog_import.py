"""Import catalog items from a spreadsheet: the preview of every change, field by field,
then Apply. A file with a bad row shows each problem (row, item, column) and cannot be
applied: nothing is written. A catalog file is a few hundred rows at most, so the check
runs at once rather than in the background like the needs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QWidget,
)

from app.errors import ValidationError
from app.services.tabular_catalog import CatalogImport, import_catalog
from app.ui.context import AppContext
from app.ui.dialogs.import_preview import ImportPreviewDialog
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel


@dataclass(frozen=True)
class PreviewLine:
    """One line of the preview: a changed field, or a problem (then `field` names it)."""

    row: int | None
    code: str
    action: str  # "add", "update" or "problem"
    field: str
    old: str
    new: str


PREVIEW_COLUMNS: list[Column[PreviewLine]] = [
    Column("Row", lambda r: r.row, RIGHT),
    Column("Item", lambda r: r.code),
    Column("Change", lambda r: r.action.capitalize()),
    Column("Field", lambda r: r.field),
    Column("Now", lambda r: r.old, max_width=260),
    Column("After import", lambda r: r.new, stretch=True),
]


# Changes are named as on the Catalog page; problems keep the file's column names.
FIELD_LABELS = {"name": "Name", "category": "Category", "unit": "Unit",
                "erate_category": "E-rate category", "reference_price": "Reference price",
                "spec": "Specification", "brand": "Brand", "active": "Status"}


def preview_lines(result: CatalogImport) -> list[PreviewLine]:
    return [PreviewLine(change.row, change.code, "add" if change.added else "update",
                        FIELD_LABELS.get(field.field, field.field), field.old, field.new)
            for change in result.changes for field in change.fields]


def problem_lines(error: ValidationError) -> list[PreviewLine]:
    return [PreviewLine(e.row, e.record or "", "problem", e.field, "", e.message)
            for e in error.errors]


class CatalogImportDialog(ImportPreviewDialog):
    """`applied` holds the result once the import has been written."""

    change_event = "catalog"

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(ctx, path, "Import catalog items",
                         RowsModel(PREVIEW_COLUMNS, lambda r: f"{r.code} {r.field}"),
                         "changes", "item or field", (900, 520), parent)

    def run(self, session: Any, dry_run: bool) -> CatalogImport:
        return import_catalog(session, self.path, dry_run=dry_run)

    def problem_rows(self, error: ValidationError) -> list[PreviewLine]:
        return problem_lines(error)

    def show_result(self, result: CatalogImport) -> None:
        self.summary.setText(result.report.summary().removeprefix(f"{result.report.file}: "))
        self.table.set_rows(preview_lines(result))
        if result.changes:
            self.apply_button.setEnabled(True)
            self.note.setText("Nothing is written until you press Apply. The regions get "
                              "the changes in the state's next bundle.")
        else:
            self.note.setText("The catalog already holds everything in this file.")
