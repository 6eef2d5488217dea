"""The grid's Confirm asks for a missing funding source and shows duplicate items before it
confirms (issue #12 item 5); Enter takes the suggestions, and one Ctrl+Z undoes it all."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui_samples import add_sample_data

from app.models.db import Store
from app.services.needs import create_need, list_needs
from app.ui.dialogs.confirm_checks import ConfirmChecksDialog
from app.ui.pages.needs import NeedsPage

Key = Qt.Key


def _page(qtbot, store: Store, make_context) -> NeedsPage:  # noqa: ANN001
    add_sample_data(store)
    page = NeedsPage(make_context(store))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page


def _lines(store: Store, code: str):  # noqa: ANN202
    with store.session() as session:
        return list_needs(session, member_code=code)


def _answer_dialog(qtbot, seen: list, key: Qt.Key) -> None:  # noqa: ANN001
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConfirmChecksDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog)
        dialog.grab().save(f"/tmp/meet-confirm-dialog-{len(seen)}.png")
        qtbot.keyClick(dialog, key)
    QTimer.singleShot(0, answer)


def test_missing_source_is_asked_with_a_suggestion(qtbot, region3_store: Store,  # noqa: ANN001
                                                   make_context) -> None:
    with region3_store.transaction() as session:
        create_need(session, {"member": "910", "item": "AP-WIFI6-IN", "quantity": "20"})
    page = _page(qtbot, region3_store, make_context)
    entry = page.entry
    entry.select_member("910")
    entry.view.setCurrentIndex(entry.model.index(0, 0))
    seen: list[ConfirmChecksDialog] = []
    _answer_dialog(qtbot, seen, Key.Key_Return)
    entry.confirm_action.trigger()
    assert len(seen) == 1 and len(seen[0].review.missing) == 1
    [line] = _lines(region3_store, "910")
    assert line.status == "confirmed" and line.funding_sources == ("erate",)  # C2 item
    entry.actions_.stack.undo()  # one step: the status and the filled-in source
    [line] = _lines(region3_store, "910")
    assert line.status == "draft" and line.funding_sources == ()


def test_duplicate_item_is_shown_and_cancel_confirms_nothing(  # noqa: ANN001
        qtbot, region3_store: Store, make_context) -> None:
    with region3_store.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "30",
                              "funding_sources": "local"})
    page = _page(qtbot, region3_store, make_context)
    entry = page.entry
    entry.select_member("920")
    entry.view.selectAll()
    seen: list[ConfirmChecksDialog] = []
    _answer_dialog(qtbot, seen, Key.Key_Escape)
    entry.confirm_action.trigger()
    assert [d.label for d in seen[0].review.duplicates] == ["CB-STU-116"]
    assert {line.status for line in _lines(region3_store, "920")} == {"draft"}
    assert "Nothing confirmed" in entry.message_label.text()
