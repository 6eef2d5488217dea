"""A read-only data folder or a full disk is one line, at the CLI and at GUI start-up — not
a traceback or a crash report. (Tests run as root, where chmod 555 does not stop writes: the
OSError / SQLite errors are raised by monkeypatching the point where the store opens.)"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.errors import disk_problem
from app.launcher import main

ERRORS = {
    "read-only": OSError(errno.EROFS, "Read-only file system", "/media/usb/consortium"),
    "no permission": PermissionError(errno.EACCES, "Permission denied", "/srv/shared/data"),
    "full": OSError(errno.ENOSPC, "No space left on device", "/home/ann/data/x.zip"),
    "sqlite read-only": OperationalError("INSERT …", {}, sqlite3.OperationalError(
        "attempt to write a readonly database")),
    "sqlite full": OperationalError("COMMIT", {}, sqlite3.OperationalError(
        "database or disk is full")),
    "sqlite wal": OperationalError("BEGIN", {}, sqlite3.OperationalError("disk I/O error")),
}


@pytest.mark.parametrize("name", ERRORS)
def test_one_line_for_each_disk_failure(name: str, tmp_path: Path) -> None:
    line = disk_problem(ERRORS[name], tmp_path)
    assert line is not None and "\n" not in line and len(line) < 300
    error = ERRORS[name]
    path = error.filename if isinstance(error, OSError) else tmp_path / "consortium.sqlite3"
    assert str(path) in line
    assert "--data-dir" in line  # what to do
    assert ("full" in line) == ("full" in name or "wal" in name)


def test_bugs_are_not_disk_problems(tmp_path: Path) -> None:
    assert disk_problem(ZeroDivisionError(), tmp_path) is None
    assert disk_problem(OSError(errno.ENOENT, "No such file", "x"), tmp_path) is None
    assert disk_problem(OperationalError("SELECT", {}, sqlite3.OperationalError(
        "no such table: members")), tmp_path) is None


@pytest.mark.parametrize("name", ["read-only", "no permission", "sqlite full", "sqlite wal"])
def test_cli_says_one_line_and_writes_no_crash_log(name: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(*_args: object) -> None:
        raise ERRORS[name]

    monkeypatch.setattr("app.cli.context.open_store", refuse)
    code = main(["--data-dir", str(tmp_path / "data"), "info"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert not (tmp_path / "data" / "logs").exists()
