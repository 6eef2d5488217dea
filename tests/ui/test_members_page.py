"""The Members page through its widgets: choose a member, edit its profile, add a school,
a contact and a letter of agency, print its confirmation sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from app.models.db import Store
from app.services.members import get_member, member_row
from app.services.schools import list_contacts, list_schools
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage


@pytest.fixture
def page(qtbot, sqlite_region4: Store, make_context) -> MembersPage:  # noqa: ANN001
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    window.show()
    window.show_page(1)
    members = window.current_page()
    assert isinstance(members, MembersPage)
    assert members.select_member("630")
    return members


def moore(store: Store):  # noqa: ANN201
    with store.session() as session:
        return member_row(get_member(session, "630"))


def set_text(qtbot, edit: QLineEdit, text: str) -> None:  # noqa: ANN001
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_choosing_a_member_shows_its_detail(page: MembersPage) -> None:
    assert page.detail.name_label.text() == "Moore County Schools"
    assert "Code 630" in page.detail.facts_label.text()
    assert page.detail.tabs.isVisible()


def test_edit_profile_is_saved(qtbot, page: MembersPage, sqlite_region4: Store) -> None:  # noqa: ANN001
    changes: list[str] = []
    page.ctx.events.data_changed.connect(changes.append)
    form = page.detail.profile.form
    # Moore has schools: its counts are theirs, changed on the Schools tab.
    for name in ("students", "nslp_eligible"):
        assert not form.inputs[name].isEnabled()
        assert "Schools tab" in form.inputs[name].toolTip()
    before = moore(sqlite_region4)
    rural = form.inputs["rural"]
    assert isinstance(rural, QComboBox)
    rural.setCurrentIndex(rural.findText("Rural"))
    qtbot.mouseClick(page.detail.profile.save_button, Qt.MouseButton.LeftButton)
    row = moore(sqlite_region4)
    assert (row.students, row.nslp_eligible, row.rural) == (before.students,
                                                             before.nslp_eligible, True)
    assert "Saved" in page.detail.profile.message.text()
    assert changes == ["members"]


def test_bad_cep_percent_shows_error_by_field_and_saves_nothing(
        qtbot, page: MembersPage, sqlite_region4: Store) -> None:  # noqa: ANN001
    before = moore(sqlite_region4)
    form = page.detail.profile.form
    set_text(qtbot, form.inputs["cep_isp"], "150")
    assert not page.detail.save_profile()
    assert form.error_text("cep_isp")
    assert form.errors["cep_isp"].isVisible()
    assert form.error_text("ben") == ""
    assert "Not saved" in page.detail.profile.message.text()
    assert moore(sqlite_region4) == before
    set_text(qtbot, form.inputs["cep_isp"], "lots")
    assert not page.detail.save_profile()
    assert form.error_text("cep_isp")


def test_add_school_and_contact(page: MembersPage, sqlite_region4: Store) -> None:
    tab = page.detail.schools
    dialog = tab.open_dialog(None)
    dialog.form.set_values({"code": "630999", "name": "Sandhills Élan <Academy>",
                            "students": "450", "nslp_eligible": "900"})
    assert not dialog.try_save()
    assert "more than the 450 enrolled" in dialog.form.error_text("nslp_eligible")
    dialog.form.set_values({"code": "630999", "name": "Sandhills Élan <Academy>",
                            "students": "450", "nslp_eligible": "200", "rural": True})
    assert dialog.try_save()
    with sqlite_region4.session() as session:
        school = next(s for s in list_schools(session, "630") if s.code == "630999")
    assert (school.name, school.students, school.rural) == ("Sandhills Élan <Academy>", 450,
                                                            True)
    assert "630999" in [r.code for r in tab.table.model.rows()]
    assert page.detail.tabs.tabText(1) == f"Schools ({len(tab.table.model.rows())})"

    contacts = page.detail.contacts
    dialog = contacts.open_dialog(None)
    dialog.form.set_values({"name": "Monica Jenkins", "title": "Superintendent",
                            "role": "authorised official", "email": "not-an-address"})
    assert not dialog.try_save()
    assert "not an e-mail address" in dialog.form.error_text("email")
    dialog.form.set_values({"email": "mjenkins@ncmcs.org"})
    assert dialog.try_save()
    with sqlite_region4.session() as session:
        names = [(c.name, c.role) for c in list_contacts(session, "630")]
    assert ("Monica Jenkins", "authorised official") in names


def test_letter_shows_missing_elements_then_complete(page: MembersPage) -> None:
    tab = page.detail.letters
    assert "No letter of agency on file" in tab.summary.text()
    dialog = tab.open_dialog(None)
    assert dialog.form.values()["member_name"] == "Moore County Schools"
    dialog.form.set_values({"first_funding_year": "2026", "last_funding_year": "2027",
                            "official_name": "Monica Jenkins"})
    assert dialog.try_save()
    status = tab.table.proxy.index(0, 3).data()
    assert "Missing 3 of 5" in status and "lead" in status and "services" in status
    assert "incomplete" in tab.summary.text()
    assert "type of services covered" in tab.summary.text()

    tab.table.view.selectRow(0)
    dialog = tab.open_dialog(tab.selected_row())
    dialog.form.set_values({"lead_name": "Sandhills Regional Technology Consortium",
                            "official_title": "Superintendent", "signed_on": "2025-10-14",
                            "services": "All E-rate eligible services"})
    assert dialog.try_save()
    assert tab.table.proxy.index(0, 3).data().startswith("✔ Complete")
    assert "FY2026 (in focus) is covered by a complete letter" in tab.summary.text()
    assert tab.table.proxy.index(0, 0).data() == "FY2026–FY2027"


def test_letter_with_bad_years_keeps_dialog_open(page: MembersPage) -> None:
    dialog = page.detail.letters.open_dialog(None)
    dialog.form.set_values({"first_funding_year": "2028", "last_funding_year": "2026",
                            "signed_on": "next tuesday"})
    assert not dialog.try_save()
    assert "before the first funding year" in dialog.form.error_text("last_funding_year")
    assert "not a date" in dialog.form.error_text("signed_on")
    assert dialog.isVisible()
    assert page.detail.letters.table.model.rows() == []


def test_print_confirmation_sheet(qtbot, page: MembersPage, tmp_path: Path) -> None:  # noqa: ANN001
    printer = page.detail.printer
    printer.ask_to_open = False
    target = tmp_path / "moore.pdf"
    with qtbot.waitSignal(printer.printed, timeout=20000):
        printer.print_to("630", 2026, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert printer.last_path == target


def test_filter_then_select_clears_filter(qtbot, page: MembersPage) -> None:  # noqa: ANN001
    qtbot.keyClicks(page.table.filter_edit, "harnett county")
    assert page.table.proxy.rowCount() == 1
    assert page.select_member("630")
    assert page.detail.member is not None and page.detail.member.code == "630"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Down])
def test_filter_to_one_row_then_enter_or_down_selects_it(qtbot, page: MembersPage,  # noqa: ANN001
                                                         key: Qt.Key) -> None:
    """Issue #12 item 6: typing a name and pressing Enter or Down must pick the member."""
    page.focus_filter()
    qtbot.keyClicks(page.table.filter_edit, "harnett county")
    assert page.table.proxy.rowCount() == 1
    qtbot.keyClick(page.table.filter_edit, key)
    assert page.detail.member is not None and "Harnett" in page.detail.member.name
    assert page.table.view.hasFocus()
    assert [i.row() for i in page.table.view.selectionModel().selectedRows()] == [0]


def test_confirm_figures_for_the_funding_year(qtbot, page: MembersPage,  # noqa: ANN001
                                              sqlite_region4: Store, tmp_path: Path) -> None:
    from app.services.erate import discount_for_member

    page.detail.tabs.setCurrentIndex(1)
    tab = page.detail.schools
    year = tab.focus_year
    assert tab.confirm_button.text() == f"&Confirm figures for FY{year}…"
    assert tab.confirm_button.isEnabled()
    assert f"FY{year}: 23 of 23 school(s) not confirmed" in tab.summary.text()
    assert tab.table.model.rows()[0].figures_text(short=True) == "DPI ref."
    page.window().resize(1280, 800)
    page.window().grab().save(str(tmp_path / "member_schools.png"))
    dialog = tab.open_confirm()
    dialog.table.item(0, 3).setText("lots")  # a bad count: nothing is confirmed
    dialog.by_edit.setText("Dr. R. Official")
    dialog.accept()
    assert dialog.outcome is None and "Nothing was confirmed" in dialog.error_label.text()
    first = dialog.schools[0]
    dialog.table.item(0, 3).setText("12")
    dialog.table.item(0, 5).setCheckState(Qt.CheckState.Checked)
    dialog.resize(1000, 560)
    dialog.grab().save(str(tmp_path / "confirm_dialog.png"))
    dialog.accept()
    assert dialog.outcome is not None and dialog.outcome.unconfirmed == ()
    with sqlite_region4.session() as session:
        school = next(s for s in list_schools(session, "630") if s.code == first.code)
        view = discount_for_member(session, "630", year)
    assert (school.nslp_eligible, school.rural) == (12, True)
    assert school.figures_text(year) == f"Confirmed FY{year} (Dr. R. Official)"
    assert view.figures_confirmed
    assert f"FY{year}: the member confirmed the figures of all 23" in tab.summary.text()
    page.window().grab().save(str(tmp_path / "member_schools_confirmed.png"))
