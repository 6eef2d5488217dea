"""`consortium bids open` and `consortium bids tabulate` as a purchasing officer types them:
sealed before the opening (exit 2), the opening once, the tabulation as text, JSON, XLSX
and PDF."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from bid_samples import REF, add_scenario, make_procurement
from cli_run import run
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli.context import open_store


def test_sealed_then_opened_then_tabulated(state: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(state)
    add_scenario(store, tmp_path / "iran.csv", open_them=False)
    store.dispose()
    code, out, err = run(capsys, state, "bids", "tabulate", REF)
    assert code == 2 and "sealed until the opening" in err and "$" not in out + err
    code, out, err = run(capsys, state, "bids", "open", REF, "--by", "Pat Buyer",
                         "--witness", "Sam Witness", "--witness", "Lee Witness",
                         "--notes", "read aloud")
    assert code == 0, err
    assert "witnesses: Sam Witness, Lee Witness" in out and "4 bids were received" in out
    assert "Room 101, State Office" in out
    code, _out, err = run(capsys, state, "bids", "open", REF, "--by", "Pat Buyer")
    assert code == 2 and "cannot be undone" in err
    code, out, _ = run(capsys, state, "bids", "tabulate", REF)
    assert code == 0 and "590.00*" in out and "95.00*" in out
    assert "Late Comer LLC (version 1, late.xlsx): received late, not opened" in out
    assert "Petro Example Corporation: NOT responsive" in out
    code, out, _ = run(capsys, state, "bids", "tabulate", REF, "--json")
    data = json.loads(out)
    assert data["opening"]["witnesses"] == ["Sam Witness", "Lee Witness"]
    assert data["lots"][0]["lines"][0]["lowest_responsive_unit_price"] == "590.00"

    book_path = tmp_path / "tab.xlsx"
    assert run(capsys, state, "bids", "tabulate", REF, "--out", str(book_path))[0] == 0
    book = load_workbook(book_path)
    assert book.sheetnames == ["Lot 1", "Lot 2", "Responsiveness", "Bids"]
    sheet = book["Lot 1"]
    lowest = [c for row in sheet.iter_rows() for c in row
              if c.fill.fgColor.rgb in ("00C6EFCE", "FFC6EFCE")]
    assert {c.value for c in lowest} >= {590.0, 95.0}
    assert any("Late Comer LLC" in str(c.value) for c in book["Bids"]["A"])

    pdf_path = tmp_path / "tab.pdf"
    assert run(capsys, state, "bids", "tabulate", REF, "--out", str(pdf_path))[0] == 0
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        pdf_path.read_bytes())).pages)
    assert "received late, not" in text and "Sam Witness, Lee Witness" in text
    assert "$59,990.00" in text and "a3f1c2a3f1c2" in text


def test_bad_input_exit_2(state: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(state)
    make_procurement(store, due=date(2099, 1, 5))
    store.dispose()
    code, _out, err = run(capsys, state, "bids", "open", REF, "--by", "Pat Buyer")
    assert code == 2 and "cannot be opened before" in err
    code, _out, err = run(capsys, state, "bids", "open", "P-NOPE", "--by", "Pat Buyer")
    assert code == 2 and "No procurement 'P-NOPE'" in err
    code, _out, err = run(capsys, state, "bids", "tabulate", REF, "--out",
                          str(tmp_path / "tab.docx"))
    assert code == 2 and ".xlsx or .pdf" in err
