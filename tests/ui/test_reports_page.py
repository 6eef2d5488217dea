"""The Reports page: pick a procurement, review and edit its sections, edit the criteria,
see why the packet is refused, generate the packet and pricing workbook in the background,
and save a region needs summary."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import openpyxl
from packet_samples import TRICKY, add_packet_samples
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models.db import Store
from app.models.evaluation import PacketIssue
from app.services import packet_settings as ps
from app.ui.pages.reports import ReportsPage


def _page(qtbot, store: Store, make_context) -> ReportsPage:  # noqa: ANN001
    page = ReportsPage(make_context(store))
    page.ask_to_open = False
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def _select_section(page: ReportsPage, key: str) -> None:
    for row in range(page.sections.list.count()):
        if page.sections.list.item(row).data(Qt.ItemDataRole.UserRole) == key:
            page.sections.list.setCurrentRow(row)
            return
    raise AssertionError(key)


def test_sections_preview_edit_and_reset(qtbot, state_store: Store,  # noqa: ANN001
                                         make_context) -> None:  # noqa: ANN001
    ref = add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    assert page.current_ref() == ref
    assert "prints only as a DRAFT" in page.problems.text()
    assert page.sections.list.count() == 14
    _select_section(page, "instructions")
    assert "{contact}" in page.sections.editor.toPlainText()
    assert "Dana" not in page.sections.preview.toPlainText()  # state operator "S. Coordinator"
    assert "S. Coordinator, State Coordinator" in page.sections.preview.toPlainText()
    page.sections.editor.setPlainText("## Submitting\n\nSend it to {contact} by {bid_due}.")
    page.sections.save_button.click()
    assert "(edited)" in page.sections.list.currentItem().text()
    assert page.sections.preview.toPlainText().startswith("## Submitting\n\nSend it to S.")
    page.sections.reset_button.click()
    assert "(edited)" not in page.sections.list.currentItem().text()
    assert page.sections.editor.toPlainText() == ps.default_text("instructions")


def test_bad_placeholder_is_refused_with_a_message(qtbot, state_store: Store,  # noqa: ANN001
                                                   make_context, monkeypatch) -> None:  # noqa: ANN001
    add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    shown: list[str] = []
    monkeypatch.setattr("app.ui.pages.reports_sections.show_user_error",
                        lambda error, _parent: shown.append(str(error)))
    _select_section(page, "terms")
    page.sections.editor.setPlainText("Dear {vendor_name}")
    page.sections.save_button.click()
    assert shown and "{vendor_name}" in shown[0]


def test_criteria_refused_when_saved_then_fixed(qtbot, state_store: Store,  # noqa: ANN001
                                                make_context, monkeypatch) -> None:  # noqa: ANN001
    ref = add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    shown: list[str] = []
    monkeypatch.setattr("app.ui.pages.reports_sections.show_user_error",
                        lambda error, _parent: shown.append(str(error)))
    editor = page.criteria.editor
    assert editor.model.rowCount() == 4
    editor.model.item(1, 1).setText("55")  # technical fit now equals price
    assert editor.total.text() == "Total: 130 points (must be 100)"
    editor.save_button.click()
    assert shown and "total 130, not 100" in shown[0]
    assert "'Technical fit to the specifications' (55) equals" in shown[0]
    with state_store.session() as session:
        assert ps.list_criteria(session, ref)[1]  # nothing stored: still the defaults
    editor.model.item(1, 1).setText("20")
    editor.model.item(2, 1).setText("20")
    editor.save_button.click()
    assert len(shown) == 1
    with state_store.session() as session:
        rows, default = ps.list_criteria(session, ref)
    assert not default and [r.weight for r in rows] == [55, 20, 20, 5]


def test_draft_reasons_final_refused_then_facts_and_award_make_it_final(  # noqa: ANN001
        qtbot, state_store: Store, make_context, tmp_path: Path) -> None:  # noqa: ANN001
    from app.services.figures import confirm_figures
    from app.services.letters import add_letter

    add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    assert "prints only as a DRAFT" in page.problems.text()
    assert "010: no letter of agency on file" in page.problems.text()
    assert "contact_phone" in page.problems.text()
    assert page.generate_button.text() == "Generate draft…"
    assert page.final_button.isVisible()
    page.tabs.setCurrentWidget(page.facts)
    qtbot.wait(50)
    page.grab().save("/tmp/packet-ui-draft.png")
    page.final_button.click()  # refused: nothing asked, nothing written
    assert page.status.text().startswith("Final packet refused: 7 reasons")
    # Fill the facts and a multiple award for every lot in the tab.
    values = {"form470_number": "260012345", "contact_email": "bids@example.org",
              "contact_phone": "919-555-0100", "bid_due_time": "2:00 p.m.",
              "opening_place": "the state office, Raleigh"}
    for name, value in values.items():
        page.facts.fields[name].setText(value)
    page.facts.save_facts_button.click()
    page.facts.kind.setCurrentIndex(page.facts.kind.findData("within"))
    page.facts.value.setValue(10)
    page.facts.per_line.setChecked(True)  # per line first, then back to the whole lot
    page.facts.save_award_button.click()
    assert "within 10 % of the lowest price on the line" in page.facts.summary.text()
    with state_store.session() as session:
        assert ps.award_bases(session, page.current_ref())[0].text == \
            "multiple within 10% per line"
    assert page.facts.per_line.isChecked()  # shown as stored
    page.facts.per_line.setChecked(False)
    page.facts.save_award_button.click()
    assert "within 10 % of the lowest evaluated price" in page.facts.summary.text()
    with state_store.transaction() as session:
        add_letter(session, "010", {
            "lead_name": "NC K-12 Technology Purchasing Consortium",
            "first_funding_year": 2026, "last_funding_year": 2026,
            "official_name": "Pat Official", "official_title": "Superintendent",
            "signed_on": "2025-10-01", "services": "All E-rate eligible services"})
        for code in ("010", "600", "920"):  # the members confirm their E-rate figures
            confirm_figures(session, code, 2026, "Pat Official")
    page.load_packet()
    assert page.packet is not None and page.packet.is_final, page.packet.problems
    assert "Ready to print" in page.problems.text()
    assert page.generate_button.text() == "Generate bid packet…"
    assert not page.final_button.isVisible()
    qtbot.wait(50)
    page.grab().save("/tmp/packet-ui-final.png")
    pdf = tmp_path / "final.pdf"
    page.generate_to(pdf, None, final=True)
    qtbot.waitUntil(lambda: page.last_pdf == pdf, timeout=30000)
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages))
    assert "DRAFT" not in text and "bids@example.org" in text and "919-555-0100" in text
    with state_store.session() as session:  # the final button records the issue (frozen)
        issue = session.scalars(select(PacketIssue)).one()
        assert issue.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    # Issued: the award basis it printed is locked, and the disabled controls say why.
    assert not page.facts.save_award_button.isEnabled()
    assert not page.facts.kind.isEnabled()
    assert "cannot change after issue; issue an addendum" in \
        page.facts.save_award_button.toolTip()
    assert page.facts.save_facts_button.isEnabled()


def test_generate_packet_and_pricing_in_background(qtbot, state_store: Store,  # noqa: ANN001
                                                   make_context, tmp_path: Path) -> None:  # noqa: ANN001
    add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    pdf, xlsx = tmp_path / "packet.pdf", tmp_path / "pricing.xlsx"
    page.generate_to(pdf, xlsx)
    qtbot.waitUntil(lambda: page.last_pdf == pdf, timeout=30000)
    assert page.open_button.isEnabled() and "packet.pdf" in page.status.text()
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert TRICKY in text
    assert openpyxl.load_workbook(xlsx)["Pricing"].protection.sheet


def test_cancel_stops_the_packet(qtbot, state_store: Store,  # noqa: ANN001
                                 make_context, tmp_path: Path) -> None:  # noqa: ANN001
    add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    pdf = tmp_path / "packet.pdf"
    token = page.generate_to(pdf, None)
    assert token is not None
    token.cancel()
    qtbot.waitUntil(lambda: "Cancelled" in page.status.text(), timeout=30000)
    assert not pdf.exists() and page.last_pdf is None


def test_region_summary_is_saved(qtbot, state_store: Store,  # noqa: ANN001
                                 make_context, tmp_path: Path) -> None:  # noqa: ANN001
    add_packet_samples(state_store)
    page = _page(qtbot, state_store, make_context)
    assert page.region.region.count() == 8
    path = tmp_path / "region.pdf"
    page.region.save_to(3, path)
    qtbot.waitUntil(lambda: path.exists() and page.last_pdf == path, timeout=30000)
    assert "region.pdf" in page.region.status.text()


def test_region_instance_sees_its_own_summary_not_the_packet_editor(  # noqa: ANN001
        qtbot, region3_store: Store, make_context, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue #12 item 7: a region opened on an empty packet editor, and its summary tab
    offered Region 1 on a Region 3 laptop (an empty PDF)."""
    page = _page(qtbot, region3_store, make_context)
    assert page.current_ref() is None
    assert page.tabs.currentWidget() is page.region
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.sections))
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.criteria))
    assert page.generate_button.isHidden() and page.packet_bar.isHidden()
    assert page.region.region.count() == 1 and page.region.region.currentData() == 3
    assert not page.region.region.isEnabled()
    qtbot.wait(50)
    page.grab().save("/tmp/meet-reports-region.png")
    path = tmp_path / "region3.pdf"
    page.region.save_to(page.region.region.currentData(), path)
    qtbot.waitUntil(lambda: path.exists(), timeout=30000)


def test_open_without_a_pdf_viewer_says_where_the_file_is(  # noqa: ANN001
        qtbot, state_store: Store, make_context, tmp_path: Path, monkeypatch) -> None:
    """Issue #12 item 9: "Open" did nothing when no PDF viewer is installed."""
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    page = _page(qtbot, state_store, make_context)
    told: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text: told.append(text))
    page.last_pdf = tmp_path / "P2026-001-bid-packet.pdf"
    page.open_pdf()
    assert len(told) == 1 and str(page.last_pdf) in told[0] and "No program" in told[0]
