"""Bad input changes nothing, in a new data folder too (issue #21): a command that fails, or
only reads, creates no store; and a malformed discount matrix is bad input, not a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from app.paths import DB_FILENAME


def test_failed_init_in_a_new_folder_creates_nothing(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "r"
    code, _, err = run(capsys, folder, "init", "--role", "region", "--operator", "X")
    assert code == 2 and err.startswith("error: init: field 'region'")
    assert not folder.exists()


@pytest.mark.parametrize("command", [["info"], ["members", "list"], ["bundle", "log"],
                                     ["conflicts", "list"]])
def test_reading_a_new_folder_creates_nothing(tmp_path: Path, command: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    new, empty = tmp_path / "new", tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("mine", encoding="utf-8")
    for folder in (new, empty):
        code, _, err = run(capsys, folder, *command)
        assert code in (0, 2), err
    assert not new.exists()
    assert sorted(p.name for p in empty.iterdir()) == ["notes.txt"]


def test_init_keeps_its_store_and_a_later_failure_keeps_it_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "r"
    assert run(capsys, folder, "init", "--role", "region", "--region", "3",
               "--operator", "X")[0] == 0
    code, _, err = run(capsys, folder, "members", "show", "NOPE")
    assert code == 2 and err.startswith("error:")
    assert (folder / DB_FILENAME).is_file() and (folder / "keys").is_dir()
    assert run(capsys, folder, "info")[0] == 0


def test_malformed_discount_matrix_is_one_error_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "state"
    assert run(capsys, folder, "init", "--role", "state", "--operator", "S")[0] == 0
    for matrix in ("[1,2]", "[[1,2]]", '{"a": 1}', "[]", '[{"min_pct": "x"}]', "not json"):
        code, out, err = run(capsys, folder, "fy", "set", "2026", "discount_matrix", matrix)
        assert code == 2, (matrix, err)
        assert err.startswith("error: ") and "internal error" not in err, matrix
        assert len(err.splitlines()) == 1, (matrix, err)
