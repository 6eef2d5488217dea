"""The Reports page's "Facts and award" tab: the packet facts a bidder needs (Form 470
number, contact e-mail and phone, bid due time, opening place…) and each lot's award basis
(single, or multiple within N % of the lowest price, or the top K; for the whole lot or per
line). Saved through the same
services as `consortium packet text` and `consortium packet award-basis`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.reports.packet.dto import BidPacket
from app.rules.award_basis import MAX_TOP, MAX_WITHIN_PCT, MIN_TOP, TOP, WITHIN, AwardBasis
from app.services import packet_settings as ps
from app.ui.crash import show_user_error

if TYPE_CHECKING:
    from app.ui.pages.reports import ReportsPage

KINDS = (("single", "Single award"), (WITHIN, "Multiple: every bid within N % of the lowest"),
         (TOP, "Multiple: the top K bids"))
ALL_LOTS = -1


class FactsAwardTab(QWidget):
    def __init__(self, page: ReportsPage) -> None:
        super().__init__()
        self.page = page
        self.ref: str | None = None
        self.locked = ""  # why the award basis can no longer change, once the packet is issued
        self.fields: dict[str, QLineEdit] = {}
        facts_box = QGroupBox("Facts a bidder needs")
        form = QFormLayout(facts_box)
        for name, meaning in ps.FACTS.items():
            edit = QLineEdit()
            edit.setObjectName(f"fact_{name}")
            edit.setPlaceholderText(meaning)
            form.addRow(meaning[0].upper() + meaning[1:].split(" (")[0] + ":", edit)
            self.fields[name] = edit
        self.save_facts_button = QPushButton("Save facts")
        self.save_facts_button.setObjectName("save_facts")
        form.addRow("", self.save_facts_button)

        award_box = QGroupBox("Award basis")
        self.lot = QComboBox()
        self.lot.setObjectName("award_lot")
        self.kind = QComboBox()
        self.kind.setObjectName("award_kind")
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.bases: dict[int, AwardBasis] = {}  # what each choice of `lot` has now
        self.value = QSpinBox()
        self.value.setObjectName("award_value")
        self.per_line = QCheckBox("per line")
        self.per_line.setObjectName("award_per_line")
        self.save_award_button = QPushButton("Save award basis")
        self.save_award_button.setObjectName("save_award")
        self.reset_award_button = QPushButton("Clear")
        self.summary = QLabel()
        self.summary.setObjectName("award_summary")
        self.summary.setWordWrap(True)
        # Two rows, so the Reports page fits the 800-pixel window the app opens in.
        row = QHBoxLayout()
        for widget in (QLabel("For:"), self.lot, self.kind, self.value, self.per_line):
            row.addWidget(widget)
        row.addStretch(1)
        buttons = QHBoxLayout()
        for widget in (self.save_award_button, self.reset_award_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        column = QVBoxLayout(award_box)
        column.addLayout(row)
        column.addLayout(buttons)
        column.addWidget(self.summary)

        # The boxes scroll, so the tab never sets the window's minimum height.
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 6, 0, 0)
        inner.addWidget(facts_box)
        inner.addWidget(award_box)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.lot.currentIndexChanged.connect(lambda _i: self._show_basis())
        self.save_facts_button.clicked.connect(self.save_facts)
        self.save_award_button.clicked.connect(self.save_award)
        self.reset_award_button.clicked.connect(lambda: self._store_award(None))
        self._kind_changed()

    def set_editable(self, editable: bool) -> None:
        self.save_facts_button.setEnabled(editable)
        # Once the final packet is issued its award basis is locked: the controls say why.
        for widget in (self.kind, self.value, self.per_line, self.save_award_button,
                       self.reset_award_button):
            widget.setEnabled(editable and not self.locked)
            widget.setToolTip(self.locked[0].upper() + self.locked[1:] if self.locked else "")

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.value.setVisible(kind != "single")
        if kind == WITHIN:
            self.value.setRange(1, MAX_WITHIN_PCT)
            self.value.setSuffix(" %")
        elif kind == TOP:
            self.value.setRange(MIN_TOP, MAX_TOP)
            self.value.setSuffix(" bids")

    def show_packet(self, packet: BidPacket | None, ref: str | None) -> None:
        self.ref = ref if packet is not None else None
        chosen = self.lot.currentData()
        self.lot.blockSignals(True)
        self.lot.clear()
        self.lot.blockSignals(False)
        self.locked = ""
        if self.ref is None or packet is None:
            for edit in self.fields.values():
                edit.clear()
            self.summary.setText("")
            return
        with self.page.ctx.store.session() as session:
            procurement = ps.find_procurement(session, self.ref)
            known = ps.facts(session, procurement)
            default, per_lot = ps.award_bases(session, self.ref)
            self.locked = ps.award_basis_lock(session, self.ref) or ""
        for name, edit in self.fields.items():
            edit.setText(known.get(name, ""))
        self.lot.addItem("Every lot (the procurement's basis)", ALL_LOTS)
        for lot in packet.lots:
            self.lot.addItem(f"Lot {lot.number} — {lot.name}", lot.number)
        self.bases = {ALL_LOTS: default, **{lot.number: lot.award for lot in packet.lots}}
        self.lot.setCurrentIndex(max(self.lot.findData(chosen), 0))
        self._show_basis()
        lines = [f"<b>Procurement:</b> {default.describe()}"]
        lines += [f"<b>Lot {lot.number}</b>{'' if lot.number in per_lot else ' (procurement’s)'}"
                  f": {lot.award.describe()}" for lot in packet.lots]
        self.summary.setText("<br/>".join(lines))

    def _show_basis(self) -> None:
        """The controls show the chosen lot's basis as it is now."""
        basis = self.bases.get(self.lot.currentData())
        if basis is None:
            return
        self.kind.setCurrentIndex(max(self.kind.findData(basis.rule or "single"), 0))
        self._kind_changed()
        if basis.value:
            self.value.setValue(basis.value)
        self.per_line.setChecked(basis.per_line)

    def basis_text(self) -> str:
        kind = self.kind.currentData()
        per_line = self.per_line.isChecked()
        if kind == "single":
            return AwardBasis(per_line=per_line).text
        return AwardBasis("multiple", kind, self.value.value(), per_line).text

    def save_facts(self) -> None:
        if self.ref is None:
            return
        try:
            with self.page.ctx.store.transaction() as session:
                for name, edit in self.fields.items():
                    ps.set_fact(session, self.ref, name, edit.text().strip() or None)
        except UserError as error:
            show_user_error(error, self)
            return
        self.page.changed()

    def save_award(self) -> None:
        self._store_award(self.basis_text())

    def _store_award(self, text: str | None) -> None:
        if self.ref is None:
            return
        lot = self.lot.currentData()
        try:
            with self.page.ctx.store.transaction() as session:
                ps.set_award_basis(session, self.ref, text, None if lot in (None, ALL_LOTS)
                                   else int(lot))
        except UserError as error:
            show_user_error(error, self)
            return
        self.page.changed()
