"""Remove… on the member detail's schools, contacts and letters: asks, then tombstones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reference_samples import drop_reference_schools
from sqlalchemy import select

from app.models import Member, School
from app.models.db import Store
from app.services import reference_data
from app.services.letters import add_letter
from app.services.schools import add_contact, add_school
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage

SHOTS_ENV = "MEMBER_SHOTS_DIR"  # set it to keep the rendered PNG somewhere to look at


@pytest.fixture
def page(qtbot, sqlite_region4: Store, make_context) -> MembersPage:  # noqa: ANN001
    with sqlite_region4.transaction() as session:
        drop_reference_schools(session, "630")
        for code, name in (("630N04", "Aberdeen Elementary"), ("630N12", "Pinehurst Elem.")):
            add_school(session, "630", {"code": code, "name": name, "students": "500",
                                        "nslp_eligible": "150"})
        add_contact(session, "630", {"name": "Monica Jenkins", "title": "Superintendent"})
        add_letter(session, "630", {"first_funding_year": "2026", "last_funding_year": "2027",
                                    "official_name": "Monica Jenkins"})
    window = MainWindow(make_context(sqlite_region4))
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    window.show_page(1)
    members = window.current_page()
    assert isinstance(members, MembersPage)
    assert members.select_member("630")
    return members


def school_deleted(store: Store, code: str) -> bool:
    with store.session() as session:
        return bool(session.scalar(select(School.deleted).where(School.code == code)))


def row_of(tab, code: str) -> int:  # noqa: ANN001
    return next(r for r in range(tab.table.proxy.rowCount())
                if tab.table.proxy.index(r, 0).data() == code)


def test_remove_school_asks_then_removes(qtbot, page: MembersPage, sqlite_region4: Store,  # noqa: ANN001
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tab = page.detail.schools
    page.detail.tabs.setCurrentWidget(tab)
    assert not tab.remove_button.isEnabled()  # nothing selected yet
    tab.table.view.selectRow(row_of(tab, "630N04"))
    assert tab.remove_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(tab, "confirm_remove", lambda text: asked.append(text) or False)
    tab.remove_button.click()
    assert asked == ["Remove school 630N04 Aberdeen Elementary? It is kept in the history "
                     "and the removal is sent to the state in your next bundle."]
    assert not school_deleted(sqlite_region4, "630N04")
    assert len(tab.table.model.rows()) == 2

    changes: list[str] = []
    page.ctx.events.data_changed.connect(changes.append)
    monkeypatch.setattr(tab, "confirm_remove", lambda _text: True)
    tab.remove_button.click()
    assert changes == ["members"]
    assert school_deleted(sqlite_region4, "630N04")
    assert [r.code for r in tab.table.model.rows()] == ["630N12"]
    assert page.detail.tabs.tabText(1) == "Schools (1)"
    assert not tab.remove_button.isEnabled()  # the selection went with the row


def test_remove_contact_and_only_letter(page: MembersPage,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    contacts, letters = page.detail.contacts, page.detail.letters
    contacts.table.view.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(contacts, "confirm_remove", lambda text: asked.append(text) or True)
    assert contacts.remove_selected()
    assert asked[0].startswith("Remove contact Monica Jenkins (Superintendent)?")
    assert contacts.table.model.rows() == []

    letters.table.view.selectRow(0)
    monkeypatch.setattr(letters, "confirm_remove", lambda text: asked.append(text) or True)
    assert letters.remove_selected()
    assert asked[1].startswith("Remove the letter of agency for FY2026–FY2027, signed by "
                               "Monica Jenkins?")
    assert "No other letter on file covers FY2026" in asked[1]
    assert letters.table.model.rows() == []
    assert "No letter of agency on file" in letters.summary.text()


def test_other_regions_member_cannot_be_removed_from(page: MembersPage,
                                                     sqlite_region4: Store) -> None:
    with sqlite_region4.transaction() as session:  # Wake and a school of it, as a bundle
        reference_data.load_members(session, 3)       # from the state could bring them
        wake = session.scalar(select(Member).where(Member.code == "920"))
        session.add(School(member=wake, owner=wake.owner, code="920N04", name="Apex Elem."))
    page.ctx.notify("members")
    assert page.select_member("920")
    tab = page.detail.schools
    tab.table.view.selectRow(0)
    assert tab.selected_row() is not None and not tab.remove_button.isEnabled()
    assert "belongs to Region 3" in tab.remove_button.toolTip()
    assert not tab.remove_selected()
    assert not school_deleted(sqlite_region4, "920N04")


def test_render_member_detail_with_remove_buttons(qtbot, page: MembersPage,  # noqa: ANN001
                                                  tmp_path: Path) -> None:
    out = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index, name in ((1, "schools"), (2, "contacts"), (3, "letters")):
        page.detail.tabs.setCurrentIndex(index)
        tab = page.detail.tabs.currentWidget()
        tab.table.view.selectRow(0)
        qtbot.wait(20)
        button = tab.remove_button
        assert button.isVisible() and button.isEnabled()
        # Not squeezed: the whole label fits.
        assert button.width() >= button.fontMetrics().horizontalAdvance(
            button.text().replace("&", ""))
        path = out / f"member_detail_remove_{name}.png"
        assert page.window().grab().save(str(path))
        written.append(path)
    assert all(p.stat().st_size > 0 for p in written)
