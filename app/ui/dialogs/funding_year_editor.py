"""The funding-year editor: discount matrix, C2 budget figures, thresholds and dates of
one funding year. Everyone may look; only the state coordinator saves (the service says so
too). Saving goes through app.services.funding_years.edit_funding_year, which checks every
value and names the field of each problem."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.funding_years import (
    DATE_FIELDS,
    MATRIX_KEYS,
    MONEY_FIELDS,
    edit_funding_year,
    list_funding_years,
)
from app.services.scope import current_identity

MATRIX_HEADERS = ("NSLP from %", "to %", "C1 urban", "C1 rural", "C2 urban", "C2 rural")
LABELS = {
    "c2_max_discount": "C2 maximum discount (%)",
    "cep_multiplier": "CEP multiplier",
    "c2_cycle_start": "C2 cycle first year",
    "c2_cycle_end": "C2 cycle last year",
    "c2_multiplier": "C2 budget per student ($)",
    "c2_floor": "C2 budget floor per school ($)",
    "c2_small_district_max_schools": "Small-district option up to (schools)",
    "nc_informal_bid_threshold": "NC informal bids from ($)",
    "nc_formal_bid_threshold": "NC formal bids from ($)",
    "nc_construction_formal_threshold": "NC construction formal from ($)",
    "nc_formal_ad_min_days": "NC formal-bid advertisement (full days)",
    "nc_piggyback_notice_days": "NC piggyback notice (days)",
    "erate_bidding_days": "E-rate bidding wait (days)",
    "federal_micro_purchase_threshold": "Federal micro-purchase threshold ($)",
    "federal_simplified_acquisition_threshold": "Federal simplified acquisition threshold ($)",
    "starts_on": "Funding year starts",
    "ends_on": "Funding year ends",
    "form470_available_on": "Form 470 available from",
    "form471_window_opens": "Form 471 window opens",
    "form471_window_closes": "Form 471 window closes",
    "label": "Label",
}
BUDGET_FIELDS = ("c2_max_discount", "cep_multiplier", "c2_cycle_start", "c2_cycle_end",
                 "c2_multiplier", "c2_floor", "c2_small_district_max_schools")
THRESHOLD_FIELDS = ("nc_informal_bid_threshold", "nc_formal_bid_threshold",
                    "nc_construction_formal_threshold", "nc_formal_ad_min_days",
                    "nc_piggyback_notice_days", "erate_bidding_days",
                    "federal_micro_purchase_threshold",
                    "federal_simplified_acquisition_threshold")
OPTIONAL_DATES = ("form470_available_on",)


class FundingYearEditor(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved = False
        self.setWindowTitle("Funding-year parameters")
        self.resize(860, 600)
        with ctx.store.session() as session:
            self.years = {v.year: v for v in list_funding_years(session)}
            self.is_state = current_identity(session).role == "state"
        self.inputs: dict[str, Any] = {}

        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Funding year")
        for year, view in self.years.items():
            self.year_combo.addItem(str(view.values.get("label") or f"FY{year}"), year)
        top = QHBoxLayout()
        label = QLabel("Funding &year:")
        label.setBuddy(self.year_combo)
        top.addWidget(label)
        top.addWidget(self.year_combo, 1)

        self.matrix = QTableWidget(0, len(MATRIX_HEADERS))
        self.matrix.setHorizontalHeaderLabels(MATRIX_HEADERS)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setVisible(False)
        self.matrix.setAccessibleName("Discount matrix")
        add_band = QPushButton("Add band")
        remove_band = QPushButton("Remove last band")
        add_band.clicked.connect(lambda: self.matrix.insertRow(self.matrix.rowCount()))
        remove_band.clicked.connect(lambda: self.matrix.removeRow(self.matrix.rowCount() - 1))
        matrix_box = QWidget()
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.addWidget(QLabel(
            "E-rate discount (%) by the member's NSLP percentage, urban and rural. Bands "
            "must run from 0 % to 100 % without gaps; Category 2 is also capped by the C2 "
            "maximum on the next tab."))
        matrix_layout.addWidget(self.matrix, 1)
        band_buttons = QHBoxLayout()
        band_buttons.addWidget(add_band)
        band_buttons.addWidget(remove_band)
        band_buttons.addStretch(1)
        matrix_layout.addLayout(band_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(matrix_box, "Discount matrix")
        self.tabs.addTab(self._form(BUDGET_FIELDS, "Category 2 five-year budget of a district "
                                    "= the larger of per-student × students and floor × "
                                    "schools; districts with few schools may sum each "
                                    "school's own larger figure."), "C2 budgets && CEP")
        self.tabs.addTab(self._form(THRESHOLD_FIELDS, "Procurement method thresholds: NC "
                                    "bid law (G.S. 143-129, 143-131), federal Uniform "
                                    "Guidance (2 CFR 200.320) and the E-rate wait."),
                         "Thresholds")
        self.tabs.addTab(self._form(("label", *DATE_FIELDS), "The funding year and the Form "
                                    "471 window; the last Form 470 date is the window close "
                                    "less the bidding wait."), "Dates")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Sources and notes")
        self.tabs.addTab(self.notes, "Sources && notes")

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(self.is_state)
        if not self.is_state:
            self.message.setText("Funding-year parameters are kept by the state coordinator; "
                                 "they reach this instance through sync.")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.year_combo.currentIndexChanged.connect(self.load)
        if self.years:
            self.year_combo.setCurrentIndex(self.year_combo.count() - 1)
            self.load()

    def _form(self, fields: tuple[str, ...], intro: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        for name in fields:
            widget: QWidget
            if name in DATE_FIELDS:
                edit = QDateEdit()
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("yyyy-MM-dd")
                if name in OPTIONAL_DATES:
                    check = QCheckBox("set")
                    check.toggled.connect(edit.setEnabled)
                    row = QWidget()
                    row_layout = QHBoxLayout(row)
                    row_layout.setContentsMargins(0, 0, 0, 0)
                    row_layout.addWidget(check)
                    row_layout.addWidget(edit, 1)
                    self.inputs[name] = (check, edit)
                    widget = row
                else:
                    self.inputs[name] = edit
                    widget = edit
            elif name in MONEY_FIELDS or name == "cep_multiplier":
                widget = QLineEdit()
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.inputs[name] = widget
            elif name == "label":
                widget = QLineEdit()
                self.inputs[name] = widget
            else:
                spin = QSpinBox()
                spin.setRange(0, 3000)
                spin.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.inputs[name] = spin
                widget = spin
            widget.setAccessibleName(LABELS[name])
            form.addRow(LABELS[name] + ":", widget)
        layout.addLayout(form)
        layout.addStretch(1)
        return box

    @property
    def year(self) -> int | None:
        return self.year_combo.currentData()

    def load(self) -> None:
        view = self.years.get(self.year) if self.year is not None else None
        if view is None:
            return
        values = view.values
        bands = values.get("discount_matrix") or []
        self.matrix.setRowCount(len(bands))
        for row, band in enumerate(bands):
            for column, key in enumerate(MATRIX_KEYS):
                cell = QTableWidgetItem(str(band.get(key, "")))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.matrix.setItem(row, column, cell)
        for name, widget in self.inputs.items():
            value = values.get(name)
            if isinstance(widget, tuple):
                check, edit = widget
                check.setChecked(value is not None)
                edit.setEnabled(value is not None)
                edit.setDate(QDate(value) if isinstance(value, date) else QDate.currentDate())
            elif isinstance(widget, QDateEdit):
                widget.setDate(QDate(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or 0))
            else:
                widget.setText("" if value is None else (
                    f"{value:,}" if isinstance(value, Decimal) and name in MONEY_FIELDS
                    else str(value)))
        self.notes.setPlainText(str(values.get("notes") or ""))
        self.message.setText("" if self.is_state else self.message.text())

    def collected(self) -> dict[str, Any]:
        """Every value as typed (the service checks them); matrix cells as whole numbers."""
        out: dict[str, Any] = {}
        bands = []
        for row in range(self.matrix.rowCount()):
            band: dict[str, Any] = {}
            for column, key in enumerate(MATRIX_KEYS):
                cell = self.matrix.item(row, column)
                text = cell.text().strip() if cell else ""
                try:
                    band[key] = int(Decimal(text))
                except (InvalidOperation, ValueError):
                    band[key] = text
            bands.append(band)
        out["discount_matrix"] = bands
        for name, widget in self.inputs.items():
            if isinstance(widget, tuple):
                check, edit = widget
                out[name] = edit.date().toPython() if check.isChecked() else None
            elif isinstance(widget, QDateEdit):
                out[name] = widget.date().toPython()
            elif isinstance(widget, QSpinBox):
                out[name] = widget.value()
            else:
                out[name] = widget.text().replace(",", "").strip()
        out["notes"] = self.notes.toPlainText()
        return out

    def changes(self) -> dict[str, Any]:
        view = self.years.get(self.year) if self.year is not None else None
        if view is None:
            return {}
        current = view.values
        changed = {}
        for name, value in self.collected().items():
            old = current.get(name)
            if isinstance(old, Decimal):
                try:
                    same = Decimal(str(value)) == old
                except (InvalidOperation, ValueError):
                    same = False
            else:
                same = value == old or (value in ("", None) and old in ("", None))
            if not same:
                changed[name] = value
        return changed

    def save(self) -> None:
        changes = self.changes()
        if not changes or self.year is None:
            self.message.setText("Nothing changed.")
            return
        try:
            with self.ctx.store.transaction() as session:
                view = edit_funding_year(session, self.year, changes)
        except ValidationError as error:
            self.message.setText("<span style='color:#b71c1c'>Not saved: " + "; ".join(
                f"{LABELS.get(e.field, e.field)} {e.message}" for e in error.errors)
                + "</span>")
            return
        except UserError as error:
            self.message.setText(f"<span style='color:#b71c1c'>{error}</span>")
            return
        self.years[view.year] = view
        self.saved = True
        self.message.setText(f"Saved {len(changes)} change(s) to FY{view.year}.")
