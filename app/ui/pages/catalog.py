"""Catalog: the standard items members order, kept by the state. On the state instance the
coordinator adds, edits, retires and imports items; a region sees the same list read-only
(it receives the state's changes in its bundle). Below the list, the chosen item's
specification as vendors read it — with its brand as "<brand> or equivalent"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
)

from app.errors import UserError
from app.services.catalog import (
    CatalogItemRow,
    create_item,
    edit_item,
    list_categories,
    list_items,
    set_item_retired,
)
from app.services.scope import current_identity
from app.services.vocabulary import ERATE_CATEGORIES
from app.ui.dialogs.record_form import RecordDialog
from app.ui.formatting import money
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.pages.base import Page, paragraph
from app.ui.widgets.field_form import FieldSpec
from app.ui.widgets.table_panel import TablePanel

SHOW_RETIRED_KEY = "catalog/show_retired"
ERATE_LABELS = {"C1": "Category 1", "C2": "Category 2", "ineligible": "Not eligible"}

CATALOG_COLUMNS: list[Column[CatalogItemRow]] = [
    Column("Code", lambda r: r.code),
    Column("Name", lambda r: r.name, stretch=True),
    Column("Category", lambda r: r.category_name, max_width=170),
    Column("Unit", lambda r: r.unit),
    Column("E-rate", lambda r: r.erate_category,
           formatter=lambda v: ERATE_LABELS.get(v, v)),
    Column("Ref. price", lambda r: r.reference_price, RIGHT, money),
    Column("Brand", lambda r: r.brand, max_width=180),
    Column("Status", lambda r: r.retired, formatter=lambda v: "Retired" if v else "Offered",
           tooltip="A retired item cannot be chosen for new need lines; lines that have "
                   "it keep it"),
]


def catalog_search_text(row: CatalogItemRow) -> str:
    return f"{row.code} {row.name} {row.category_code} {row.category_name} {row.brand}"


def item_fields(categories: list[tuple[str, str]], creating: bool) -> list[FieldSpec]:
    return [
        FieldSpec("code", "&Code", hint="Capital letters, digits and hyphens; it cannot "
                  "change later" if creating else "The code cannot change",
                  placeholder="e.g. VR-HEADSET", width=220),
        FieldSpec("name", "&Name"),
        FieldSpec("category", "Ca&tegory", "choice", choices=tuple(categories)),
        FieldSpec("unit", "&Unit", placeholder="e.g. each, per device-year", width=220),
        FieldSpec("erate_category", "&E-rate category", "choice",
                  choices=tuple((ERATE_LABELS[c], c) for c in ERATE_CATEGORIES)),
        FieldSpec("reference_price", "Reference &price", hint="The planning price a need "
                  "line gets when no other is typed", placeholder="e.g. 285.00", width=160),
        FieldSpec("brand", "&Brand", hint="Printed as \"<brand> or equivalent\": an E-rate "
                  "bid may not require one manufacturer", placeholder="optional, e.g. Lenovo"),
        FieldSpec("spec", "&Specification", "multiline",
                  placeholder="the minimum requirements vendors bid against"),
    ]


class CatalogPage(Page):
    title = "Catalog"
    listens_to = frozenset({"catalog"})

    def _build_ui(self) -> None:
        self.is_state = False
        self.note = paragraph("")
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.retire_button = QPushButton("&Retire")
        self.import_button = QPushButton("&Import…")
        self.import_button.setToolTip("Add and update items from an .xlsx or .csv file; "
                                      "you see every change before it is written")
        self.export_button = QPushButton("E&xport…")
        self.export_button.setToolTip("Write the catalog to an .xlsx or .csv file; edited, "
                                      "it imports back")
        self.show_retired = QCheckBox("Show re&tired")
        self.show_retired.setChecked(
            str(self.ctx.settings.value(SHOW_RETIRED_KEY, "false")).lower() == "true")
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button,
                       self.import_button, self.export_button):
            row.addWidget(button)
        for button in self._state_buttons():
            button.hide()  # until refresh knows this is the state instance
        row.addStretch(1)
        row.addWidget(self.show_retired)
        self.table = TablePanel(RowsModel(CATALOG_COLUMNS, catalog_search_text), "catalog items",
                                "code, name, category or brand — e.g. chromebook, WIRELESS")
        self.spec_label = QLabel()
        self.spec_label.setWordWrap(True)
        self.spec_label.setTextFormat(Qt.TextFormat.RichText)
        self.spec_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.spec_label.setAccessibleName("Specification as printed")
        self.spec_label.setMinimumHeight(self.fontMetrics().height() * 4)
        self.spec_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(self.note)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.spec_label)

    def _state_buttons(self) -> tuple[QPushButton, ...]:
        return self.add_button, self.edit_button, self.retire_button, self.import_button

    def _connect_signals(self) -> None:
        self.table.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(self.edit_selected)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.import_button.clicked.connect(lambda: self.choose_and_import())
        self.export_button.clicked.connect(lambda: self.export_to())
        self.show_retired.toggled.connect(self._on_show_retired)

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    def refresh(self) -> None:
        current = self.current_code()
        with self.ctx.store.session() as session:
            self.is_state = current_identity(session).role == "state"
            rows = list_items(session, include_inactive=self.show_retired.isChecked())
            self._categories = [(c.name, c.code) for c in list_categories(session)]
        self.note.setText(
            "The state keeps the catalog: items added, edited or retired here reach the "
            "regions in the state's next bundle. A retired item stays on the need lines that "
            "have it." if self.is_state else
            "The state keeps the catalog; this list is read-only here and is updated by the "
            "state's sync bundle.")
        for button in self._state_buttons():
            button.setVisible(self.is_state)
        self.table.set_rows(rows)
        if not (current and self.select_item(current)):
            self._show_item(None)

    # --- selection ----------------------------------------------------------------------
    def selected(self) -> CatalogItemRow | None:
        rows = self.table.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.model.row_at(self.table.proxy.mapToSource(rows[0]).row())

    def current_code(self) -> str | None:
        item = self.selected()
        return item.code if item else None

    def select_item(self, code: str) -> bool:
        for row in range(self.table.proxy.rowCount()):
            index = self.table.proxy.index(row, 0)
            if index.data() == code:
                self.table.view.selectRow(row)
                self.table.view.scrollTo(index)
                return True
        return False

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_item(self.selected())

    def _show_item(self, item: CatalogItemRow | None) -> None:
        self.edit_button.setEnabled(item is not None)
        self.retire_button.setEnabled(item is not None)
        self.retire_button.setText("Offer a&gain" if item and item.retired else "&Retire")
        if item is None:
            self.spec_label.setText("<i>Choose an item to see its specification as vendors "
                                    "read it.</i>")
            return
        from html import escape

        status = " — <b>retired</b>" if item.retired else ""
        self.spec_label.setText(f"<b>{escape(item.code)}</b> {escape(item.name)}{status}<br>"
                                f"{escape(item.printed_spec) or '<i>No specification.</i>'}")

    def _on_show_retired(self, on: bool) -> None:
        self.ctx.settings.setValue(SHOW_RETIRED_KEY, "true" if on else "false")
        self.refresh()

    # --- changes (state only) -----------------------------------------------------------
    def add_item(self) -> RecordDialog:
        dialog = RecordDialog("Add catalog item", item_fields(self._categories, True),
                              lambda values: self._save(create_item, values), parent=self)
        dialog.form.set_values({"unit": "each"})
        self._open(dialog)
        return dialog

    def edit_selected(self) -> RecordDialog | None:
        item = self.selected()
        if item is None or not self.is_state:
            return None
        code = item.code
        dialog = RecordDialog(f"Edit {code}", item_fields(self._categories, False),
                              lambda values: self._save(
                                  lambda s, v: edit_item(s, code, v), values),
                              {"code": code, "name": item.name, "category": item.category_code,
                               "unit": item.unit, "erate_category": item.erate_category,
                               "reference_price": item.reference_price, "brand": item.brand,
                               "spec": item.spec}, parent=self)
        dialog.form.inputs["code"].setEnabled(False)
        self._open(dialog)
        return dialog

    def _save(self, action: Any, values: dict[str, Any]) -> CatalogItemRow:
        with self.ctx.store.transaction() as session:
            return action(session, values)

    def _open(self, dialog: RecordDialog) -> None:
        """Shown modally; tests call `try_save` on it instead (`exec` would wait)."""
        dialog.finished.connect(lambda result: self._after_dialog(dialog, result))
        dialog.open()

    def _after_dialog(self, dialog: RecordDialog, result: int) -> None:
        if result and dialog.result_row is not None:
            self.ctx.notify("catalog")
            self.refresh()
            self.select_item(dialog.result_row.code)

    def toggle_retired(self) -> None:
        item = self.selected()
        if item is None or not self.is_state:
            return
        try:
            with self.ctx.store.transaction() as session:
                result = set_item_retired(session, item.code, not item.retired)
        except UserError as error:
            QMessageBox.warning(self, "Could not change the item", str(error))
            return
        self.ctx.notify("catalog")
        self.refresh()
        if not self.select_item(item.code):
            self._show_item(None)
        if not item.retired and result.lines:
            self.note.setText(f"{item.code} is retired: it can no longer be chosen for new "
                              f"need lines; the {result.lines} line(s) that have it keep it.")

    def choose_and_import(self, path: str | None = None) -> None:
        from app.ui.dialogs.catalog_import import CatalogImportDialog
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        if not path:
            path, _chosen = QFileDialog.getOpenFileName(
                self, "Import catalog items", last_folder(self.ctx),
                "Spreadsheets (*.xlsx *.csv)")
            if not path:
                return
        remember_folder(self.ctx, path)
        self.import_dialog = CatalogImportDialog(self.ctx, Path(path), self)
        self.import_dialog.finished.connect(lambda _result: self.refresh())
        self.import_dialog.open()

    def export_to(self, path: str | None = None) -> int | None:
        """Write the list as shown (retired items only when they are shown); anyone may."""
        from app.services.tabular_catalog import export_catalog
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        if not path:
            path, _chosen = QFileDialog.getSaveFileName(
                self, "Export the catalog", str(Path(last_folder(self.ctx)) / "catalog.xlsx"),
                "Excel workbook (*.xlsx);;CSV (*.csv)")
            if not path:
                return None
        remember_folder(self.ctx, path)
        try:
            with self.ctx.store.session() as session:
                written = export_catalog(session, Path(path),
                                         include_retired=self.show_retired.isChecked())
        except UserError as error:
            QMessageBox.warning(self, "Could not export the catalog", str(error))
            return None
        self.note.setText(f"{written} catalog items written to {path}.")
        return written
