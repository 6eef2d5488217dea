"""Reports: a procurement's bid packet — review its sections, edit their text (overrides of
the default boilerplate), the evaluation criteria, the facts a bidder needs and the award
basis, the addenda to the posted packet, see why the packet is still a draft, and generate
the PDF (a draft, or the final packet once nothing is missing) and the vendors' pricing
workbook in the background — and a region's needs summary for the state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app import APP_NAME
from app.errors import UserError
from app.reports.packet.dto import BidPacket
from app.services.procurements import list_procurements
from app.services.progress import Cancelled, CancelToken, ProgressFn
from app.services.scope import current_identity
from app.ui.crash import show_user_error
from app.ui.open_file import open_file
from app.ui.pages.base import Page
from app.ui.pages.reports_addenda import AddendaTab
from app.ui.pages.reports_sections import CriteriaTab, RegionTab, SectionsTab
from app.ui.pages.reports_settings import FactsAwardTab
from app.ui.tasks import TaskRunner, run_with_progress

FOLDER_KEY = "folders/bid_packets"


class ReportsPage(Page):
    title = "Reports"
    listens_to = frozenset({"procurements", "members", "needs", "letters", "packets", "sync",
                            "funding_years", "catalog"})

    def _build_ui(self) -> None:
        self.runner = TaskRunner(self)
        self.ask_to_open = True
        self.packet: BidPacket | None = None
        self.last_pdf: Path | None = None
        self.is_state = False
        self.packet_bar = QWidget()  # hidden on a region, with no gap left behind
        top = QHBoxLayout(self.packet_bar)
        top.setContentsMargins(0, 0, 0, 0)
        self.procurement_label = QLabel("Procurement:")
        top.addWidget(self.procurement_label)
        self.procurement = QComboBox()
        self.procurement.setObjectName("procurement_combo")
        self.procurement.setMinimumWidth(280)
        top.addWidget(self.procurement)
        top.addStretch(1)
        self.layout_.addWidget(self.packet_bar)
        self.problems = QLabel()
        self.problems.setObjectName("packet_problems")
        self.problems.setWordWrap(True)
        self.layout_.addWidget(self.problems)
        self.tabs = QTabWidget()
        self.sections = SectionsTab(self)
        self.criteria = CriteriaTab(self)
        self.facts = FactsAwardTab(self)
        self.addenda = AddendaTab(self)
        self.region = RegionTab(self)
        self.tabs.addTab(self.sections, "Sections and text")
        self.tabs.addTab(self.criteria, "Evaluation criteria")
        self.tabs.addTab(self.facts, "Facts and award basis")
        self.tabs.addTab(self.addenda, "Addenda")
        self.tabs.addTab(self.region, "Region needs summary")
        self.layout_.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        self.with_pricing = QCheckBox("With the pricing workbook (.xlsx)")
        self.with_pricing.setChecked(True)
        self.with_pricing.setToolTip("Also write the line-item pricing workbook vendors fill "
                                     "and return, beside the PDF")
        self.generate_button = QPushButton("Generate bid packet…")
        self.generate_button.setObjectName("generate_packet")
        self.final_button = QPushButton("Generate final packet…")
        self.final_button.setObjectName("generate_final")
        self.final_button.setToolTip("The packet to post: refused, with every reason, while "
                                     "anything listed above is unresolved")
        self.open_button = QPushButton("Open PDF")
        self.open_button.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("packet_status")
        # Two rows, so the page fits the 800-pixel window the app opens in.
        options = QHBoxLayout()
        options.addWidget(self.with_pricing)
        options.addStretch(1)
        options.addWidget(self.status)
        self.layout_.addLayout(options)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.generate_button)
        bottom.addWidget(self.final_button)
        self.layout_.addLayout(bottom)

    def _connect_signals(self) -> None:
        self.procurement.currentIndexChanged.connect(lambda _i: self.load_packet())
        self.generate_button.clicked.connect(lambda: self.ask_and_generate(final=False))
        self.final_button.clicked.connect(lambda: self.ask_and_generate(final=True))
        self.open_button.clicked.connect(self.open_pdf)

    # --- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_ref()
        with self.ctx.store.session() as session:
            self.is_state = current_identity(session).role == "state"
            rows = list_procurements(session)
        self.procurement.blockSignals(True)
        self.procurement.clear()
        for row in rows:
            self.procurement.addItem(f"{row.ref} — {row.title} (FY{row.funding_year})", row.ref)
        index = max(self.procurement.findData(current), 0) if current else 0
        self.procurement.setCurrentIndex(index if rows else -1)
        self.procurement.blockSignals(False)
        self.region.refresh()
        self._show_role()
        self.load_packet()

    def _show_role(self) -> None:
        """A region does not prepare bid packets: it sees its own needs summary, not an
        empty packet editor it could not save."""
        for tab in (self.sections, self.criteria, self.facts, self.addenda):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), self.is_state)
        for widget in (self.packet_bar, self.with_pricing, self.generate_button,
                       self.final_button, self.problems):
            widget.setVisible(self.is_state)
        if not self.is_state:
            self.tabs.setCurrentWidget(self.region)

    def current_ref(self) -> str | None:
        data = self.procurement.currentData()
        return str(data) if data else None

    def load_packet(self) -> None:
        """Build the packet's data for the selected procurement (sections, criteria, rule
        problems) and show it."""
        from app.services.packets import build_packet

        ref = self.current_ref()
        self.packet = None
        if ref is not None:
            with self.ctx.store.session() as session:
                self.packet = build_packet(session, ref)
        self.sections.show_packet(self.packet)
        self.criteria.show_packet(self.packet, ref)
        self.facts.show_packet(self.packet, ref)
        self.addenda.show_packet(ref if self.packet is not None else None)
        self._show_problems()
        editable = self.packet is not None and self.is_state
        for widget in (self.sections, self.criteria, self.facts, self.addenda):
            widget.set_editable(editable)
        # A draft can always be printed (to review); the final button explains a refusal.
        draft = self.packet is not None and not self.packet.is_final
        self.generate_button.setEnabled(self.packet is not None)
        self.generate_button.setText("Generate draft…" if draft else "Generate bid packet…")
        self.final_button.setEnabled(self.packet is not None)
        self.final_button.setVisible(self.is_state and draft)

    def _show_problems(self) -> None:
        if self.packet is None:
            self.problems.setText(
                "No procurement to print yet. Plan one on the Procurements page; its bid "
                "packet is prepared here." if self.is_state else
                "Bid packets are prepared by the state coordinator. The region needs "
                "summary below can be printed here.")
            self.problems.setStyleSheet("")
            return
        p = self.packet
        if p.problems:
            items = "".join(f"<li>{_html(reason)}</li>" for reason in p.problems)
            self.problems.setText(
                f"<b>This packet prints only as a DRAFT</b> (watermarked, not for posting) "
                f"until each of these {len(p.problems)} item"
                f"{'s is' if len(p.problems) != 1 else ' is'} resolved:<ul>{items}</ul>")
            self.problems.setStyleSheet("color: #9b1c1c;")
        else:
            self.problems.setText(
                f"<b>Ready to print.</b> {len(p.lots)} lots, {len(p.lot_lines)} line items, "
                f"{len(p.members)} members" + (" · E-rate" if p.erate else "")
                + (" · federal funds" if p.federal else ""))
            self.problems.setStyleSheet("color: #1e6b3a;")

    def changed(self) -> None:
        """After an edit of text, criteria, facts or award: reload and tell other pages."""
        self.status.setText("")  # a refusal or a saved file described the packet before
        self.load_packet()
        self.ctx.notify("packets")

    # --- generating ---------------------------------------------------------------------------
    def refuse_final(self) -> bool:
        """When the final packet is asked for while reasons remain: say every one, and
        write nothing. True when refused."""
        if self.packet is None or self.packet.is_final:
            return False
        reasons = "\n".join(f"• {r}" for r in self.packet.problems)
        self.status.setText(f"Final packet refused: {len(self.packet.problems)} reason"
                            f"{'s' if len(self.packet.problems) != 1 else ''} (listed above)")
        if self.ask_to_open:  # off in tests, which read the status line instead
            QMessageBox.warning(self, APP_NAME, "The final bid packet cannot be printed "
                                "until each of these is resolved:\n\n" + reasons
                                + "\n\nA draft can be printed meanwhile.")
        return True

    def ask_and_generate(self, final: bool = False) -> None:
        ref = self.current_ref()
        if ref is None or (final and self.refuse_final()):
            return
        folder = str(self.ctx.settings.value(FOLDER_KEY, str(Path.home())))
        chosen, _ = QFileDialog.getSaveFileName(self, f"Save the bid packet {ref}",
                                                str(Path(folder) / f"{ref}-bid-packet.pdf"),
                                                "PDF documents (*.pdf)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.ctx.settings.setValue(FOLDER_KEY, str(path.parent))
        xlsx = path.with_name(f"{ref}-pricing.xlsx") if self.with_pricing.isChecked() else None
        self.generate_to(path, xlsx, final=final)

    def generate_to(self, pdf: Path, xlsx: Path | None, *,
                    final: bool = False) -> CancelToken | None:
        ref = self.current_ref()
        if ref is None:
            return None
        store = self.ctx.store

        def work(progress: ProgressFn, token: CancelToken) -> tuple[Path, Path | None, int]:
            from app.reports.packet.render import render_packet
            from app.services.packets import build_packet
            from app.services.tabular_pricing import write_pricing_form

            progress(0, 0, "Gathering members, lots and quantities…")
            with store.session() as session:
                packet = build_packet(session, ref)
            token.check()

            def on_page(done: int, total: int, message: str) -> None:
                token.check()
                progress(done, total, message)

            data = render_packet(packet, on_page, final=final)  # final: refused with reasons
            rows = 0
            if xlsx is not None:
                progress(1, 1, "Writing the pricing workbook…")
                rows = write_pricing_form(packet, xlsx)
            token.check()
            try:
                pdf.write_bytes(data)
            except OSError as error:
                raise UserError(f"Could not save {pdf}: {error.strerror}.") from error
            if final:  # the packet to post: its criteria are frozen from now on
                from app.services.packet_issue import record_issue

                with store.transaction() as session:
                    record_issue(session, ref, data)
            return pdf, xlsx, rows, packet.is_final

        return run_with_progress(self, self.runner, "Writing the bid packet", work,
                                 self._generated, self._failed)

    def _generated(self, result: Any) -> None:
        pdf, xlsx, rows, final = result
        self.last_pdf = pdf
        self.open_button.setEnabled(True)
        self.status.setText(f"Saved {pdf.name}" + (f" and {xlsx.name}" if xlsx else "")
                            + ("" if final else " (DRAFT, not for posting)"))
        if final:  # issued: the award basis it printed is locked now (the Facts tab says so)
            self.load_packet()
        if self.ask_to_open:
            answer = QMessageBox.question(
                self, APP_NAME, ("The bid packet" if final else
                                 "The DRAFT bid packet (not for posting)")
                + f" was saved as\n{pdf}"
                + (f"\nand the pricing workbook ({rows} lines) as\n{xlsx}" if xlsx else "")
                + "\n\nOpen the PDF now?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
                QMessageBox.StandardButton.Open)
            if answer == QMessageBox.StandardButton.Open:
                self.open_pdf()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.status.setText("Cancelled; no file was written.")
            return
        if isinstance(error, UserError):
            self.status.setText(str(error).splitlines()[0][:160])
            if self.ask_to_open:  # off in tests, which read the status line instead
                show_user_error(error, self)
            return
        raise error

    def open_pdf(self) -> None:
        if self.last_pdf is not None:
            open_file(self.last_pdf, self)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

