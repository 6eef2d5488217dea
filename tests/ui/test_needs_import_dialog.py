"""Importing a needs spreadsheet from the Needs page: preview in the background, then Apply."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from app.models.db import Store
from app.services.needs import list_needs
from app.ui.dialogs.needs_import import FOLDER_KEY, NeedsImportDialog, write_template
from app.ui.tasks import TaskRunner

HEADER = ["member", "item", "description", "quantity", "unit", "unit_price"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@pytest.fixture
def dialog_for(qtbot, sqlite_region4: Store, make_context):  # noqa: ANN001, ANN201
    ctx = make_context(sqlite_region4)

    def make(path: Path, wait: bool = True) -> NeedsImportDialog:
        dialog = NeedsImportDialog(ctx, TaskRunner(), path)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.start()
        if wait:
            qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
        return dialog

    return make


def test_bad_row_named_in_preview_then_skipped(qtbot, tmp_path: Path, dialog_for,  # noqa: ANN001
                                               sqlite_region4: Store) -> None:
    path = write_csv(tmp_path / "moore.csv", [
        ["630", "CB-STU-116", "", "120", "", ""],
        ["630", "", "Charging cart", "many", "each", "1899.99"],
        ["630", "LT-STF-14", "", "8", "", ""]])
    dialog = dialog_for(path)
    assert dialog.counts["added"].text() == "2"
    assert dialog.counts["bad"].text() == "1"
    model = dialog.errors.model
    assert [(e.row, e.field) for e in model.rows()] == [(3, "quantity")]
    assert model.index(0, 0).data() == "3"
    assert "not a number" in model.index(0, 3).data()
    assert not dialog.apply_button.isEnabled()  # all or nothing until the user skips
    with sqlite_region4.session() as session:
        assert list_needs(session, member_code="630") == []
    dialog.skip_bad.setChecked(True)
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.applied is not None, timeout=10000)
    with sqlite_region4.session() as session:
        assert sorted(r.item_code for r in list_needs(session, member_code="630")) == [
            "CB-STU-116", "LT-STF-14"]


def test_unreadable_file_is_explained(tmp_path: Path, dialog_for, qtbot) -> None:  # noqa: ANN001
    path = tmp_path / "odd.csv"
    path.write_text("colour,size\nred,3\n", encoding="utf-8")
    dialog = dialog_for(path, wait=False)
    qtbot.waitUntil(lambda: dialog.counts["added"].text() == "–", timeout=10000)
    assert "unknown column 'colour'" in dialog.note.text()
    assert not dialog.apply_button.isEnabled()


def test_template_remembers_folder(qtbot, tmp_path: Path, monkeypatch,  # noqa: ANN001
                                   sqlite_region4: Store, make_context) -> None:
    ctx = make_context(sqlite_region4)
    target = tmp_path / "out" / "moore.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    shown: list[str] = []
    monkeypatch.setattr("app.ui.dialogs.needs_import.QMessageBox.information",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    runner = TaskRunner()
    parent = QWidget()
    qtbot.addWidget(parent)
    write_template(parent, ctx, runner, "630")
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert target.exists() and str(target) in shown[0]
    assert ctx.settings.value(FOLDER_KEY) == str(target.parent)


def test_a_file_imported_before_needs_a_confirmation(qtbot, tmp_path: Path,  # noqa: ANN001
                                                     dialog_for, monkeypatch,  # noqa: ANN001
                                                     sqlite_region4: Store) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.services.tabular_needs import import_needs

    path = write_csv(tmp_path / "moore.csv", [["630", "CB-STU-116", "", "120", "", ""],
                                              ["630", "LT-STF-14", "", "8", "", ""]])
    with sqlite_region4.transaction() as session:
        import_needs(session, path)
    dialog = dialog_for(path)
    assert "already imported on" in dialog.note.text()
    assert "2 line(s) without an id a second time" in dialog.note.text()
    dialog.resize(900, 560)
    dialog.grab().save(str(tmp_path / "reimport.png"))
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # noqa: ANN202
        def question(_parent, _title, text, *_args):  # noqa: ANN001, ANN202
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert asked and "Import it again?" in asked[0] and dialog.applied is None
    with sqlite_region4.session() as session:
        assert len(list_needs(session, member_code="630")) == 2
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.applied is not None, timeout=10000)
    with sqlite_region4.session() as session:
        assert len(list_needs(session, member_code="630")) == 4
