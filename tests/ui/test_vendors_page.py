"""The Vendors page through its widgets: the state adds, edits, removes and imports vendors
and keeps the compliance lists; a vendor on an imported Treasurer's list shows FAIL in the
table and the detail; a procurement brings its SAM.gov line; a region sees it all read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models import Procurement
from app.models.db import Store
from app.services.compliance import list_entries, list_lists
from app.services.vendors import add_vendor, list_vendors
from app.ui.main_window import MainWindow
from app.ui.pages.vendors import VendorsPage

ACME = {"name": "Acme Devices, Inc.", "dba": "Acme", "spin_498": "143012345",
        "e_verify_affidavit": True, "e_verify_on": "2026-01-05", "form_473_years": "2026",
        "w9_on_file": True}
BOLT = {"name": "Bolt Networks LLC", "spin_498": "143099999", "e_verify_affidavit": True,
        "w9_on_file": True}


def open_vendors(qtbot, store: Store, make_context) -> VendorsPage:  # noqa: ANN001
    window = MainWindow(make_context(store))
    qtbot.addWidget(window)
    window.show()
    window.show_page_of(VendorsPage)
    page = window.current_page()
    assert isinstance(page, VendorsPage)
    return page


def names(store: Store) -> list[str]:
    with store.session() as session:
        return [v.name for v in list_vendors(session)]


def summaries(page: VendorsPage) -> dict[str, str]:
    return {r.vendor.name: r.summary for r in page.table.proxy.visible_rows()}


def test_the_state_adds_edits_and_removes(qtbot, sqlite_state: Store, make_context,  # noqa: ANN001
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    page = open_vendors(qtbot, sqlite_state, make_context)
    assert not page.add_button.isHidden() and not page.import_list_button.isHidden()
    changes: list[str] = []
    page.ctx.events.data_changed.connect(changes.append)

    dialog = page.add_vendor()
    dialog.form.set_values({**ACME, "spin_498": "14301"})
    assert not dialog.try_save()  # said under its field, nothing stored
    assert "9 digits" in dialog.form.error_text("spin_498")
    assert names(sqlite_state) == []
    dialog.form.set_values({"spin_498": "143012345"})
    assert dialog.try_save()
    assert changes == ["vendors"]
    assert page.selected() is not None and page.selected().name == "Acme Devices, Inc."
    # The Treasurer's lists are not loaded: never PASS on missing data.
    assert summaries(page) == {"Acme Devices, Inc.": "2 NOT CHECKED"}
    assert ("NOT CHECKED", "the NC Treasurer's Iran Divestment list has not been loaded") \
        in page.shown_lines()
    assert "FCC Form 498 ID (SPIN): 143012345" in page.facts.text()

    edit = page.edit_selected()
    assert edit is not None
    assert edit.form.values()["e_verify_on"] == "2026-01-05"
    edit.form.set_values({"w9_on_file": False, "nc_vendor_number": "56-1234567"})
    assert edit.try_save()
    assert summaries(page) == {"Acme Devices, Inc.": "1 FAIL, 2 NOT CHECKED"}
    assert ("FAIL", "no W-9") in page.shown_lines()
    assert "56-1234567" in page.facts.text()

    monkeypatch.setattr(page, "confirm_remove", lambda _vendor: False)
    assert not page.remove_selected()
    monkeypatch.setattr(page, "confirm_remove", lambda _vendor: True)
    assert page.remove_selected()
    assert names(sqlite_state) == [] and summaries(page) == {}
    assert "removed" in page.note.text()


def test_import_previews_then_applies(qtbot, sqlite_state: Store, make_context,  # noqa: ANN001
                                      tmp_path: Path) -> None:
    page = open_vendors(qtbot, sqlite_state, make_context)
    bad = tmp_path / "bad.csv"
    bad.write_text("Legal name,SPIN\nAcme Devices Inc,12\n", encoding="utf-8")
    page.choose_and_import(str(bad))
    dialog = page.import_dialog
    assert not dialog.apply_button.isEnabled()
    [problem] = dialog.table.model.rows()
    assert (problem.row, problem.record, problem.field) == (2, "Acme Devices Inc", "spin_498")
    dialog.reject()

    good = tmp_path / "vendors.csv"
    good.write_text("Legal name,DBA,SPIN,E-Verify,W9\nAcme Devices Inc,Acme,143012345,yes,yes\n"
                    "Bolt Networks LLC,,143099999,no,yes\n", encoding="utf-8")
    page.choose_and_import(str(good))
    dialog = page.import_dialog
    assert "2 would be added" in dialog.summary.text()
    assert names(sqlite_state) == []
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.applied is not None and dialog.applied.added == 2
    assert set(summaries(page)) == {"Acme Devices Inc", "Bolt Networks LLC"}


def test_a_vendor_on_a_treasurer_list_fails(qtbot, sqlite_state: Store, make_context,  # noqa: ANN001
                                            tmp_path: Path) -> None:
    with sqlite_state.transaction() as session:
        add_vendor(session, ACME)
        add_vendor(session, BOLT)
    page = open_vendors(qtbot, sqlite_state, make_context)
    listing = tmp_path / "iran.csv"
    listing.write_text("name\n\"BOLT NETWORKS, L.L.C.\"\nNorthwind Trading Co\n", encoding="utf-8")

    wrong = tmp_path / "wrong.csv"
    wrong.write_text("firm\nBolt Networks\n", encoding="utf-8")
    dialog = page.import_list("iran_divestment", str(wrong))
    dialog.form.set_values({"list_date": "2026-04-15"})
    assert dialog.check() is None and "unknown column 'firm'" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()

    dialog = page.import_list("iran_divestment", str(listing))
    assert dialog.check() is None  # the list's date is required
    assert "required" in dialog.form.error_text("list_date")
    dialog.form.set_values({"list_date": "2026-04-15", "source": "nctreasurer.gov"})
    report = dialog.check()
    assert report is not None, dialog.summary.text()
    assert report.added == 2
    with sqlite_state.session() as session:
        assert list_entries(session, "iran_divestment") == []  # a dry run
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.applied is not None
    assert "2 added" in page.list_note.text()
    assert page.list_table.item(0, 1).text() == "2026-04-15"
    assert page.list_table.item(1, 1).text() == "never loaded"

    assert summaries(page) == {"Acme Devices, Inc.": "1 NOT CHECKED",
                               "Bolt Networks LLC": "1 FAIL, 1 NOT CHECKED"}
    assert page.select_vendor(next(r.vendor.uid for r in page.table.proxy.visible_rows()
                                   if r.vendor.name.startswith("Bolt")))
    status, reason = page.shown_lines()[0]
    assert status == "FAIL"
    assert "matches 'BOLT NETWORKS, L.L.C.' on the list dated 2026-04-15" in reason
    assert "May not be awarded" in page.verdict.text()
    page.table.filter_edit.setText("FAIL")
    assert list(summaries(page)) == ["Bolt Networks LLC"]


def test_covered_list_is_edited_and_dated(qtbot, sqlite_state: Store,  # noqa: ANN001
                                          make_context, monkeypatch: pytest.MonkeyPatch) -> None:
    page = open_vendors(qtbot, sqlite_state, make_context)
    dialog = page.edit_covered_list()
    shipped = len(dialog.table.model.rows())
    assert shipped > 0
    dialog.entry_form.set_values({"name": "Shady Radios Ltd", "affiliate_of": "Huawei"})
    assert dialog.add()
    dialog.entry_form.set_values({"name": "SHADY RADIOS"})
    assert not dialog.add()
    assert "already on the FCC Covered List" in dialog.entry_form.error_text("name")
    dialog.date_form.set_values({"list_date": "someday"})
    assert not dialog.set_date() and dialog.date_form.error_text("list_date")
    dialog.date_form.set_values({"list_date": "2026-03-01"})
    assert dialog.set_date()
    dialog.table.filter_edit.setText("shady")
    dialog.table.view.selectRow(0)
    monkeypatch.setattr(dialog, "confirm_remove", lambda _name: True)
    assert dialog.remove_selected()
    with sqlite_state.session() as session:
        assert len(list_entries(session, "covered_list")) == shipped
        covered = next(r for r in list_lists(session) if r.kind == "covered_list")
    assert covered.list_date is not None and covered.list_date.isoformat() == "2026-03-01"
    dialog.reject()
    assert page.list_table.item(2, 1).text() == "2026-03-01"


def test_a_federal_procurement_records_the_sam_check(qtbot, sqlite_state: Store,  # noqa: ANN001
                                                     make_context) -> None:
    with sqlite_state.transaction() as session:
        vendor = add_vendor(session, ACME)
        session.add(Procurement(ref="2026-HOT", title="Hotspots", funding_year=2026,
                                funding_sources="federal", owner="state"))
    page = open_vendors(qtbot, sqlite_state, make_context)
    assert page.select_vendor(vendor.uid)
    assert not page.sam_button.isVisible()  # only with a procurement
    page.procurement.setCurrentIndex(page.procurement.findData("2026-HOT"))
    assert page.sam_button.isVisible()
    assert ("NOT CHECKED", "no check recorded for this procurement") in page.shown_lines()
    dialog = page.record_sam_check()
    assert dialog is not None
    assert dialog.form.values()["checked_by"] == "S. Coordinator"
    dialog.form.set_values({"checked_on": "May 2"})
    assert not dialog.try_save() and dialog.form.error_text("checked_on")
    dialog.form.set_values({"checked_on": "2026-05-02", "reference": "SAM search"})
    assert dialog.try_save()
    status, reason = page.shown_lines()[-1]
    assert status == "PASS" and "checked by S. Coordinator on 2026-05-02" in reason


def test_a_region_sees_the_registry_read_only(qtbot, sqlite_region4: Store,  # noqa: ANN001
                                              make_context) -> None:
    page = open_vendors(qtbot, sqlite_region4, make_context)
    assert "read-only" in page.note.text()
    assert all(b.isHidden() for b in (page.add_button, page.edit_button,
                                           page.remove_button, page.import_button,
                                           page.import_list_button, page.covered_button,
                                           page.sam_button))
    assert page.edit_selected() is None and not page.remove_selected()
    page.tabs.setCurrentIndex(1)
    assert page.list_table.rowCount() == 3


def test_the_page_fits_the_smallest_window(qtbot, sqlite_state: Store,  # noqa: ANN001
                                           make_context) -> None:
    page = open_vendors(qtbot, sqlite_state, make_context)
    hint = page.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 540
