"""Receive a bid: vendor, file, when it arrived (NC local time, default now). The dialog shows
every problem of a refused file, or the receipt's summary and "Save receipt PDF…". Never a
price: they are sealed until the opening."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.bids import NC_TIME, local_time
from app.services.bids import BidReceipt, BidRefused, receive_bid
from app.services.vendors import list_vendors
from app.ui.context import AppContext


class ReceiveBidDialog(QDialog):
    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.ref = ctx, ref
        self.receipt: BidReceipt | None = None
        self.setWindowTitle(f"Receive a bid — {ref}")
        self.vendor = QComboBox()
        self.vendor.setAccessibleName("Vendor")
        with ctx.store.session() as session:
            for row in list_vendors(session):
                self.vendor.addItem(row.name, row.uid)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("the vendor's returned pricing workbook (.xlsx)")
        self.browse = QPushButton("&Browse…")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse)
        self.when = QDateTimeEdit(self._now())
        self.when.setDisplayFormat("yyyy-MM-dd hh:mm:ss")
        self.when.setCalendarPopup(True)
        self.when.setToolTip("When the bid arrived, North Carolina (Eastern) time")
        form = QFormLayout()
        form.addRow("&Vendor", self.vendor)
        form.addRow("File", file_row)
        form.addRow("Received (&Eastern)", self.when)
        self.result_view = QTextBrowser()
        self.result_view.setAccessibleName("Result")
        self.result_view.setMinimumHeight(140)
        self.result_view.setHtml("<i>Choose the vendor and the file, then Receive. The file is "
                            "checked against the procurement; prices stay sealed.</i>")
        self.receive_button = QPushButton("&Receive")
        self.receive_button.setDefault(True)
        self.save_button = QPushButton("&Save receipt PDF…")
        self.save_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.receive_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_view, 1)
        layout.addWidget(buttons)
        self.browse.clicked.connect(self._browse)
        self.receive_button.clicked.connect(lambda: self.receive())
        self.save_button.clicked.connect(lambda: self.save_receipt())
        buttons.rejected.connect(self.reject)
        self.resize(620, 420)

    @staticmethod
    def _now() -> QDateTime:
        now = local_time(datetime.now(NC_TIME))
        return QDateTime.fromString(now.strftime("%Y-%m-%d %H:%M:%S"), "yyyy-MM-dd HH:mm:ss")

    def received_at(self) -> datetime:
        text = self.when.dateTime().toString("yyyy-MM-dd HH:mm:ss")
        return datetime.fromisoformat(text).replace(tzinfo=NC_TIME)

    def set_received_at(self, moment: datetime) -> None:
        local = local_time(moment)
        self.when.setDateTime(QDateTime.fromString(local.strftime("%Y-%m-%d %H:%M:%S"),
                                                   "yyyy-MM-dd HH:mm:ss"))

    def _browse(self) -> None:
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        path, _chosen = QFileDialog.getOpenFileName(self, "The returned pricing workbook",
                                                    last_folder(self.ctx),
                                                    "Excel workbook (*.xlsx)")
        if path:
            remember_folder(self.ctx, path)
            self.file_edit.setText(path)

    def receive(self) -> BidReceipt | None:
        """Receive the chosen file; the result area says what happened."""
        path = self.file_edit.text().strip()
        if not path or self.vendor.currentIndex() < 0:
            self.result_view.setHtml("<b>Choose a vendor and a file first.</b>")
            return None
        try:
            with self.ctx.store.transaction() as session:
                receipt = receive_bid(session, self.ref, Path(path),
                                      str(self.vendor.currentData()),
                                      received_at=self.received_at())
        except BidRefused as error:
            items = "".join(f"<li>{escape(p)}</li>" for p in error.problems)
            self.result_view.setHtml(f"<b style='color:#b42318'>Refused, nothing stored — "
                                f"{len(error.problems)} problem(s):</b><ul>{items}</ul>"
                                "Send the file back to the vendor to correct.")
            return None
        except UserError as error:
            self.result_view.setHtml(f"<b style='color:#b42318'>Not received:</b> "
                                f"{escape(str(error))}")
            return None
        self.receipt = receipt
        self.ctx.notify("bids")
        self.save_button.setEnabled(True)
        self.result_view.setHtml(summary_html(receipt))
        return receipt

    def save_receipt(self, path: str | None = None) -> Path | None:
        from app.reports.bid_receipt import render_bid_receipt

        if self.receipt is None:
            return None
        if not path:
            path, _chosen = QFileDialog.getSaveFileName(
                self, "Save the bid receipt",
                f"receipt-{self.ref}-{self.receipt.bid.vendor_id}.pdf", "PDF (*.pdf)")
            if not path:
                return None
        try:
            Path(path).write_bytes(render_bid_receipt(self.receipt))
        except OSError as error:
            self.result_view.append(f"Could not write {path}: {error.strerror}")
            return None
        self.result_view.append(f"Receipt saved to {path}.")
        return Path(path)


def summary_html(receipt: BidReceipt) -> str:
    bid = receipt.bid
    when = f"{receipt.received_local:%a %d %b %Y %I:%M:%S %p} Eastern"
    timing = ("<b style='color:#b42318'>LATE</b> — recorded and kept, never opened"
              if bid.late else "on time")
    replaced = (f" (replaces version {receipt.replaced_version})"
                if receipt.replaced_version else "")
    notes = "".join(f"<li>{escape(f)}</li>" for f in bid.flags)
    return (f"<b>Received</b> {escape(bid.file_name)} from {escape(bid.vendor)}: version "
            f"{bid.version}{replaced}, {when}, {timing}.<br>SHA-256 <tt>{bid.sha256}</tt>, "
            f"{bid.size:,} bytes."
            + (f"<br>Notes for the evaluation:<ul>{notes}</ul>" if notes else "")
            + "<br><i>Prices are sealed until the public opening.</i>")


