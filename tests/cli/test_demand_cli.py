"""`consortium demand`, `demand vendors|lines`, `erate discount|consortium|budget` and
`procurement create|list|show|set|tier` on the statewide demo data, as a coordinator types
them: from needs to a planned procurement with a checklist."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
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
    """A private copy of the demo store, so tests that write do not see each other."""
    copy = tmp_path / "data"
    shutil.copytree(state_demo, copy)
    return copy


def test_demand_json_rows_and_totals(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, data, "demand", "--by", "item", "--fy", "2026", "--json")
    assert code == 0
    report = json.loads(out)
    rows = report["rows"]
    assert {"item", "quantity", "amount", "members"} <= set(rows[0])
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal(report["totals"]["amount"])
    assert report["totals"]["effort_saved"]["potential"]["separate_procurements"] == sum(
        r["members"] for r in rows)
    code, out, _ = run(capsys, data, "demand", "--by", "region", "--json", "--include-drafts")
    with_drafts = json.loads(out)
    assert len(with_drafts["rows"]) == 8
    assert Decimal(with_drafts["totals"]["amount"]) > Decimal(report["totals"]["amount"])
    for grouping in ("category", "member"):
        code, out, _ = run(capsys, data, "demand", "--by", grouping, "--json")
        assert code == 0 and grouping in json.loads(out)["rows"][0]


def test_demand_table_lines_and_errors(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, data, "demand", "--by", "category")
    assert code == 0 and "WIRELESS" in out and "separate purchases" in out
    code, out, _ = run(capsys, data, "demand", "lines", "--item", "AP-WIFI6-IN", "--region",
                       "3", "--json")
    lines = json.loads(out)
    assert lines and {line["item_code"] for line in lines} == {"AP-WIFI6-IN"}
    assert {line["region"] for line in lines} == {3}
    code, _, err = run(capsys, data, "demand", "--by", "colour")
    assert code == 2 and "one or more of" in err


def test_demand_spreadsheet(capsys: pytest.CaptureFixture[str], data: Path,
                            tmp_path: Path) -> None:
    out_file = tmp_path / "demand.xlsx"
    code, out, _ = run(capsys, data, "demand", "--by", "item", "--out", str(out_file))
    assert code == 0 and "written to" in out
    book = openpyxl.load_workbook(out_file)
    assert book.sheetnames == ["Demand", "Totals", "Vendors"]
    assert book["Demand"]["A1"].value == "item"
    assert book["Demand"].max_row == 61  # 60 catalog items with demand + header


def test_vendor_shares(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, data, "demand", "vendors", "--by", "category", "--json")
    assert code == 0
    groups = json.loads(out)
    devices = next(g for g in groups if g["category"] == "DEVICES")
    preferred = devices["preferred"]
    assert 1 <= preferred["vendors_for_80"] <= preferred["vendors_for_95"] <= len(
        preferred["vendors"])
    assert abs(sum(Decimal(v["share_percent"]) for v in preferred["vendors"]) - 100) < 1
    code, out, _ = run(capsys, data, "demand", "vendors")
    assert code == 0 and "pref. 80 %" in out


def test_erate_discount_and_budget(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, _ = run(capsys, data, "erate", "discount", "--member", "920", "--json")
    assert code == 0
    wake = json.loads(out)
    assert {"c1", "c2", "nslp_percent", "rural"} <= set(wake)
    assert wake["c2"] <= 85 and isinstance(wake["rural"], bool)
    code, out, _ = run(capsys, data, "erate", "budget", "--member", "920", "--json")
    budget = json.loads(out)
    assert Decimal(budget["budget"]) == Decimal(budget["remaining"])
    code, _, err = run(capsys, data, "erate", "discount", "--member", "XXX")
    assert code == 2 and "XXX" in err


def test_needs_to_planned_procurement(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = run(capsys, data, "procurement", "create", "--title", "Statewide Wi-Fi",
                         "--fy", "2026", "--categories", "WIRELESS", "--lots", "item",
                         "--json")
    assert code == 0, err
    created = json.loads(out)
    ref = created["ref"]
    assert created["lots"] >= 3 and created["members"] > 100 and created["method"] == "formal"
    code, out, _ = run(capsys, data, "procurement", "list", "--json")
    assert [p["ref"] for p in json.loads(out)] == [ref]
    code, out, _ = run(capsys, data, "erate", "consortium", "--procurement", ref, "--json")
    consortium = json.loads(out)
    assert 20 <= consortium["c1"] <= 90 and consortium["c2"] <= 85
    assert consortium["c2_groupings"]
    for field, value in (("form470_certified_on", "2026-01-01"), ("bid_due_on", "2026-01-29"),
                         ("nc_advertised_on", "2026-01-05")):
        assert run(capsys, data, "procurement", "set", ref, field, value)[0] == 0
    code, out, _ = run(capsys, data, "procurement", "show", ref, "--json")
    detail = json.loads(out)
    checks = {c["code"]: c for c in detail["checklist"]}
    assert checks["form470"]["passed"] and checks["wait"]["passed"] and checks["nc_ad"]["passed"]
    assert not checks["loa"]["passed"] and "no letter of agency" in checks["loa"]["reason"]
    assert detail["checklist_passed"] is False
    calendar = {e["label"]: e["date"] for e in detail["calendar"]}
    assert calendar["Allowable contract date"] == "2026-01-29"
    assert calendar["Last Form 470 certification"] == "2026-03-04"
    code, out, _ = run(capsys, data, "procurement", "show", ref)
    assert "[FAIL] Letter of agency" in out and "[PASS] Bids stay open" in out
    code, out, _ = run(capsys, data, "demand", "--json")
    effort = json.loads(out)["totals"]["effort_saved"]["procurements"]
    assert effort[-1]["consortium_procurements"] == 1
    assert effort[-1]["separate_procurements"] >= created["members"]


def test_price_tiers_and_refusals(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    assert run(capsys, data, "procurement", "tier", "CB-STU-116", "1000", "270")[0] == 0
    assert run(capsys, data, "procurement", "tier", "CB-STU-116", "10000", "255")[0] == 0
    code, out, _ = run(capsys, data, "procurement", "create", "--title", "Chromebooks",
                       "--fy", "2026", "--items", "CB-STU-116", "--json")
    ref = json.loads(out)["ref"]
    code, out, _ = run(capsys, data, "procurement", "show", ref, "--json")
    assert Decimal(json.loads(out)["volume_savings"]) > 0
    code, _, err = run(capsys, data, "procurement", "create", "--title", "X", "--fy", "2026",
                       "--items", "NOPE")
    assert code == 2 and "NOPE" in err
    code, _, err = run(capsys, data, "procurement", "show", "P1999-001")
    assert code == 2 and "No procurement" in err
