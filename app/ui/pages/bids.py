"""Bids: what vendors returned for a procurement — who bid, when, which version, on time or
late, and the notes kept for the evaluation. Never a price: prices are sealed until the
opening (DOMAIN.md §2.10). The state receives and withdraws bids here and saves receipts; a
region's store holds no bids (they never leave the state), so it shows a note.

Beside the received bids, the Tabulation tab records the opening and shows the prices after
it (app.ui.pages.bids_tabulation); the Evaluation tab scores and ranks the responsive bids
(app.ui.pages.bids_evaluation); the Award tab applies the packet's award basis and records
the contracts (app.ui.pages.bids_award); all follow the procurement chosen here. The
Allocation tab (app.ui.pages.bids_allocation) has its own chooser: on a region it is the only
tab, showing the allocation the state's bundle brought."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.bids import is_late, local_time
from app.services.bids import (
    BidRow,
    bid_deadline,
    bid_receipt,
    intake_summary,
    list_bids,
    withdraw_bid,
)
from app.services.erate import find_procurement
from app.services.procurements import list_procurements
from app.services.scope import current_identity
from app.ui.item_models.rows_model import Column, RowsModel
from app.ui.pages.base import Page, paragraph
from app.ui.pages.bids_allocation import AllocationPanel
from app.ui.pages.bids_award import AwardPanel
from app.ui.pages.bids_evaluation import EvaluationPanel
from app.ui.pages.bids_tabulation import TabulationPanel
from app.ui.widgets.table_panel import TablePanel

STATUS = {"current": "Current", "replaced": "Replaced", "withdrawn": "Withdrawn"}
BID_COLUMNS: list[Column[BidRow]] = [
    Column("Vendor", lambda r: r.vendor, stretch=True),
    Column("Received (Eastern)", lambda r: r.received_at,
           formatter=lambda v: f"{local_time(v):%Y-%m-%d %H:%M}"),
    Column("Version", lambda r: r.version),
    Column("Status", lambda r: r.status, formatter=lambda v: STATUS.get(v, v)),
    Column("Late", lambda r: r.late, formatter=lambda v: "LATE" if v else "",
           tooltip="Received after the deadline: recorded and kept, never opened"),
    Column("Notes", lambda r: len(r.flags), formatter=lambda v: str(v) if v else "",
           tooltip="Notes kept for the evaluation (a missing make or model, a partly "
                   "priced lot, an \"or equivalent\" product, a late file's problems)"),
    Column("SHA-256", lambda r: r.sha256[:12], max_width=120,
           tooltip="The start of the received file's SHA-256 fingerprint"),
]


def bid_search_text(row: BidRow) -> str:
    return f"{row.vendor} {row.file_name} {row.status} {row.sha256}"


class BidsPage(Page):
    title = "Bids"
    listens_to = frozenset({"bids", "procurements", "vendors"})

    def _build_ui(self) -> None:
        self.is_state = False
        self._past_deadline = False
        self._summary = ""
        self.note = paragraph("")
        self.procurement = QComboBox()
        self.procurement.setAccessibleName("Procurement")
        self.procurement.setMinimumContentsLength(28)
        self.deadline_label = QLabel()
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("&Procurement"))
        chooser.itemAt(0).widget().setBuddy(self.procurement)  # type: ignore[union-attr]
        chooser.addWidget(self.procurement, 1)
        chooser.addWidget(self.deadline_label)
        self.receive_button = QPushButton("&Receive bid…")
        self.withdraw_button = QPushButton("&Withdraw…")
        self.receipt_button = QPushButton("Save re&ceipt PDF…")
        buttons = QHBoxLayout()
        for button in (self.receive_button, self.withdraw_button, self.receipt_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.table = TablePanel(RowsModel(BID_COLUMNS, bid_search_text), "bids",
                                "vendor, file or status")
        self.details = paragraph("")
        self.details.setAccessibleName("Selected bid")
        received = QWidget()
        inner = QVBoxLayout(received)
        inner.setContentsMargins(0, 6, 0, 0)
        inner.addWidget(self.table, 1)
        inner.addWidget(self.details)
        self.tabs = QTabWidget()
        self.tabs.addTab(received, "Received bids")
        # The opening and tabulation, then the evaluation, of the procurement chosen above.
        self.tabulation = TabulationPanel(self.ctx)
        self.evaluation = EvaluationPanel(self.ctx)
        self.tabs.addTab(self.tabulation, "Tabulation")
        self.tabs.addTab(self.evaluation, "Evaluation")
        self.award = AwardPanel(self.ctx)
        self.tabs.addTab(self.award, "Award")
        self.allocation = AllocationPanel(self.ctx)
        self.tabs.addTab(self.allocation, "Allocation")
        # Scores change on the Evaluation tab: the award is worked out again when shown.
        self.tabs.currentChanged.connect(lambda _i: self._follow_award())
        self.layout_.addWidget(self.note)
        self.layout_.addLayout(chooser)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.procurement.currentIndexChanged.connect(lambda _i: self._procurement_chosen())
        self.table.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.receive_button.clicked.connect(lambda: self.open_receive())
        self.withdraw_button.clicked.connect(lambda: self.withdraw_selected())
        self.receipt_button.clicked.connect(lambda: self.save_receipt())

    def _procurement_chosen(self) -> None:
        self._load_bids()
        ref = self.current_ref()
        if ref:
            self.tabulation.set_procurement(ref)
            self.evaluation.set_procurement(ref)
        self._follow_award()

    def _follow_award(self) -> None:
        """The award tab follows the chosen procurement; worked out only while shown (it
        tabulates and evaluates every lot)."""
        self.award.ref = self.current_ref()
        if self.tabs.currentWidget() is self.award:
            self.award.refresh()

    def focus_filter(self) -> None:
        if self.tabs.currentWidget() is self.allocation:  # Ctrl+F: the filter one sees
            self.allocation.focus_filter()
        else:
            self.table.filter_edit.setFocus()

    def current_ref(self) -> str | None:
        ref = self.procurement.currentData()
        return str(ref) if ref else None

    def refresh(self) -> None:
        chosen = self.current_ref()
        with self.ctx.store.session() as session:
            self.is_state = current_identity(session).role == "state"
            procurements = list_procurements(session) if self.is_state else []
        self.note.setText(
            "Bids received for a procurement: who bid and when. Prices are sealed until the "
            "public opening; a late bid is recorded and never opened." if self.is_state else
            "Bids are received and kept by the state coordinator; sealed bids never leave the "
            "state, so this store holds none. Below: the state's allocation of an awarded "
            "procurement to the members, as the state's bundle brought it.")
        for widget in (self.procurement, self.receive_button, self.withdraw_button,
                       self.receipt_button, self.deadline_label):
            widget.setVisible(self.is_state)
        # A region sees only the allocation: it came in the state's bundle (no bids did).
        for index in range(self.tabs.count()):
            self.tabs.setTabVisible(index, self.is_state
                                    or self.tabs.widget(index) is self.allocation)
        if not self.is_state:
            self.tabs.setCurrentWidget(self.allocation)
        self.procurement.blockSignals(True)
        self.procurement.clear()
        for row in procurements:
            self.procurement.addItem(f"{row.ref} — {row.title}", row.ref)
        index = self.procurement.findData(chosen) if chosen else -1
        self.procurement.setCurrentIndex(index if index >= 0 else
                                         (0 if procurements else -1))
        self.procurement.blockSignals(False)
        self._load_bids()
        self._follow_award()

    def _load_bids(self) -> None:
        ref = self.current_ref()
        rows: list[BidRow] = []
        deadline = ""
        self._past_deadline = False
        if ref and self.is_state:
            with self.ctx.store.session() as session:
                rows = list_bids(session, ref)
                try:
                    due = bid_deadline(session, find_procurement(session, ref))
                    deadline = f"Due {local_time(due):%a %d %b %Y %I:%M %p} Eastern"
                    # Withdrawal is refused after the deadline; say so before the click.
                    self._past_deadline = is_late(datetime.now(UTC), due)
                    if self._past_deadline:
                        deadline += " (passed)"
                except UserError:
                    deadline = "Due date and time not set"
        self.deadline_label.setText(deadline)
        self.receive_button.setEnabled(ref is not None)
        self.table.set_rows(rows)
        self._summary = intake_summary(rows) if ref else ""
        self._show(None)

    def selected(self) -> BidRow | None:
        rows = self.table.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.model.row_at(self.table.proxy.mapToSource(rows[0]).row())

    def select_row(self, vendor: str, version: int) -> bool:
        for row in range(self.table.proxy.rowCount()):
            shown = self.table.model.row_at(self.table.proxy.mapToSource(
                self.table.proxy.index(row, 0)).row())
            if shown.vendor == vendor and shown.version == version:
                self.table.view.selectRow(row)
                return True
        return False

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show(self.selected())

    def _show(self, bid: BidRow | None) -> None:
        self.withdraw_button.setEnabled(bid is not None and bid.status == "current"
                                        and not self._past_deadline)
        self.receipt_button.setEnabled(bid is not None)
        if bid is None:
            self.details.setText(f"{escape(self._summary)} <i>Choose a bid to see its "
                                 "file and notes.</i>")
            return
        notes = "".join(f"<li>{escape(f)}</li>" for f in bid.flags)
        self.details.setText(
            f"<b>{escape(bid.vendor)}</b>, version {bid.version}: {escape(bid.file_name)}, "
            f"{bid.size:,} bytes, received by {escape(bid.received_by)}; company name on the "
            f"form: {escape(bid.bidder_name.rstrip('.')) or '<i>empty</i>'}."
            + (f"<ul>{notes}</ul>" if notes else ""))

    def open_receive(self) -> QWidget | None:
        from app.ui.dialogs.bid_receive import ReceiveBidDialog

        ref = self.current_ref()
        if ref is None:
            return None
        self.receive_dialog = ReceiveBidDialog(self.ctx, ref, self)
        self.receive_dialog.finished.connect(lambda _result: self.refresh())
        self.receive_dialog.open()
        return self.receive_dialog

    def withdraw_selected(self, reason: str | None = None) -> BidRow | None:
        bid, ref = self.selected(), self.current_ref()
        if bid is None or ref is None:
            return None
        if reason is None:
            reason, ok = QInputDialog.getText(
                self, "Withdraw the bid", f"Why does {bid.vendor} withdraw its bid? (The "
                "file stays on record.)")
            if not ok:
                return None
        try:
            with self.ctx.store.transaction() as session:
                row = withdraw_bid(session, ref, bid.vendor_id, reason)
        except UserError as error:
            self.note.setText(f"<b>Not withdrawn:</b> {escape(str(error))}")
            return None
        self.ctx.notify("bids")
        self.refresh()
        self.note.setText(f"{escape(row.vendor)}'s bid version {row.version} is withdrawn.")
        return row

    def save_receipt(self, path: str | None = None) -> Path | None:
        from app.reports.bid_receipt import render_bid_receipt

        bid, ref = self.selected(), self.current_ref()
        if bid is None or ref is None:
            return None
        if not path:
            path, _chosen = QFileDialog.getSaveFileName(
                self, "Save the bid receipt", f"receipt-{ref}-{bid.vendor_id}.pdf",
                "PDF (*.pdf)")
            if not path:
                return None
        try:
            with self.ctx.store.session() as session:
                receipt = bid_receipt(session, ref, bid.vendor_id, bid.version)
            Path(path).write_bytes(render_bid_receipt(receipt))
        except (UserError, OSError) as error:
            self.note.setText(f"<b>No receipt:</b> {escape(str(error))}")
            return None
        self.note.setText(f"Receipt saved to {escape(path)}.")
        return Path(path)
