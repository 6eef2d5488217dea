"""Issue #11 hole 4 on the CLI: absurd numbers in `needs add` and in a `needs import`
spreadsheet are one clear line naming the row and field, exit 2 (never "internal error"),
and nothing is written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from app.launcher import main

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


def need_count(capsys: pytest.CaptureFixture[str], data: Path) -> int:
    code, out, _ = run(capsys, data, "needs", "list", "--json")
    assert code == 0
    return len(json.loads(out))


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
