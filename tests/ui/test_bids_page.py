"""The Bids page through its widgets: the demo's four vendors listed sealed (who, when,
version, late, notes — no prices), a bid received in the dialog or refused with every
problem by sheet/row/column, a receipt saved, a withdrawal after the deadline refused; a
region sees a note only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from packet_samples import add_packet_samples

from app.models.db import Store
from app.models.migrate import upgrade
from app.services import packet_settings as ps
from app.services.demo_bids import demo_bids, fill_form
from app.services.instance import init_instance
from app.services.packets import build_packet
from app.services.vendors import add_vendor
from app.ui.main_window import MainWindow
from app.ui.pages.bids import BidsPage

DUE = datetime(2025, 12, 8, 19, 0, tzinfo=UTC)


@pytest.fixture
def state_with_bids(tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    ref = add_packet_samples(store)
    with store.transaction() as session:
        ps.set_fact(session, ref, "bid_due_time", "2:00 PM")
        demo_bids(session, ref, tmp_path / "bids")
        add_vendor(session, {"name": "Acme Networks, Inc."})
    yield store, ref
    store.dispose()


def open_bids(qtbot, store: Store, make_context) -> BidsPage:  # noqa: ANN001
    window = MainWindow(make_context(store))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page_of(BidsPage)
    assert isinstance(page, BidsPage)
    return page


def table_text(page: BidsPage) -> str:
    model = page.table.model
    return " ".join(str(model.index(r, c).data()) for r in range(model.rowCount())
                    for c in range(model.columnCount()))


def test_the_demo_bids_are_listed_sealed(qtbot, state_with_bids, make_context,  # noqa: ANN001
                                         tmp_path: Path) -> None:
    store, ref = state_with_bids
    page = open_bids(qtbot, store, make_context)
    assert page.current_ref() == ref and page.tabs.tabText(0) == "Received bids"
    rows = page.table.proxy.visible_rows()
    assert len(rows) == 4 and sum(r.late for r in rows) == 1
    text = table_text(page)
    assert "LATE" in text and "Blue Ridge Data Systems, Inc." in text and "$" not in text
    assert "Due Mon 08 Dec 2025 02:00 PM Eastern (passed)" in page.deadline_label.text()
    assert page.select_row("Blue Ridge Data Systems, Inc.", 1)
    assert "no manufacturer" in page.details.text()
    saved = page.save_receipt(str(tmp_path / "receipt.pdf"))
    assert saved is not None and saved.read_bytes().startswith(b"%PDF")
    assert not page.withdraw_button.isEnabled()  # the 2025 deadline has passed
    assert page.withdraw_selected("changed our mind") is None
    assert "withdrawn only before" in page.note.text()


def test_receive_in_the_dialog(qtbot, state_with_bids, make_context,  # noqa: ANN001
                               tmp_path: Path) -> None:
    store, ref = state_with_bids
    with store.session() as session:
        packet = build_packet(session, ref)
    lines = {i.line: ("Acer", "X-1", 500.0, None) for i in packet.lot_lines}
    good = fill_form(packet, tmp_path / "acme.xlsx", "Acme Networks", lines)
    bad = fill_form(packet, tmp_path / "bad.xlsx", "Acme Networks",
                    {k: ("Acer", "X-1", "n/a", None) for k in lines})
    page = open_bids(qtbot, store, make_context)
    dialog = page.open_receive()
    assert dialog is not None
    dialog.vendor.setCurrentIndex(dialog.vendor.findText("Acme Networks, Inc."))
    dialog.set_received_at(DUE - timedelta(hours=2))
    dialog.file_edit.setText(str(bad))
    assert dialog.receive() is None
    shown = dialog.result_view.toPlainText()
    assert "Refused, nothing stored" in shown and "Pricing!J6: unit price 'n/a' is not a " \
        "number" in shown
    dialog.file_edit.setText(str(good))
    receipt = dialog.receive()
    assert receipt is not None and not receipt.bid.late
    shown = dialog.result_view.toPlainText()
    assert "on time" in shown and "500" not in shown
    assert dialog.save_receipt(str(tmp_path / "r.pdf")) is not None
    dialog.reject()
    assert len(page.table.proxy.visible_rows()) == 5


def test_a_region_sees_a_note(qtbot, region3_store: Store, make_context) -> None:  # noqa: ANN001
    page = open_bids(qtbot, region3_store, make_context)
    assert "kept by the state" in page.note.text() and not page.receive_button.isVisible()
