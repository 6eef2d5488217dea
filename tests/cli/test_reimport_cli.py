"""A needs file imported twice (after a crash, say) would double its lines without ids: the
second import is refused with what happened the first time, unless --again."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_run import run

HEADER = ["member", "item", "description", "quantity", "unit", "unit_price"]
ROWS = [["920", "CB-STU-116", "", "120", "", ""],
        ["920", "", "Charging cart", "4", "each", "1899.99"]]


def lines(capsys: pytest.CaptureFixture[str], data: Path) -> int:
    return len(json.loads(run(capsys, data, "needs", "list", "--json")[1]))


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    assert run(capsys, folder, "init", "--role", "region", "--region", "3",
               "--operator", "Ann")[0] == 0
    return folder


def test_a_second_import_of_the_same_file_needs_again(data: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "wake.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    assert run(capsys, data, "needs", "import", str(path))[0] == 0
    assert lines(capsys, data) == 2

    code, out, err = run(capsys, data, "needs", "import", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "already imported on" in err and "by Ann" in err and "2 line(s) added" in err
    assert "--again" in err and lines(capsys, data) == 2

    # A copy under another name is the same content.
    copy = tmp_path / "wake (1).csv"
    copy.write_bytes(path.read_bytes())
    code, out, _ = run(capsys, data, "needs", "import", str(copy), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 2 and "already imported" in report["already_imported"]
    code, out, _ = run(capsys, data, "needs", "import", str(copy), "--dry-run")
    assert "Warning: this file's content was already imported" in out

    code, out, _ = run(capsys, data, "needs", "import", str(copy), "--again")
    assert code == 0 and "2 added" in out and lines(capsys, data) == 4


def test_a_file_that_adds_nothing_new_imports_again_quietly(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An export carries ids: importing it twice updates or leaves lines, never doubles."""
    source = tmp_path / "wake.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    run(capsys, data, "needs", "import", str(source))
    export = tmp_path / "export.csv"
    assert run(capsys, data, "needs", "export", str(export))[0] == 0
    for _ in range(2):
        code, out, err = run(capsys, data, "needs", "import", str(export))
        assert code == 0 and "2 unchanged" in out and "Warning" not in out, err
    assert lines(capsys, data) == 2


def test_a_failed_import_is_not_remembered(data: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS, ["920", "", "Cart", "many", "each", "1"]])
    assert run(capsys, data, "needs", "import", str(path))[0] == 2  # all or nothing
    code, out, _ = run(capsys, data, "needs", "import", str(path), "--skip-bad")
    assert code == 0 and "2 added" in out
