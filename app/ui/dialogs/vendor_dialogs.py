"""The Vendors page's dialogs: the vendor import preview, a Treasurer's (or any) list import,
the Covered List editor, and the SAM.gov check. Each checks first and writes nothing until
the user says so; a bad value is named under its field (or by file row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import FieldError, UserError, ValidationError
from app.rules.compliance import LIST_LABELS
from app.services.compliance import (
    ListImport,
    add_entry,
    import_list,
    list_entries,
    list_lists,
    record_sam_check,
    remove_entry,
    set_list_date,
)
from app.services.record_rules import COMPLIANCE_LIST
from app.services.tabular import ImportReport
from app.services.values import Checker
from app.services.vendors import LABELS, import_vendors
from app.services.vocabulary import SAM_RESULTS
from app.ui.context import AppContext
from app.ui.dialogs.import_preview import ImportPreviewDialog
from app.ui.dialogs.record_form import RecordDialog
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.widgets.field_form import ERROR_STYLE, FieldForm, FieldSpec
from app.ui.widgets.table_panel import TablePanel

TEXT_WIDTHS = {"spin_498": 160, "nc_vendor_number": 200, "contact_phone": 200,
               "e_verify_on": 160, "w9_on": 160, "form_473_years": 200, "hub_class": 240}
CHECKS = ("e_verify_affidavit", "w9_on_file", "hub_certified")
MULTILINE = ("address", "remit_address", "notes")
PLACEHOLDERS = {"spin_498": "9 digits", "e_verify_on": "YYYY-MM-DD", "w9_on": "YYYY-MM-DD",
                "form_473_years": "e.g. 2026, 2027", "nc_vendor_number": "e.g. 56-1234567"}
HINTS = {"name": "As on the W-9; the Treasurer's lists are matched against it and the DBA",
         "form_473_years": "Funding years for which the vendor's Form 473 (SPAC) is filed"}
# Access keys, one per letter on the form.
MNEMONICS = {"name": "&Legal name", "dba": "&Doing business as", "address": "&Address",
             "remit_address": "Re&mit-to address", "contact_name": "&Contact",
             "contact_email": "E-ma&il", "contact_phone": "P&hone",
             "spin_498": "&FCC Form 498 ID (SPIN)", "nc_vendor_number": "&NC vendor number",
             "e_verify_affidavit": "E-&Verify affidavit on file",
             "e_verify_on": "E-Verify da&ted", "form_473_years": "Form &473 on file for FY",
             "hub_certified": "H&UB certified", "hub_class": "HUB cla&ssification",
             "w9_on_file": "&W-9 on file", "w9_on": "W-9 dat&ed", "notes": "N&otes"}


def vendor_fields() -> list[FieldSpec]:
    return [FieldSpec(key, MNEMONICS.get(key, LABELS[key]),
                      "check" if key in CHECKS else "multiline" if key in MULTILINE else "text",
                      hint=HINTS.get(key, ""), width=TEXT_WIDTHS.get(key, 0),
                      placeholder=PLACEHOLDERS.get(key, ""))
            for key in LABELS]


@dataclass(frozen=True)
class Problem:
    row: int | None
    record: str
    field: str
    message: str


PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Row", lambda r: r.row, RIGHT),
    Column("Vendor", lambda r: r.record),
    Column("Field", lambda r: LABELS.get(r.field, r.field)),
    Column("Problem", lambda r: r.message, stretch=True),
]


def problems(errors: list[FieldError]) -> list[Problem]:
    return [Problem(e.row, e.record or "", e.field, e.message) for e in errors]


class VendorImportDialog(ImportPreviewDialog):
    """The dry run of a vendor file, then Apply; `applied` holds the written result."""

    change_event = "vendors"

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(ctx, path, "Import vendors",
                         RowsModel(PROBLEM_COLUMNS, lambda r: f"{r.record} {r.field}"),
                         "problems", "vendor or field", (820, 420), parent)

    def run(self, session: Any, dry_run: bool) -> ImportReport:
        return import_vendors(session, self.path, dry_run=dry_run)

    def problem_rows(self, error: ValidationError) -> list[Problem]:
        return problems(error.errors)

    def show_result(self, report: ImportReport) -> None:
        self.summary.setText(report.summary().removeprefix(f"{report.file}: "))
        self.table.set_rows([])
        self.table.hide()
        if report.added or report.updated:
            self.apply_button.setEnabled(True)
            self.note.setText("Vendors are matched by legal name; a blank cell keeps the "
                              "stored value. Nothing is written until you press Apply.")
        else:
            self.note.setText("The registry already holds everything in this file.")


def list_date_and_source(values: dict[str, Any]) -> tuple[date, str]:
    """The typed list date (required: a list is only as good as its date) and source."""
    check = Checker()
    listed = COMPLIANCE_LIST.field(check, "list_date", values.get("list_date"))
    source = COMPLIANCE_LIST.field(check, "source", values.get("source")) or ""
    if listed is None and not check.errors:
        check.fail("list_date", "is required: the date the list was published or checked")
    check.raise_if_errors("list")
    return listed, source


class ListImportDialog(QDialog):
    """Choose the list, the file, its date and source; Check shows what would change;
    Apply replaces the list. `applied` holds the written summary."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 kind: str = "iran_divestment", path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.applied: ListImport | None = None
        self.setWindowTitle("Import a compliance list")
        self.setMinimumWidth(620)
        intro = QLabel("The Treasurer publishes each list complete: importing replaces the "
                       "list, and names no longer in the file are removed. The file needs a "
                       "<i>name</i> column (optional: <i>affiliate_of</i>, <i>notes</i>).")
        intro.setWordWrap(True)
        self.form = FieldForm([
            FieldSpec("kind", "&List", "choice",
                      choices=tuple((label, k) for k, label in LIST_LABELS.items())),
            FieldSpec("path", "&File", placeholder=".csv or .xlsx with a name column"),
            FieldSpec("list_date", "List &date", hint="The date printed on the list",
                      placeholder="YYYY-MM-DD", width=160),
            FieldSpec("source", "&Source", placeholder="e.g. the Treasurer's web page address"),
        ])
        self.form.set_values({"kind": kind, "path": path})
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.check_button = QPushButton("&Check")
        self.apply_button = QPushButton("&Apply")
        self.apply_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.check_button.clicked.connect(self.check)
        self.apply_button.clicked.connect(self.apply)
        for key in ("kind", "path", "list_date", "source"):  # a change needs a new check
            widget = self.form.inputs[key]
            signal = widget.textChanged if isinstance(widget, QLineEdit) else \
                widget.currentIndexChanged  # type: ignore[attr-defined]
            signal.connect(lambda *_: self.apply_button.setEnabled(False))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(browse)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def browse(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(self, "The list's file", "",
                                                    "Spreadsheets (*.csv *.xlsx)")
        if path:
            self.form.set_values({"path": path})

    def _run(self, dry_run: bool) -> ListImport | None:
        values = self.form.values()
        self.summary.setStyleSheet("")
        self.summary.clear()
        try:
            if not values["path"]:
                raise ValidationError([FieldError("path", "is required: choose the file")],
                                      "list")
            listed, source = list_date_and_source(values)
            opener = self.ctx.store.session if dry_run else self.ctx.store.transaction
            with opener() as session:
                return import_list(session, values["kind"], Path(values["path"]), listed,
                                   source, dry_run=dry_run)
        except ValidationError as error:
            fields = {e.field for e in error.errors}
            if fields <= {"path", "list_date", "source"} and not any(e.row for e in
                                                                       error.errors):
                self.form.show_errors(error.by_field())
            else:  # problems inside the file: name their rows
                self.form.clear_errors()
                self.summary.setText("Nothing was changed. " + "; ".join(
                    f"row {e.row}: {e.field} {e.message}" for e in error.errors[:8]))
                self.summary.setStyleSheet(ERROR_STYLE)
        except UserError as error:
            self.form.clear_errors()
            self.summary.setText(str(error))
            self.summary.setStyleSheet(ERROR_STYLE)
        return None

    def check(self) -> ListImport | None:
        report = self._run(dry_run=True)
        if report is not None:
            self.form.clear_errors()
            self.summary.setText(report.summary().replace(f" from {report.file}", "") +
                                 ". Nothing is written until you press Apply.")
            self.apply_button.setEnabled(True)
        return report

    def apply(self) -> None:
        report = self._run(dry_run=False)
        if report is None:
            self.apply_button.setEnabled(False)
            return
        self.applied = report
        self.ctx.notify("vendors")
        self.accept()


@dataclass(frozen=True)
class EntryRow:
    name: str
    affiliate_of: str
    notes: str


ENTRY_COLUMNS: list[Column[EntryRow]] = [
    Column("Company", lambda r: r.name, stretch=True),
    Column("Affiliate of", lambda r: r.affiliate_of, max_width=220),
    Column("Notes", lambda r: r.notes, max_width=220),
]


class CoveredListDialog(QDialog):
    """The FCC Covered List entry by entry, and its date (as checked against the FCC page).
    Every change is written at once: the list is reference data, edited rarely."""

    KIND = "covered_list"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Edit the FCC Covered List")
        self.resize(760, 560)
        self.table = TablePanel(RowsModel(ENTRY_COLUMNS, lambda r: f"{r.name} "
                                          f"{r.affiliate_of}"), "companies", "company")
        self.remove_button = QPushButton("&Remove the chosen company…")
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.entry_form = FieldForm([
            FieldSpec("name", "&Company"),
            FieldSpec("affiliate_of", "A&ffiliate of", placeholder="the listed parent, if any"),
            FieldSpec("notes", "&Notes"),
        ])
        add_button = QPushButton("A&dd to the list")
        add_button.clicked.connect(lambda: self.add())
        self.date_form = FieldForm([
            FieldSpec("list_date", "List &date", hint="The date you checked the FCC's page",
                      placeholder="YYYY-MM-DD", width=160),
            FieldSpec("source", "&Source", placeholder="e.g. fcc.gov/supplychain/coveredlist"),
        ])
        date_button = QPushButton("Set the &date")
        date_button.clicked.connect(lambda: self.set_date())
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button)
        for title, form, button in (("Add a company", self.entry_form, add_button),
                                    ("The list's date", self.date_form, date_button)):
            box = QGroupBox(title)
            inner = QHBoxLayout(box)
            inner.addWidget(form, 1)
            inner.addWidget(button)
            layout.addWidget(box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            rows = [EntryRow(e.name, e.affiliate_of, e.notes)
                    for e in list_entries(session, self.KIND)]
            listed = next(r for r in list_lists(session) if r.kind == self.KIND)
        self.table.set_rows(rows)
        self.date_form.set_values({"list_date": listed.list_date, "source": listed.source})

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    def add(self) -> bool:
        values = self.entry_form.values()
        try:
            with self.ctx.store.transaction() as session:
                add_entry(session, self.KIND, values["name"], values["affiliate_of"],
                          values["notes"])
        except ValidationError as error:
            self.entry_form.show_errors(error.by_field())
            return False
        except UserError as error:
            self._say(str(error), True)
            return False
        self.entry_form.set_values({"name": "", "affiliate_of": "", "notes": ""})
        self._say(f"'{values['name']}' added to the FCC Covered List.")
        self._changed()
        return True

    def selected(self) -> EntryRow | None:
        rows = self.table.view.selectionModel().selectedRows()
        return self.table.model.row_at(self.table.proxy.mapToSource(rows[0]).row()) \
            if rows else None

    def confirm_remove(self, name: str) -> bool:
        return QMessageBox.question(
            self, "Remove from the Covered List",
            f"Remove '{name}' from the FCC Covered List? Vendors' bid lines naming it will "
            "then pass this check.") == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> bool:
        entry = self.selected()
        if entry is None or not self.confirm_remove(entry.name):
            return False
        try:
            with self.ctx.store.transaction() as session:
                remove_entry(session, self.KIND, entry.name)
        except UserError as error:
            self._say(str(error), True)
            return False
        self._say(f"'{entry.name}' removed from the FCC Covered List.")
        self._changed()
        return True

    def set_date(self) -> bool:
        try:
            listed, source = list_date_and_source(self.date_form.values())
            with self.ctx.store.transaction() as session:
                set_list_date(session, self.KIND, listed, source)
        except ValidationError as error:
            self.date_form.show_errors(error.by_field())
            return False
        except UserError as error:
            self._say(str(error), True)
            return False
        self._say(f"The FCC Covered List is dated {listed.isoformat()}.")
        self._changed()
        return True

    def _changed(self) -> None:
        self.ctx.notify("vendors")
        self.refresh()


SAM_FIELDS = [
    FieldSpec("checked_by", "Checked &by"),
    FieldSpec("checked_on", "Checked &on", placeholder="YYYY-MM-DD", width=160),
    FieldSpec("result", "&Result", "choice",
              choices=tuple((r.capitalize() if r == "clear" else "Excluded (on SAM.gov)", r)
                            for r in SAM_RESULTS)),
    FieldSpec("reference", "Re&ference", hint="e.g. the SAM.gov search record or its "
              "screenshot's file name"),
]


def sam_check_dialog(ctx: AppContext, procurement_ref: str, vendor_uid: str, vendor_name: str,
                     operator: str, parent: QWidget | None = None) -> RecordDialog:
    def save(values: dict[str, Any]) -> Any:
        with ctx.store.transaction() as session:
            return record_sam_check(session, procurement_ref, vendor_uid, values)

    return RecordDialog(f"SAM.gov check of {vendor_name} for {procurement_ref}", SAM_FIELDS,
                        save, {"checked_by": operator, "checked_on": date.today(),
                               "result": "clear"}, parent=parent)
