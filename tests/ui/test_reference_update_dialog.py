"""The reference-data update on the Settings page: the state previews a newer schools file
(schools and members tabs), and Apply writes it; a region has no button."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.models import School
from app.models.db import Store
from app.ui.dialogs.reference_update import ReferenceUpdateDialog
from app.ui.main_window import MainWindow
from app.ui.pages.settings import SettingsPage

ROOT = Path(__file__).parents[2]


def newer_file(tmp_path: Path) -> Path:
    source = (ROOT / "resources/reference/nc_schools_2024.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    camden = next(i for i, line in enumerate(lines) if line.startswith("150,150304,"))
    cells = lines[camden].split(",")
    cells[5] = str(int(cells[5]) + 100)
    lines[camden] = ",".join(cells)
    lines.append("99Q,99Q000,Triangle New Charter,Wake,Y,300,30")
    path = tmp_path / "schools_2025.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_preview_then_apply(qtbot, sqlite_state: Store, make_context,  # noqa: ANN001
                            tmp_path: Path) -> None:
    dialog = ReferenceUpdateDialog(make_context(sqlite_state), newer_file(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "1 changed school, 1 new member, 1 changed member" in dialog.summary.text()
    assert dialog.tabs.tabText(0) == "Schools (1)" and dialog.tabs.tabText(1) == "Members (2)"
    assert dialog.apply_button.isEnabled()
    if shots := __import__("os").environ.get("SCREENSHOT_DIR"):
        dialog.tabs.setCurrentIndex(1)
        dialog.grab().save(str(Path(shots) / "reference_update.png"))
    with sqlite_state.session() as session:
        assert session.scalar(select(School.students).where(School.code == "150304")) == 436
    dialog.apply_button.click()
    assert dialog.applied is not None
    with sqlite_state.session() as session:
        assert session.scalar(select(School.students).where(School.code == "150304")) == 536
        assert session.scalar(select(School.name).where(School.code == "99Q000"))


def test_a_bad_file_is_refused_in_the_dialog(qtbot, sqlite_state: Store, make_context,  # noqa: ANN001
                                             tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("member_code,school_code,school_name,students\n150,150304,X,lots\n",
                   encoding="utf-8")
    dialog = ReferenceUpdateDialog(make_context(sqlite_state), bad)
    qtbot.addWidget(dialog)
    assert "refused" in dialog.summary.text() and "row 2" in dialog.summary.text()
    assert not dialog.apply_button.isEnabled()


def test_only_the_state_has_the_button(qtbot, sqlite_region4: Store, sqlite_state: Store,  # noqa: ANN001
                                       make_context) -> None:
    for store, visible in ((sqlite_state, True), (sqlite_region4, False)):
        window = MainWindow(make_context(store))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page_of(SettingsPage)
        assert isinstance(page, SettingsPage)
        page.ensure_fresh()
        assert page.reference_button.isVisible() is visible
