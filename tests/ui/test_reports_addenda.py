"""The Reports page's Addenda tab: refused before the final packet, then numbered addenda
listed as issued (looked at as /tmp/packet-ui-addenda.png)."""

from __future__ import annotations

from datetime import date

from packet_samples import add_packet_samples

from app.models.db import Store
from app.services.packet_issue import record_issue
from app.ui.pages.reports import ReportsPage


def test_addenda_tab_issues_and_lists(qtbot, state_store: Store,  # noqa: ANN001
                                      make_context, monkeypatch) -> None:  # noqa: ANN001
    ref = add_packet_samples(state_store)
    page = ReportsPage(make_context(state_store))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    shown: list[str] = []
    monkeypatch.setattr("app.ui.pages.reports_addenda.show_user_error",
                        lambda error, _parent: shown.append(str(error)))
    page.tabs.setCurrentWidget(page.addenda)
    assert page.addenda.issue_button.isEnabled()
    assert not page.addenda.issue("Lot 1: 120 access points", True, date(2026, 2, 2))
    assert "final packet has not been issued" in shown[0]
    assert page.addenda.table.rowCount() == 0
    with state_store.transaction() as session:
        record_issue(session, ref, b"%PDF final")
    assert page.addenda.issue("Lot 1: 120 access points, not 100", True, date(2026, 2, 2))
    assert page.addenda.issue("Contact phone corrected", False, date(2026, 2, 3))
    table = page.addenda.table
    assert table.rowCount() == 2
    assert [table.item(1, c).text() for c in range(5)] == [
        "2", "2026-02-03", "S. Coordinator", "", "Contact phone corrected"]
    assert table.item(0, 3).text() == "yes"
    qtbot.wait(50)
    page.grab().save("/tmp/packet-ui-addenda.png")
