"""The state moves a member to another region from the member's detail; a region cannot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.services.members import get_member
from app.ui.main_window import MainWindow
from app.ui.pages.members import MembersPage


@pytest.fixture
def state(tmp_path: Path) -> Iterator[Store]:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "Sam State")
    yield store
    store.dispose()


def members_page(qtbot, store: Store, make_context) -> MembersPage:  # noqa: ANN001
    window = MainWindow(make_context(store))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_page(1)
    page = window.current_page()
    assert isinstance(page, MembersPage)
    return page


def test_state_moves_a_member(qtbot, state: Store, make_context, monkeypatch,  # noqa: ANN001
                              tmp_path: Path) -> None:
    page = members_page(qtbot, state, make_context)
    assert page.select_member("630")  # Moore County Schools, Region 4
    detail = page.detail
    assert detail.move_button.isVisible()
    asked = []

    def choose(member, choices):  # noqa: ANN001, ANN202
        asked.append((member.code, [n for n, _name in choices]))
        return None

    monkeypatch.setattr(detail, "choose_region", choose)
    qtbot.mouseClick(detail.move_button, Qt.MouseButton.LeftButton)
    with state.session() as session:
        assert get_member(session, "630").region == 4  # cancelled: nothing changed
    monkeypatch.setattr(detail, "choose_region", lambda member, choices: 5)
    qtbot.mouseClick(detail.move_button, Qt.MouseButton.LeftButton)
    with state.session() as session:
        assert get_member(session, "630").region == 5
    assert asked == [("630", list(range(1, 9)))]
    assert "Region 5" in detail.facts_label.text()
    assert "Moved to Region 5" in detail.profile.message.text()
    qtbot.wait(50)
    shots = Path(os.environ.get("MEMBER_SHOTS_DIR") or tmp_path)
    assert page.window().grab().save(str(shots / "member_moved.png"))


def test_region_has_no_move_button(qtbot, sqlite_region4: Store, make_context) -> None:  # noqa
    page = members_page(qtbot, sqlite_region4, make_context)
    assert page.select_member("630")
    assert not page.detail.move_button.isVisible()
    assert page.detail.print_button.isVisible()
