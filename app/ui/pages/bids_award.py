"""The Bids page's award tab: per lot the packet's award basis, whom it awards (or the tie,
or why nothing can be decided yet), what is recorded, and why every other bidder is not
awarded; a lot awarded per line has a row per line. A form records a lot's (or a line's)
award with its contract facts.

Everything comes from `app.services.award`, which applies exactly what the packet states and
refuses anything else with the reason (shown under the form; nothing is stored)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.award import LotDecision
from app.services.award import AwardedLine, LotProposal
from app.ui.context import AppContext

PROBLEM = "color: #9b1c1c"
HEADS = ["Lot", "Basis", "Award by the packet", "Recorded", "Not awarded, and why"]
CAPS = (150, 110, 150, 140)  # widest the first columns get, in pixels


def proposal_rows(p: LotProposal) -> list[list[str]]:
    """The table's rows for a lot: one, or one per line of a lot awarded per line."""
    if not p.per_line:
        return [_cells(f"{p.lot} {p.name}", p.decision, p.recorded)]
    return [_cells(f"Line {x.line} {x.description}", x.decision, x.recorded)
            for x in p.lines]


def _cells(label: str, d: LotDecision, recorded_lines: tuple[AwardedLine, ...]) -> list[str]:
    if d.pending:
        gives = f"pending: {d.pending}"
    elif d.tied:
        gives = f"tie: {', '.join(d.tied)} — choose one"
    else:
        gives = ", ".join(d.awarded) or f"no award: {d.no_award_reason}"
    recorded = "; ".join(
        f"{r.vendor} ({r.contract}, {r.signed_on})" if r.vendor
        else f"not awarded: {r.no_award_reason}" for r in recorded_lines)
    others = "\n".join(f"{e.vendor}: {e.reason}" for e in (*d.not_picked, *d.excluded))
    return [label, d.basis.text, gives, recorded or "—", others]


class AwardPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ref: str | None = None
        self.proposals: list[LotProposal] = []
        layout = QVBoxLayout(self)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(HEADS))
        self.table.setObjectName("award_lots")
        self.table.setHorizontalHeaderLabels(HEADS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._form())
        self.join_button = QPushButton("Join a contract (piggyback)…")
        self.join_button.clicked.connect(lambda: self.open_join())
        layout.addWidget(self.join_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.lot.currentIndexChanged.connect(lambda _i: self._fill_lines())
        self.line.currentIndexChanged.connect(lambda _i: self._fill_vendors())
        self.record_button.clicked.connect(lambda: self.record())

    def _form(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.lot, self.line, self.vendor = QComboBox(), QComboBox(), QComboBox()
        self.line.setToolTip("A lot the packet awards per line is recorded line by line")
        self.contract = QLineEdit()
        self.contract.setPlaceholderText("contract number")
        self.signed = QLineEdit()
        self.signed.setPlaceholderText("YYYY-MM-DD")
        self.board = QLineEdit()
        self.board.setPlaceholderText("YYYY-MM-DD (formal bids)")
        self.term, self.renewals = QSpinBox(), QSpinBox()
        self.term.setRange(1, 120)
        self.term.setValue(12)
        self.term.setSuffix(" months")
        self.renewals.setRange(0, 10)
        self.record_button = QPushButton("Record award")
        # Two fields a row, so the Bids page still fits an 800-pixel window.
        pairs = (("Lot", self.lot), ("Line", self.line), ("Vendor", self.vendor),
                 ("Contract", self.contract), ("Signed", self.signed), ("Term", self.term),
                 ("Renewals", self.renewals), ("Board approved", self.board))
        for index, (label, widget) in enumerate(pairs):
            row, col = divmod(index, 2)
            grid.addWidget(QLabel(label), row, 2 * col)
            grid.addWidget(widget, row, 2 * col + 1)
        grid.addWidget(self.record_button, 4, 3)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(PROBLEM)
        grid.addWidget(self.error, 4, 0, 1, 3)
        return box

    def set_procurement(self, ref: str) -> None:
        self.ref = ref
        self.refresh()

    def refresh(self) -> None:
        from app.services.award import propose_award

        self.proposals = []
        if self.ref is None:
            self.status.setText("No procurement yet.")
        else:
            try:
                with self.ctx.store.session() as session:
                    self.proposals = propose_award(session, self.ref)
                self.status.setText(
                    "The award applies exactly the basis the packet states; a bidder that is "
                    "not responsive, not ranked or not compliant cannot be awarded.")
            except UserError as error:  # sealed: say so, show nothing priced
                self.status.setText(str(error))
        rows = [cells for p in self.proposals for cells in proposal_rows(p)]
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        # Capped, so the reasons column keeps room in an 800-pixel window (a per-line basis
        # is long: "multiple within 10% per line" wraps).
        for col, cap in enumerate(CAPS):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), cap))
        self.table.resizeRowsToContents()
        self.lot.blockSignals(True)
        self.lot.clear()
        for p in self.proposals:
            if not p.decided:
                self.lot.addItem(str(p.lot), p.lot)
        self.lot.blockSignals(False)
        self._fill_lines()
        self.record_button.setEnabled(self.lot.count() > 0
                                      and self.ctx.info().role == "state")

    def _proposal(self) -> LotProposal | None:
        return next((x for x in self.proposals if x.lot == self.lot.currentData()), None)

    def _fill_lines(self) -> None:
        """A lot awarded per line offers its lines not yet recorded; otherwise the whole."""
        p = self._proposal()
        self.line.blockSignals(True)
        self.line.clear()
        if p is not None and p.per_line:
            for x in p.open_lines:
                self.line.addItem(f"{x.line} {x.description}", x.line)
        else:
            self.line.addItem("Whole lot", None)
        self.line.setEnabled(p is not None and p.per_line)
        self.line.blockSignals(False)
        self._fill_vendors()

    def _fill_vendors(self) -> None:
        self.vendor.clear()
        self.vendor.addItem("As the packet states", None)
        p = self._proposal()
        decision = p.decision if p else None
        if p is not None and p.per_line:
            chosen = next((x for x in p.lines if x.line == self.line.currentData()), None)
            decision = chosen.decision if chosen else None
        for name in decision.tied if decision else ():
            self.vendor.addItem(name, name)

    def record(self) -> bool:
        from app.services.award import record_award

        if self.ref is None or self.lot.currentData() is None:
            return False
        chosen = self.vendor.currentData()
        try:
            with self.ctx.store.transaction() as session:
                record_award(session, self.ref, self.lot.currentData(),
                             [chosen] if chosen else None, contract=self.contract.text(),
                             signed_on=self.signed.text(), term_months=self.term.value(),
                             renewals=self.renewals.value(),
                             board_approved_on=self.board.text(),
                             line=self.line.currentData())
        except UserError as error:
            self.error.setText(str(error))  # nothing stored; the form keeps what was typed
            return False
        self.error.setText("")
        self.contract.clear()
        self.ctx.notify("procurements")  # the status follows the award
        self.refresh()
        return True

    def open_join(self) -> None:
        """A member that did not take part joins the awarded contracts later."""
        from app.ui.dialogs.piggyback_join import PiggybackJoinDialog

        if self.ref is not None:
            PiggybackJoinDialog(self.ctx, self.ref, self).exec()
