"""Confirm figures for FY…: the member goes through its schools' NSLP-eligible counts (or CEP
ISP) and rural status, corrects what is wrong, and the coordinator records who confirmed them
for the funding year (app.services.figures.confirm_figures, all or nothing)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.figures import ConfirmResult, confirm_figures
from app.services.schools import SchoolRow

HEADERS = ("Code", "School", "Students", "NSLP eligible", "CEP ISP %", "Rural", "Now")
NSLP, CEP, RURAL = 3, 4, 5


def _cell(text: str, editable: bool = False, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ConfirmFiguresDialog(QDialog):
    """After exec(), `result` holds what was confirmed (None when cancelled)."""

    def __init__(self, ctx: Any, member_code: str, member_name: str,
                 schools: list[SchoolRow], years: list[int], focus: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_code = member_code
        self.schools = schools
        self.outcome: ConfirmResult | None = None
        self.setWindowTitle(f"Confirm figures — {member_code} {member_name}")
        self.resize(900, 560)
        intro = QLabel(
            "Go through each school with the member: the number of students eligible for "
            "free or reduced-price meals (NSLP), or the CEP identified-student percentage, "
            "and whether USAC counts the school as rural. Correct what is wrong, then "
            "confirm. DPI's economically-disadvantaged count loaded at set-up is only a "
            "starting figure.")
        intro.setWordWrap(True)
        self.year_combo = QComboBox()
        for year in years:
            self.year_combo.addItem(f"FY{year}", year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(focus)))
        self.by_edit = QLineEdit()
        self.by_edit.setPlaceholderText("who confirmed, e.g. Dr. A. Official, CTO")
        self.table = QTableWidget(len(schools), len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        for row, school in enumerate(schools):
            cep = "" if school.cep_isp is None else f"{school.cep_isp.normalize():f}"
            cells = [_cell(school.code), _cell(school.name),
                     _cell(f"{school.students:,}", right=True),
                     _cell(str(school.nslp_eligible), True, True), _cell(cep, True, True)]
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
            rural = _cell("")
            rural.setFlags(rural.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            rural.setCheckState(Qt.CheckState.Checked if school.rural
                                else Qt.CheckState.Unchecked)
            self.table.setItem(row, RURAL, rural)
            self.table.setItem(row, RURAL + 1, _cell(school.figures_text(focus)))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b71c1c")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(f"&Confirm {len(schools)} school(s)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Funding year:", self.year_combo)
        form.addRow("Confirmed &by:", self.by_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def entries(self) -> list[dict[str, Any]]:
        """What the table says for each school, as `confirm_figures` takes it."""
        out = []
        for row, school in enumerate(self.schools):
            rural = self.table.item(row, RURAL).checkState() == Qt.CheckState.Checked
            out.append({"code": school.code,
                        "nslp_eligible": self.table.item(row, NSLP).text().strip() or "0",
                        "cep_isp": self.table.item(row, CEP).text().strip() or None,
                        "rural": rural})
        return out

    def accept(self) -> None:
        try:
            with self.ctx.store.transaction() as session:
                self.outcome = confirm_figures(session, self.member_code,
                                              self.year_combo.currentData(),
                                              self.by_edit.text(), self.entries())
        except ValidationError as error:
            self.error_label.setText("Nothing was confirmed:\n" + "\n".join(
                str(e) for e in error.errors))
            return
        except UserError as error:
            self.error_label.setText(str(error))
            return
        self.ctx.notify("members")
        super().accept()
