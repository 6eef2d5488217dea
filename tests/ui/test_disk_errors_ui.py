"""A read-only or full data folder at GUI start-up (the store opening, the self-test) is one
line, not a crash report; the classification itself is tested in tests/cli/test_disk_errors.py."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

ERRORS = {
    "read-only": OSError(errno.EROFS, "Read-only file system", "/media/usb/consortium"),
    "full": OSError(errno.ENOSPC, "No space left on device", "/home/ann/data/x.zip"),
}


def test_gui_start_says_one_line(qtbot, tmp_path: Path,  # noqa: ANN001
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui import main as gui
    from app.ui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(gui, "show_crash", lambda *a: pytest.fail("not a bug"))

    def refuse(*_args: object) -> None:
        raise ERRORS["read-only"]

    monkeypatch.setattr("app.services.store.open_store", refuse)  # where the app opens it
    window = MainWindow(settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    app = QApplication.instance()
    exits: list[int] = []
    monkeypatch.setattr(app, "exit", exits.append)
    gui._open(app, window, tmp_path / "data", None, {})
    assert exits == [2]
    [text] = shown
    assert "\n" not in text and "/media/usb/consortium" in text and "read-only" in text
    assert not (tmp_path / "data" / "logs").exists()


def test_self_test_says_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from app.ui import main as gui

    def refuse(*_args: object) -> None:
        raise ERRORS["full"]

    monkeypatch.setattr("app.services.store.open_store", refuse)  # where the app opens it
    assert gui.self_test(tmp_path / "data", None) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert out.startswith("self-test FAILED: cannot write to /home/ann/data/x.zip: the disk "
                          "is full")


def test_a_full_disk_mid_session_is_a_warning_not_a_crash(qtbot, tmp_path: Path,  # noqa: ANN001
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import crash

    shown: list[str] = []
    monkeypatch.setattr(crash, "show_user_error", lambda e, parent=None: shown.append(str(e)))
    monkeypatch.setattr(crash, "show_crash", lambda *a: pytest.fail("not a bug"))
    error = ERRORS["full"]
    crash.make_excepthook(tmp_path)(type(error), error, None)
    assert len(shown) == 1 and shown[0].startswith("Cannot write to /home/ann/data/x.zip")
    assert not (tmp_path / "logs").exists()
