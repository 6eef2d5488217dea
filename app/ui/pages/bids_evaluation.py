"""The Bids page's evaluation tab: after the opening, per lot the price points by the
packet's formula, the consensus scores, totals and ranks (a bidder missing a consensus score
is not ranked, and the table says why), a form to enter an evaluator's or the consensus
score with its comment, and the score sheet PDF.

Everything comes from `app.services.evaluation`, which refuses while the bids are sealed and
refuses a bad score with the reason (shown under the form; nothing is stored)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.reports.evaluation_dto import Evaluation
from app.rules.bid_opening import nc_time_text
from app.rules.evaluation import LotResult
from app.ui.context import AppContext
from app.ui.formatting import money
from app.ui.pages.procurement_choice import ProcurementChoice

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
FIRST = QColor("#d3f0dc")
PROBLEM = "color: #9b1c1c"


class EvaluationPanel(ProcurementChoice, QWidget):
    reload_on = ProcurementChoice.reload_on | {"evaluation"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.evaluation: Evaluation | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Procurement"))
        self.chooser = QComboBox()
        self.chooser.setMinimumWidth(200)  # the Bids page must fit an 800-pixel window
        top.addWidget(self.chooser, 1)
        self.sheet_button = QPushButton("Save score sheet PDF…")
        top.addWidget(self.sheet_button)
        layout.addLayout(top)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.lots = QTabWidget()
        layout.addWidget(self.lots, 1)
        layout.addWidget(self._form())
        self.chooser.currentIndexChanged.connect(lambda _i: self.refresh())
        self.lot.currentIndexChanged.connect(lambda _i: self._fill_vendors())
        self.save_button.clicked.connect(self.save_score)
        self.sheet_button.clicked.connect(lambda: self.save_sheet())
        ctx.events.data_changed.connect(self._on_data_changed)
        self.load_procurements()

    def _form(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.lot, self.vendor, self.criterion = QComboBox(), QComboBox(), QComboBox()
        self.lot.setObjectName("score_lot")
        self.evaluator = QLineEdit(self.ctx.info().operator)
        self.evaluator.setPlaceholderText("evaluator")
        self.consensus = QCheckBox("Consensus")
        self.consensus.toggled.connect(lambda on: self.evaluator.setEnabled(not on))
        self.points = QLineEdit()
        self.points.setPlaceholderText("points")
        self.points.setMaximumWidth(70)
        for label, widget in (("Lot", self.lot), ("Vendor", self.vendor),
                              ("Criterion", self.criterion), ("By", self.evaluator)):
            row.addWidget(QLabel(label))
            row.addWidget(widget, 1 if widget is not self.lot else 0)
        column.addLayout(row)
        # Points and comment on a row of their own, so the Bids page fits 800 pixels.
        second = QHBoxLayout()
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("comment: why these points")
        self.save_button = QPushButton("Save score")
        second.addWidget(self.consensus)
        second.addWidget(self.points)
        second.addWidget(self.comment, 1)
        second.addWidget(self.save_button)
        column.addLayout(second)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(PROBLEM)
        column.addWidget(self.error)
        return box

    # --- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.services.evaluation import evaluate

        self.evaluation = None
        old = [self.lots.widget(i) for i in range(self.lots.count())]
        self.lots.clear()
        for widget in old:  # gone at once: a lookup by name finds only the new tables
            widget.setParent(None)
            widget.deleteLater()
        ref = self.current_ref()
        state = self.ctx.info().role == "state"
        if ref is None:
            self.status.setText("No procurement yet.")
        else:
            try:
                with self.ctx.store.session() as session:
                    self.evaluation = evaluate(session, ref)
            except UserError as error:  # sealed: say so, show nothing priced
                self.status.setText(str(error))
        result = self.evaluation
        if result is not None:
            frozen = ("Criteria not frozen: no final packet was recorded as issued."
                      if result.issued_at is None else
                      f"Criteria frozen by the final packet issued "
                      f"{nc_time_text(result.issued_at)} by {result.issued_by}.")
            self.status.setText(f"{frozen} Price points: {result.formula}. Ranking: price "
                                "points + consensus scores.")
            for lot in result.lots:
                self.lots.addTab(self._lot_widget(result, lot), f"Lot {lot.number}")
        self.sheet_button.setEnabled(result is not None)
        self.save_button.setEnabled(result is not None and state)
        self._fill_form()

    def _lot_widget(self, result: Evaluation, lot: LotResult) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 4, 0, 0)
        for problem in lot.problems:
            label = QLabel(f"Problem: {problem}")
            label.setWordWrap(True)
            label.setStyleSheet(PROBLEM)
            layout.addWidget(label)
        layout.addWidget(self._ranking(result, lot), 2)
        layout.addWidget(QLabel("Scores and comments (each evaluator's, then the consensus)"))
        layout.addWidget(self._scores(lot), 1)
        return widget

    def _scores(self, lot: LotResult) -> QTableWidget:
        rows = [(v.vendor, score) for v in lot.vendors
                for score in (*v.evaluator_scores, *v.consensus)]
        table = QTableWidget(len(rows), 5)
        table.setObjectName(f"scores{lot.number}")
        table.setHorizontalHeaderLabels(["Vendor", "Criterion", "By", "Points", "Comment"])
        for row, (vendor, score) in enumerate(rows):
            for col, text in enumerate((vendor, score.criterion,
                                        score.evaluator or "Consensus", f"{score.points:.2f}",
                                        score.comment)):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setTextAlignment(RIGHT)
                table.setItem(row, col, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _ranking(self, result: Evaluation, lot: LotResult) -> QTableWidget:
        names = [c.name for c in result.criteria if not c.is_price_of_eligible]
        weights = {c.name: c.weight for c in result.criteria}
        price = result.price_criterion
        heads = ["Rank", "Vendor", "Lot total", f"Price ({price.weight})" if price else
                 "Price", *(f"{n} ({weights[n]})" for n in names), "Total", "Note"]
        table = QTableWidget(len(lot.vendors), len(heads))
        table.setObjectName(f"ranking{lot.number}")
        table.setHorizontalHeaderLabels(heads)
        bold = QFont()
        bold.setBold(True)
        for row, v in enumerate(lot.vendors):
            consensus = {s.criterion: s for s in v.consensus}
            cells = [str(v.rank) if v.rank else "—", v.vendor, money(v.lot_total),
                     "" if v.price_points is None else f"{v.price_points:.2f}",
                     *(f"{consensus[n].points:.2f}" if n in consensus else "" for n in names),
                     "" if v.total is None else f"{v.total:.2f}", v.why_not_ranked]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= col < len(cells) - 1:
                    item.setTextAlignment(RIGHT)
                if 4 <= col < 4 + len(names) and names[col - 4] in consensus:
                    item.setToolTip(consensus[names[col - 4]].comment)
                if v.rank == 1:
                    item.setBackground(QBrush(FIRST))
                    item.setFont(bold)
                table.setItem(row, col, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.resizeColumnsToContents()
        table.setColumnWidth(1, min(table.columnWidth(1), 220))
        return table

    def _fill_form(self) -> None:
        result = self.evaluation
        self.lot.blockSignals(True)
        self.lot.clear()
        self.criterion.clear()
        if result is not None:
            for lot in result.lots:
                self.lot.addItem(str(lot.number), lot.number)
            for c in result.criteria:
                if not c.is_price_of_eligible:  # price points are computed, never entered
                    self.criterion.addItem(f"{c.name} (0–{c.weight})", c.name)
        self.lot.blockSignals(False)
        self._fill_vendors()

    def _fill_vendors(self) -> None:
        self.vendor.clear()
        result, number = self.evaluation, self.lot.currentData()
        if result is None or number is None:
            return
        lot = next(x for x in result.lots if x.number == number)
        for v in lot.vendors:
            if v.responsive:  # a bid that is not responsive is not evaluated
                self.vendor.addItem(v.vendor, v.vendor)

    # --- actions ------------------------------------------------------------------------
    def save_score(self) -> bool:
        from app.services.evaluation import enter_score

        ref = self.current_ref()
        if ref is None or self.evaluation is None:
            return False
        if self.vendor.currentData() is None or self.criterion.currentData() is None:
            self.error.setText("Choose a lot, a responsive vendor and a criterion.")
            return False
        evaluator = None if self.consensus.isChecked() else self.evaluator.text()
        try:
            with self.ctx.store.transaction() as session:
                enter_score(session, ref, self.lot.currentData(), self.vendor.currentData(),
                            self.criterion.currentData(), self.points.text(), evaluator,
                            self.comment.text())
        except UserError as error:
            self.error.setText(str(error))  # nothing stored; the form keeps what was typed
            return False
        lot_index = self.lots.currentIndex()
        chosen = (self.lot.currentIndex(), self.vendor.currentIndex(),
                  self.criterion.currentIndex())
        self.error.setText("")
        self.points.clear()
        self.comment.clear()
        self.refresh()
        self.lots.setCurrentIndex(lot_index)
        # The next score is usually the same lot and vendor: keep the choices.
        self.lot.setCurrentIndex(chosen[0])
        self.vendor.setCurrentIndex(chosen[1])
        self.criterion.setCurrentIndex(chosen[2])
        return True

    def save_sheet(self, path: str | None = None) -> Path | None:
        from app.reports.score_sheet import render_score_sheet
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        result = self.evaluation
        if result is None:
            return None
        if not path:
            suggested = Path(last_folder(self.ctx)) / f"{result.ref}-score-sheet.pdf"
            path, _chosen = QFileDialog.getSaveFileName(
                self, "Save the score sheet", str(suggested), "PDF (*.pdf)")
            if not path:
                return None
        remember_folder(self.ctx, path)
        target = Path(path)
        try:
            target.write_bytes(render_score_sheet(result))
        except OSError as error:
            QMessageBox.warning(self, "Could not save the score sheet",
                                f"{target}: {error.strerror}")
            return None
        self.status.setText(self.status.text().split(" Saved ")[0] + f" Saved {target}.")
        return target
