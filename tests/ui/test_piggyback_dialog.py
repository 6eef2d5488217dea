"""The "Join a contract (piggyback)…" dialog: opened from the Award tab; members that take
part are not offered; a refused join shows every reason in the dialog and stores nothing; a
join is listed with its allocated lines; a join recorded by mistake is removed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from bid_samples import REF
from piggyback_samples import BOARD, JOINED, JOINER, NOTICE, joinable_scenario
from sqlalchemy import select

from app.models.allocation import PiggybackJoin
from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.ui.dialogs.piggyback_join import PiggybackJoinDialog
from app.ui.pages.bids_award import AwardPanel


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    joinable_scenario(store, tmp_path)
    yield store
    store.dispose()


def test_refuse_join_and_remove(qtbot, store: Store, make_context) -> None:  # noqa: ANN001
    dialog = PiggybackJoinDialog(make_context(store), REF)
    qtbot.addWidget(dialog)
    dialog.show()
    codes = [dialog.member.itemData(i) for i in range(dialog.member.count())]
    assert JOINER in codes and "010" not in codes and "01B" not in codes
    dialog.member.setCurrentIndex(codes.index(JOINER))
    dialog.set_dates(NOTICE, date(2026, 4, 5), JOINED)
    assert not dialog.record_join()
    assert "4 day(s) after the public notice of 2026-04-01" in dialog.error.text()
    with store.session() as session:
        assert session.scalars(select(PiggybackJoin)).all() == []
    dialog.set_dates(NOTICE, BOARD, JOINED)
    dialog.note_edit.setText("regular meeting, item 7")
    assert dialog.record_join(), dialog.error.text()
    assert dialog.error.text() == "" and dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())] == [
        JOINER, "Moore County Schools", "2026-04-01", "2026-04-14", "2026-04-15", "2",
        "regular meeting, item 7"]
    assert JOINER not in [dialog.member.itemData(i) for i in range(dialog.member.count())]
    qtbot.wait(50)
    dialog.grab().save("/tmp/piggyback-dialog.png")  # to look at
    dialog.table.selectRow(0)
    assert dialog.remove_selected()
    assert dialog.table.rowCount() == 0 and not dialog.remove_button.isEnabled()


def test_the_award_tab_opens_it(qtbot, store: Store, make_context,  # noqa: ANN001
                                monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(PiggybackJoinDialog, "exec", lambda self: opened.append(self.ref) or 0)
    panel = AwardPanel(make_context(store))
    qtbot.addWidget(panel)
    panel.set_procurement(REF)
    panel.join_button.click()
    assert opened == [REF]
    hint = panel.minimumSizeHint()
    assert hint.width() <= 760 and hint.height() <= 480, hint
