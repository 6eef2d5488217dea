"""`consortium needs template|import|export` and `consortium members import`, as typed."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from cli_run import run


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
                      ["92Z", "Sterling Montessori Academy", "Wake", "3", "850", "170"]])
    code, out, _ = run(capsys, data, "members", "import", str(path))
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, data, "members", "list", "--kind", "charter", "--json")
    [charter] = [m for m in json.loads(out) if m["code"] == "92Z"]  # a charter new this year
    assert (charter["students"], charter["nslp_eligible"]) == (850, 170)
    write_csv(path, [["code", "students"], ["92Z", "900"]])
    code, out, _ = run(capsys, data, "members", "import", str(path), "--json")
    assert json.loads(out)["updated"] == 1


def test_import_as_a_subprocess(data: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", [["member", "qty", "description", "unit", "price"],
                                          ["920", "2", "Projector", "each", "700"]])
    result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), "needs",
                             "import", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout


# --- absurd values (issue #11 hole 4): one clear line naming row and field, exit 2 (never
# "internal error"), nothing written ------------------------------------------------------

BAD_QUANTITIES = [
    ("1e20", "at most 10000000"),
    ("1e308", "at most 10000000"),
    ("1E+17", "at most 10000000"),
    ("9" * 40, "at most 10000000"),
    ("1." + "5" * 40, "more than 3 decimal places"),
    ("nan", "is not a number"),
    ("inf", "is not a number"),
    ("-Infinity", "is not a number"),
    ("-5", "greater than zero"),
    ("0", "greater than zero"),
]


def one_line_error(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2 and out == "", (code, out, err)
    assert err.startswith("error: ") and "internal error" not in err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize(("quantity", "words"), BAD_QUANTITIES)
def test_needs_add_refuses_absurd_quantity(data: Path, capsys: pytest.CaptureFixture[str],
                                          quantity: str, words: str) -> None:
    code, out, err = run(capsys, data, "needs", "add", "--member", "920", "--item",
                         "CB-STU-116", f"--quantity={quantity}")
    one_line_error(code, out, err, "field 'quantity'", words)
    assert need_count(capsys, data) == 0


@pytest.mark.parametrize(("field", "value", "words"), [
    ("unit_price", "1e308", "at most 1000000000"),
    ("unit_price", "-1000", "at least 0"),
    ("unit_price", "0.001", "more than 2 decimal places"),
    ("funding_year", "99999", "at most 2100"),
    ("funding_year", "1e308", "too large"),
    ("notes", "nul\x00byte", "control character (U+0000)"),
])
def test_needs_add_refuses_other_bad_values(data: Path, capsys: pytest.CaptureFixture[str],
                                           field: str, value: str, words: str) -> None:
    code, out, err = run(capsys, data, "needs", "add", "--member", "920", "--item",
                         "CB-STU-116", "--quantity", "5", "--set", f"{field}={value}")
    one_line_error(code, out, err, f"field '{field}'", words)
    assert need_count(capsys, data) == 0


@pytest.mark.parametrize(("quantity", "words"), BAD_QUANTITIES)
def test_needs_import_csv_refuses_absurd_quantity(data: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 quantity: str, words: str) -> None:
    path = tmp_path / "needs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["member", "item", "quantity"],
                                      ["920", "CB-STU-116", "3"],
                                      ["920", "CB-STU-116", quantity]])
    code, out, err = run(capsys, data, "needs", "import", str(path))
    one_line_error(code, out, err, "row 3", "field 'quantity'", words, "nothing imported")
    assert need_count(capsys, data) == 0


@pytest.mark.parametrize(("cell", "words"), [
    (1e308, "at most 10000000"),
    (1e20, "at most 10000000"),
    (1e40, "at most 10000000"),
    (-5, "greater than zero"),
    (0, "greater than zero"),
    (1.0001, "more than 3 decimal places"),
])
def test_needs_import_xlsx_refuses_absurd_number_cells(data: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       cell: float, words: str) -> None:
    path = tmp_path / "needs.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Needs"
    sheet.append(["member", "item", "quantity", "unit_price"])
    sheet.append(["920", "CB-STU-116", 2, 10])
    sheet.append(["920", "CB-STU-116", cell, 10])
    book.save(path)
    code, out, err = run(capsys, data, "needs", "import", str(path))
    one_line_error(code, out, err, "row 3", "field 'quantity'", words)
    assert need_count(capsys, data) == 0


def test_catalog_find_matches_words_like_the_item_picker(data: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    code, out, _ = run(capsys, data, "catalog", "list", "--find", "75 panel", "--json")
    assert code == 0
    assert [r["code"] for r in json.loads(out)] == ["IFP-75"]
    code, out, _ = run(capsys, data, "catalog", "list", "--find", "interactive")
    assert code == 0 and "IFP-65" in out and "IFP-86" in out and "CB-STU-116" not in out
