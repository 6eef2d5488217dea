"""User errors become a warning; bugs are logged to crash.log and reported with its path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.errors import UserError
from app.ui import crash


def _raise(error: BaseException):  # noqa: ANN202
    try:
        raise error
    except BaseException:  # noqa: BLE001 - the test builds an exc_info triple
        return sys.exc_info()


def test_user_error_is_a_warning(qtbot, tmp_path: Path,  # noqa: ANN001
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(crash, "show_user_error", lambda e, parent=None: shown.append(str(e)))
    monkeypatch.setattr(crash, "show_crash", lambda *a: pytest.fail("not a bug"))
    crash.make_excepthook(tmp_path)(*_raise(UserError("Row 3: quantity is required")))
    assert shown == ["Row 3: quantity is required"]
    assert not (tmp_path / "logs").exists()


def test_bug_is_logged_and_reported(qtbot, tmp_path: Path,  # noqa: ANN001
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[Path | None] = []
    monkeypatch.setattr(crash, "show_crash", lambda path, value, parent=None:
                        reported.append(path))
    monkeypatch.setattr(sys, "__excepthook__", lambda *a: None)
    crash.make_excepthook(tmp_path)(*_raise(ZeroDivisionError("division by zero")))
    log = tmp_path / "logs" / "crash.log"
    assert reported == [log]
    text = log.read_text(encoding="utf-8")
    assert "ZeroDivisionError: division by zero" in text and "Traceback" in text
