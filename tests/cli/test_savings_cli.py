"""`consortium savings` as the state coordinator types it: the text table with its statewide
line, JSON, the workbook (opened with openpyxl), the one-page board PDF, and what is refused
(exit 2, no file written)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from cli_run import run
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli.context import open_store
from app.services.allocation import list_allocations


@pytest.fixture
def allocated(state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Decimal:
    """The scenario allocated; returns the allocated lines' savings."""
    store = open_store(state)
    awarded_scenario(store, tmp_path)
    store.dispose()
    assert run(capsys, state, "allocate", "run", REF)[0] == 0
    store = open_store(state)
    with store.session() as session:
        saved = sum((a.savings for a in list_allocations(session, REF)), Decimal(0))
    store.dispose()
    return saved


def test_text_json_workbook_and_board_pdf(state: Path, allocated: Decimal, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, state, "savings")
    assert code == 0, err
    assert out.splitlines()[0].split()[:2] == ["region", "name"]
    assert ("Statewide (all awarded procurements): 5 line(s) of 2 member(s)" in out
            and f"${allocated:,.2f} saved" in out)
    assert "3 separate procurement(s) replaced (4 member-lot procurements less the " \
           "consortium's 1)" in out
    code, out, _ = run(capsys, state, "savings", "--by", "member", "--procurement", REF)
    assert code == 0 and "010" in out and "01B" in out
    code, out, _ = run(capsys, state, "savings", "--by", "lot", "--json", "--year", "2026")
    data = json.loads(out)
    assert Decimal(data["statewide"]["savings"]) == allocated
    assert {r["key"] for r in data["by_lot"]} == {f"{REF} lot 1", f"{REF} lot 2"}
    assert "by_region" not in data

    book, pdf = tmp_path / "savings.xlsx", tmp_path / "board.pdf"
    code, out, err = run(capsys, state, "savings", "--out", str(book), "--pdf", str(pdf))
    assert code == 0, err
    assert f"wrote {book} (workbook)" in out and f"wrote {pdf} (board summary)" in out
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Statewide", "Regions", "Members", "Lots"]
    facts = {r[0].value: r[1] for r in workbook["Statewide"].iter_rows(min_row=2)}
    assert Decimal(str(facts["Savings"].value)) == allocated
    assert "$" in facts["Savings"].number_format
    members = workbook["Members"]
    headers = [c.value for c in members[1]]
    column = headers.index("Savings")
    assert sum(Decimal(str(r[column].value)) for r in members.iter_rows(min_row=2)) \
        == allocated
    assert len(PdfReader(io.BytesIO(pdf.read_bytes())).pages) == 1


def test_refused_with_exit_2(state: Path, allocated: Decimal, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, state, "savings", "--year", "2031")
    assert code == 2 and "Nothing allocated in FY2031" in err
    code, _out, err = run(capsys, state, "savings", "--procurement", "P1999-001")
    assert code == 2 and "P1999-001" in err
    code, _out, err = run(capsys, state, "savings", "--out", str(tmp_path / "s.csv"))
    assert code == 2 and ".xlsx" in err and not (tmp_path / "s.csv").exists()
    code, _out, err = run(capsys, state, "savings", "--pdf", str(tmp_path / "b.txt"))
    assert code == 2 and "*.pdf" in err
