"""The Procurements page (list, checklist, calendar, lots, members with letters, E-rate),
the milestones dialog, the funding-year editor and the effort-saved panel."""

from __future__ import annotations

from datetime import date

from procurement_ui_samples import add_state_samples

from app.models.db import Store
from app.services.erate import year_params
from app.services.figures import confirm_figures
from app.services.funding_years import edit_funding_year
from app.services.letters import add_letter
from app.services.procurements import create_procurement, edit_procurement
from app.ui.dialogs.funding_year_editor import FundingYearEditor
from app.ui.dialogs.milestones import MilestonesDialog
from app.ui.pages.procurements import ProcurementsPage
from app.ui.widgets.effort_saved import EffortSavedPanel


def _planned(store: Store) -> str:
    add_state_samples(store)
    with store.transaction() as session:
        return create_procurement(session, title="Wi-Fi", funding_year=2026,
                                  categories=["WIRELESS"]).ref


def _page(qtbot, store: Store, make_context) -> ProcurementsPage:  # noqa: ANN001
    page = ProcurementsPage(make_context(store))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_detail_shows_checklist_members_and_erate(qtbot, state_store: Store,  # noqa: ANN001
                                                  make_context) -> None:  # noqa: ANN001
    ref = _planned(state_store)
    page = _page(qtbot, state_store, make_context)
    assert page.table.model.rowCount() == 1 and page.detail is not None
    assert page.detail.row.ref == ref
    failed = [c.code for c in page.checks.model.rows() if not c.passed]
    assert failed == ["form470", "wait", "loa", "figures", "nc_ad"]
    assert "5 of 8 rules fail" in page.summary.text()
    assert page.tabs.tabText(0) == "Checklist (5 fail)"
    assert {p.code for p in page.members.model.rows()} == {"920", "010"}
    assert page.lots.model.rowCount() == 1
    assert "Category 2 78 %" in page.erate_panel.text()  # (85 + 70) / 2 = 77.5 → 78
    labels = [e.label for e in page.calendar.model.rows()]
    assert "Last Form 470 certification" in labels


def test_milestones_turn_the_checklist_green(qtbot, state_store: Store,  # noqa: ANN001
                                             make_context) -> None:  # noqa: ANN001
    ref = _planned(state_store)
    with state_store.transaction() as session:
        for code in ("920", "010"):
            add_letter(session, code, {"lead_name": "NC K-12 Consortium",
                                       "first_funding_year": 2026, "last_funding_year": 2027,
                                       "official_name": "A. Official",
                                       "official_title": "Superintendent",
                                       "signed_on": "2025-11-01", "services": "All E-rate"})
    page = _page(qtbot, state_store, make_context)
    assert page.detail is not None
    dialog = MilestonesDialog(page.detail, page)
    qtbot.addWidget(dialog)
    for name, when in (("form470_certified_on", date(2026, 1, 1)),
                       ("nc_advertised_on", date(2026, 1, 2)),
                       ("bid_due_on", date(2026, 1, 29))):
        check, edit = dialog.edits[name]
        check.setChecked(True)
        edit.setDate(when)
    values = dialog.values()
    assert values["rfp_posted_on"] is None and values["bid_due_on"] == date(2026, 1, 29)
    with state_store.transaction() as session:
        edit_procurement(session, ref, values)
        for code in ("920", "010"):
            confirm_figures(session, code, 2026, "A. Official")
    page.ctx.notify("procurements")
    assert page.detail is not None and page.detail.passed
    assert "every rule passes" in page.summary.text()
    assert all(p.loa_ok for p in page.members.model.rows())


def test_empty_and_regional_instances(qtbot, region3_store: Store,  # noqa: ANN001
                                      make_context) -> None:  # noqa: ANN001
    page = _page(qtbot, region3_store, make_context)
    assert page.table.model.rowCount() == 0
    assert page.new_button.isHidden() and page.dates_button.isHidden()  # the state's work
    assert page.ocds_button.isHidden()
    assert "state coordinator" in page.summary.text()
    editor = FundingYearEditor(page.ctx, page)
    qtbot.addWidget(editor)
    assert not editor.save_button.isEnabled()


def test_funding_year_editor_saves_through_the_service(qtbot, state_store: Store,  # noqa: ANN001
                                                       make_context) -> None:  # noqa: ANN001
    page = _page(qtbot, state_store, make_context)
    editor = FundingYearEditor(page.ctx, page)
    qtbot.addWidget(editor)
    editor.year_combo.setCurrentIndex(editor.year_combo.findData(2026))
    assert editor.matrix.rowCount() == 6 and editor.matrix.item(5, 4).text() == "85"
    assert editor.changes() == {}
    editor.inputs["c2_floor"].setText("31,000.00")
    editor.matrix.item(5, 4).setText("84")
    editor.save()
    assert "Saved 2 change(s)" in editor.message.text()
    with state_store.session() as session:
        params = year_params(session, 2026)
    assert str(params.c2_floor) == "31000.00" and params.discount_matrix[5].c2_urban == 84
    editor.inputs["nc_formal_bid_threshold"].setText("1000")  # below the informal threshold
    editor.save()
    assert "Not saved" in editor.message.text()


def test_effort_saved_panel(qtbot, state_store: Store) -> None:  # noqa: ANN001
    _planned(state_store)
    panel = EffortSavedPanel(state_store)
    qtbot.addWidget(panel)
    panel.refresh(2026)
    by_source = {r.source: r for r in panel.rows}
    assert by_source["erate"].separate_procurements == 2
    assert by_source["all"].saved == 1
    assert by_source["potential"].consortium_procurements == 2


def test_erate_panel_warns_of_unconfirmed_figures_and_budgets(  # noqa: ANN001
        qtbot, state_store: Store, make_context, tmp_path) -> None:  # noqa: ANN001
    _planned(state_store)
    with state_store.transaction() as session:
        # $10 a student: 920's 1,000 students give $10,000 against $65,000 of access points.
        edit_funding_year(session, 2026, {"c2_multiplier": "10", "c2_floor": "1000"})
        confirm_figures(session, "010", 2026, "A. Official")
    page = _page(qtbot, state_store, make_context)
    page.tabs.setCurrentIndex(4)
    text = page.erate_panel.text()
    assert "Discounts rest on unconfirmed figures" in text
    assert "1 of 2 member(s)" in text and "920 (1/1)" in text
    assert "2 member(s) over their Category 2 budget" in text
    assert "920 ($65,000.00 against $10,000.00 left)" in text
    assert "010 ($32,000.00 against $8,000.00 left)" in text
    page.grab().save(str(tmp_path / "procurement_erate.png"))
    with state_store.transaction() as session:
        confirm_figures(session, "920", 2026, "A. Official")
    page.ctx.notify("procurements")
    assert "unconfirmed" not in page.erate_panel.text()


def test_open_data_export_writes_a_valid_package(qtbot, state_store: Store,  # noqa: ANN001
                                                 make_context, tmp_path,  # noqa: ANN001
                                                 monkeypatch) -> None:  # noqa: ANN001
    import json

    from app.services.ocds_validate import codelist_problems, schema_errors

    ref = _planned(state_store)
    page = _page(qtbot, state_store, make_context)
    assert page.ocds_button.isVisible() and page.ocds_button.isEnabled()
    out = tmp_path / "p.json"
    assert page.export_ocds(out)
    package = json.loads(out.read_text("utf-8"))
    assert schema_errors(package) == [] and codelist_problems(package) == []
    assert [r["tag"] for r in package["releases"]] == [["planning"]]
    assert page.ocds_message.text() == \
        f"Saved p.json: 1 release(s) of ocds-xxxxxx-nc-k12-{ref} (planning)."
    qtbot.wait(50)  # the message's layout settles before the picture
    assert page.grab().save(str(tmp_path / "procurements_ocds.png"))
    import os
    if os.environ.get("OCDS_SCREENSHOT"):
        page.grab().save(os.environ["OCDS_SCREENSHOT"])
    warned: list[str] = []
    monkeypatch.setattr("app.ui.pages.procurement_ocds_action.QMessageBox.warning",
                        lambda _parent, _title, text: warned.append(text))
    assert not page.export_ocds(tmp_path / "p.txt")
    assert "name the file *.json" in warned[0] and not (tmp_path / "p.txt").exists()


def test_procurement_file_button_saves_the_pdf_and_originals(  # noqa: ANN001
        qtbot, state_store: Store, make_context, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Before any bid the file still assembles (the priced parts say the bids are sealed);
    ticked, the originals zip lands beside the PDF."""
    from pypdf import PdfReader

    from app.services.procurement_originals import verify_originals

    _planned(state_store)
    page = _page(qtbot, state_store, make_context)
    assert page.file_button.isVisible() and page.originals_box.isVisible()
    page.originals_box.setChecked(True)
    saved = page.save_file(str(tmp_path / "file.pdf"))
    assert saved is not None and saved.originals is not None
    titles = [o.title for o in PdfReader(saved.pdf).outline]
    assert titles[0] == "Procurement file: cover" and "The checklist" in titles
    assert verify_originals(saved.originals.path) == []
    assert "Saved " in page.summary.text() and "file-originals.zip" in page.summary.text()
    warnings: list[str] = []
    monkeypatch.setattr("app.ui.pages.procurement_file_action.QMessageBox.warning",
                        lambda _parent, _title, text: warnings.append(text))
    assert page.save_file(str(tmp_path / "file.txt")) is None  # refused, shown, not written
    assert warnings and "name the file *.pdf" in warnings[0]
    assert not (tmp_path / "file.txt").exists()
