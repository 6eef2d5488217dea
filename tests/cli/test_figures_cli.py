"""Issue 13's "done when": `erate discount --member 630 --json` says which figures are
unconfirmed; after Moore confirms them (`schools confirm`, per school or by spreadsheet) it no
longer does, and the procurement checklist shows the difference."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from cli_run import run

from app.launcher import main


@pytest.fixture(scope="module")
def state_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("state") / "data"
    assert main(["--data-dir", str(folder), "init", "--role", "state",
                 "--operator", "S. Coordinator"]) == 0
    assert main(["--data-dir", str(folder), "demo"]) == 0
    return folder


@pytest.fixture
def data(state_demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(state_demo, copy)
    return copy


def _figures_check(capsys: pytest.CaptureFixture[str], data: Path, ref: str) -> dict:
    code, out, _ = run(capsys, data, "procurement", "show", ref, "--json")
    assert code == 0
    return next(c for c in json.loads(out)["checklist"] if c["code"] == "figures")


def test_moore_confirms_and_the_checklist_follows(capsys: pytest.CaptureFixture[str],
                                                  data: Path) -> None:
    code, out, err = run(capsys, data, "procurement", "create", "--title", "Moore", "--fy",
                         "2026", "--members", "630", "--json")
    assert code == 0, err
    ref = json.loads(out)["ref"]
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630", "--json")
    before = json.loads(out)
    assert before["figures_confirmed"] is False
    assert len(before["unconfirmed"]) == before["schools"] == 23  # Moore's real schools
    check = _figures_check(capsys, data, ref)
    assert not check["passed"] and "630 (23 of 23 schools)" in check["reason"]
    code, out, _ = run(capsys, data, "erate", "consortium", "--procurement", ref, "--json")
    consortium = json.loads(out)
    assert consortium["unconfirmed"] == [{"member": "630", "schools": 23, "of": 23}]
    assert consortium["figures_confirmed"] is False
    form471 = consortium["c1_groupings"][0]["applications"][0]
    assert form471["figures_confirmed"] is False and form471["unconfirmed"] == ["630"]
    code, out, _ = run(capsys, data, "erate", "consortium", "--procurement", ref)
    assert "Unconfirmed figures: 1 of 1 member(s)" in out
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630")
    assert "Unconfirmed for FY2026" in out

    first, second = before["unconfirmed"][:2]
    code, out, err = run(capsys, data, "schools", "confirm", "630", "--fy", "2026", "--by",
                         "R. Moore (CTO)", "--school", first, "nslp_eligible=100",
                         "rural=yes", "--school", second)
    assert code == 0, err
    assert "2 school(s) confirmed for FY2026; still unconfirmed" in out
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630", "--json")
    assert len(json.loads(out)["unconfirmed"]) == 21
    assert "630 (21 of 23 schools)" in _figures_check(capsys, data, ref)["reason"]

    code, out, err = run(capsys, data, "schools", "confirm", "630", "--fy", "2026",
                         "--by", "R. Moore (CTO)")
    assert code == 0, err
    assert "all its figures are confirmed" in out
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630", "--json")
    after = json.loads(out)
    assert after["figures_confirmed"] is True and after["unconfirmed"] == []
    check = _figures_check(capsys, data, ref)
    assert check["passed"] and check["reason"] == "all 1 member(s) confirmed"
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630")
    assert "Figures confirmed by the member for FY2026." in out
    code, out, _ = run(capsys, data, "erate", "consortium", "--procurement", ref, "--json")
    assert json.loads(out)["figures_confirmed"] is True
    assert json.loads(out)["c1_groupings"][0]["applications"][0]["figures_confirmed"]


def test_confirming_by_spreadsheet(capsys: pytest.CaptureFixture[str], data: Path,
                                   tmp_path: Path) -> None:
    code, out, _ = run(capsys, data, "members", "show", "630", "--json")
    schools = json.loads(out)["schools"]
    sheet = tmp_path / "moore.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["School code", "School name", "NSLP eligible", "CEP ISP", "Rural"])
        for index, school in enumerate(schools):
            writer.writerow([school["code"], school["name"],
                             "" if index else "42", "", "yes" if index < 5 else "no"])
    code, out, err = run(capsys, data, "schools", "confirm", "--file", str(sheet), "--fy",
                         "2026", "--by", "R. Moore")
    assert code == 0, err
    assert "23 school(s) of 1 member(s) confirmed for FY2026; fully confirmed: 630" in out
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630", "--json")
    assert json.loads(out)["figures_confirmed"] is True
    assert json.loads(out)["rural_schools"] == 5


def test_bad_confirmations_change_nothing(capsys: pytest.CaptureFixture[str], data: Path,
                                          tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("school_code,nslp_eligible,rural\n630999,1,yes\n"
                     "630304,many,maybe\n", encoding="utf-8")
    code, _, err = run(capsys, data, "schools", "confirm", "--file", str(sheet), "--fy",
                       "2026", "--by", "R. Moore")
    assert code == 2 and "row 2" in err and "630999" in err
    code, _, err = run(capsys, data, "schools", "confirm", "630", "--fy", "2031",
                       "--by", "R. Moore", "--school", "920329")
    assert code == 2 and "FY2031" in err and "920329" in err
    code, _, err = run(capsys, data, "schools", "confirm", "--fy", "2026")
    assert code == 2 and "MEMBER_CODE or --file" in err
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "630", "--json")
    assert len(json.loads(out)["unconfirmed"]) == 23


def test_procurement_show_flags_members_over_their_c2_budget(
        capsys: pytest.CaptureFixture[str], data: Path) -> None:
    from app.models.db import Store
    from app.services.funding_years import edit_funding_year

    code, out, err = run(capsys, data, "procurement", "create", "--title", "Moore Wi-Fi",
                         "--fy", "2026", "--members", "630", "--categories", "WIRELESS",
                         "--json")
    assert code == 0, err
    ref = json.loads(out)["ref"]
    store = Store.for_data_dir(data)  # a $1-a-student cycle: every C2 need is over budget
    with store.transaction() as session:
        edit_funding_year(session, 2026, {"c2_multiplier": "1", "c2_floor": "1"})
    store.dispose()
    code, out, _ = run(capsys, data, "procurement", "show", ref)
    assert "Over the C2 budget (no discount beyond it): 630 C2" in out
    assert "against 12,792.00 left" in out  # Moore's 12,792 students × $1
    assert "[FAIL] Category 2 within each member's five-year budget" in out
    assert "Unconfirmed figures: 1 of 1 member(s)" in out
    code, out, _ = run(capsys, data, "procurement", "show", ref, "--json")
    member = json.loads(out)["members"][0]
    assert member["c2_budget_left"] == "12792.00" and Decimal(member["c2_over_budget"]) > 0


def test_a_sheet_to_send_round_trips_through_confirm(capsys: pytest.CaptureFixture[str],
                                                     data: Path, tmp_path: Path) -> None:
    import openpyxl

    sheet = tmp_path / "moore.xlsx"
    code, out, err = run(capsys, data, "schools", "sheet", "630", "63A", "--out", str(sheet),
                         "--fy", "2026")
    assert code == 0, err
    assert "wrote 24 school(s)" in out  # Moore's 23 and The Academy of Moore County
    book = openpyxl.load_workbook(sheet)
    rows = list(book["Schools"].iter_rows(values_only=True))
    assert rows[0][:3] == ("member_code", "school_code", "school_name")
    assert rows[1][-1] == "DPI starting figure, not NSLP"
    book["Schools"].cell(row=2, column=5, value=7)  # the member corrects one count
    book.save(sheet)
    code, out, err = run(capsys, data, "schools", "confirm", "--file", str(sheet), "--fy",
                         "2026", "--by", "R. Moore")
    assert code == 0, err
    assert "24 school(s) of 2 member(s) confirmed for FY2026; fully confirmed: 630, 63A" in out
    code, out, _ = run(capsys, data, "members", "show", "630", "--json")
    first = json.loads(out)["schools"][0]
    assert (first["nslp_eligible"], first["figures_source"]) == (7, "confirmed")
