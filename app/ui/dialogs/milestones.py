"""A procurement's milestones: its dates (each can be left unset) and its status — the
statuses that follow the facts (evaluating, awarded) offered only where they already hold."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from app.services.procurement_detail import ProcurementDetail
from app.services.procurements import DATE_FIELDS, FACT_STATUSES
from app.services.vocabulary import PROCUREMENT_STATUSES

DATE_LABELS = {"form470_certified_on": "Form 470 certified", "rfp_posted_on": "RFP posted",
               "nc_advertised_on": "NC advertisement published",
               "bid_due_on": "Bids due / opening", "contract_on": "Contract signed"}


class MilestonesDialog(QDialog):
    """The procurement's dates (each can be left unset) and its status."""

    def __init__(self, detail: ProcurementDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Milestones — {detail.row.ref}")
        self.edits: dict[str, tuple[QCheckBox, QDateEdit]] = {}
        form = QFormLayout()
        self.status = QComboBox()
        for status in PROCUREMENT_STATUSES:
            self.status.addItem(status.capitalize(), status)
            # Evaluating and awarded follow the opening and the award, never chosen by hand.
            if status in FACT_STATUSES and status != detail.row.status:
                item = self.status.model().item(self.status.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
        self.status.setCurrentIndex(max(0, self.status.findData(detail.row.status)))
        form.addRow("&Status:", self.status)
        for name in DATE_FIELDS:
            value: date | None = detail.dates.get(name)
            check = QCheckBox()
            check.setChecked(value is not None)
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(value) if value else QDate.currentDate())
            edit.setEnabled(value is not None)
            check.toggled.connect(edit.setEnabled)
            check.setAccessibleName(f"{DATE_LABELS[name]} is set")
            edit.setAccessibleName(DATE_LABELS[name])
            row = QHBoxLayout()
            row.addWidget(check)
            row.addWidget(edit, 1)
            form.addRow(f"{DATE_LABELS[name]}:", row)
            self.edits[name] = (check, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status.currentData()}
        for name, (check, edit) in self.edits.items():
            out[name] = edit.date().toPython() if check.isChecked() else None
        return out

