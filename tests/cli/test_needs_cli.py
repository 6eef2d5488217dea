"""`consortium needs template|import|export` and `consortium members import`, as typed."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app.launcher import main


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    assert run(capsys, folder, "init", "--role", "region", "--region", "3",
               "--operator", "A. Coordinator")[0] == 0
    return folder


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def need_count(capsys: pytest.CaptureFixture[str], data: Path) -> int:
    code, out, _ = run(capsys, data, "needs", "list", "--json")
    assert code == 0
    return len(json.loads(out))


def test_template_import_export_round_trip(data: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "wake.xlsx"
    code, out, _ = run(capsys, data, "needs", "template", str(template), "--member", "920")
    assert code == 0 and str(template) in out
    book = openpyxl.load_workbook(template)
    sheet = book["Needs"]
    sheet["B2"], sheet["D2"] = "CB-STU-116", "1,200"
    sheet["C3"], sheet["D3"], sheet["E3"], sheet["F3"] = "Charging cart", 4, "each", 1899.99
    book.save(template)

    code, out, _ = run(capsys, data, "needs", "import", str(template), "--dry-run")
    assert code == 0 and "2 would be added" in out and need_count(capsys, data) == 0
    code, out, _ = run(capsys, data, "needs", "import", str(template))
    assert code == 0 and "2 added, 0 updated, 0 unchanged" in out
    assert need_count(capsys, data) == 2

    export = tmp_path / "export.csv"
    code, out, _ = run(capsys, data, "needs", "export", str(export), "--region", "3")
    assert code == 0 and "2 need lines written" in out
    code, out, _ = run(capsys, data, "needs", "import", str(export), "--json")
    report = json.loads(out)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 2)

    with export.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("notes")] = "deliver to central office"
    write_csv(export, rows)
    code, out, _ = run(capsys, data, "needs", "import", str(export))
    assert code == 0 and "0 added, 1 updated, 1 unchanged" in out
    assert need_count(capsys, data) == 2


def test_bad_row_exits_2_and_names_it(data: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "n.csv",
                     [["Member", " QTY ", "Unit Price", "description", "unit"],
                      ["920", "3", "10", "Cable", "each"],
                      ["920", "abc", "10", "Hotspot", "each"]])
    code, out, err = run(capsys, data, "needs", "import", str(path))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "nothing imported" in err
    assert "row 3" in err and "field 'quantity'" in err and "'abc' is not a number" in err
    assert need_count(capsys, data) == 0

    code, out, err = run(capsys, data, "needs", "import", str(path), "--skip-bad")
    assert code == 0 and "1 added" in out and "1 bad row skipped" in out
    assert "skipped: row 3" in err
    assert need_count(capsys, data) == 1


def test_file_errors(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "needs.txt"
    text.write_text("member\n", encoding="utf-8")
    code, _, err = run(capsys, data, "needs", "import", str(text))
    assert code == 2 and "needs.txt: cannot read '.txt' files" in err
    path = write_csv(tmp_path / "n.csv", [["member", "colour"], ["920", "red"]])
    code, _, err = run(capsys, data, "needs", "import", str(path))
    assert code == 2 and "unknown column 'colour'" in err
    code, _, err = run(capsys, data, "needs", "export", str(tmp_path / "e.pdf"))
    assert code == 2 and "cannot write '.pdf'" in err


def test_members_import(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "charters.csv",
                     [["code", "name", "county", "region", "students", "nslp_eligible"],
                      ["92K", "Sterling Montessori Academy", "Wake", "3", "850", "170"]])
    code, out, _ = run(capsys, data, "members", "import", str(path))
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, data, "members", "list", "--kind", "charter", "--json")
    [charter] = json.loads(out)
    assert (charter["code"], charter["students"], charter["nslp_eligible"]) == ("92K", 850, 170)
    write_csv(path, [["code", "students"], ["92K", "900"]])
    code, out, _ = run(capsys, data, "members", "import", str(path), "--json")
    assert json.loads(out)["updated"] == 1


def test_import_as_a_subprocess(data: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [["member", "qty", "description", "unit", "price"],
                                          ["920", "2", "Projector", "each", "700"]])
    result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "needs",
                             "import", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout


def test_catalog_find_matches_words_like_the_item_picker(data: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    code, out, _ = run(capsys, data, "catalog", "list", "--find", "75 panel", "--json")
    assert code == 0
    assert [r["code"] for r in json.loads(out)] == ["IFP-75"]
    code, out, _ = run(capsys, data, "catalog", "list", "--find", "interactive")
    assert code == 0 and "IFP-65" in out and "IFP-86" in out and "CB-STU-116" not in out
