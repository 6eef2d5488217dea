"""`consortium vendors …` and `consortium compliance …` as a purchasing officer types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run


def test_registry_round_trip(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, state, "vendors", "add", "--set", "name=Acme Devices, Inc.",
                       "--set", "spin_498=143012345", "--set", "e_verify_affidavit=yes",
                       "--set", "w9_on_file=yes", "--set", "form_473_years=2026")
    assert code == 0 and out.startswith("added vendor ")
    short_id = out.split()[2]
    code, out, err = run(capsys, state, "vendors", "add", "--set", "name=ACME DEVICES LLC",
                         "--set", "spin_498=12")
    assert code == 2 and "9 digits" in err and "same company" in err
    assert run(capsys, state, "vendors", "edit", "acme", "--set", "dba=Acme")[0] == 0
    code, out, _ = run(capsys, state, "vendors", "list", "--json")
    [vendor] = json.loads(out)
    assert (vendor["id"], vendor["dba"], vendor["version"]) == (short_id, "Acme", 2)
    code, out, _ = run(capsys, state, "vendors", "show", short_id)
    assert "FCC Form 498 ID (SPIN): 143012345" in out
    assert "may not be awarded: 2 line(s) not PASS" in out  # the Treasurer's lists
    assert run(capsys, state, "vendors", "remove", short_id)[0] == 0
    assert json.loads(run(capsys, state, "vendors", "list", "--json")[1]) == []


def test_lists_decide_compliance(state: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, state, "vendors", "add", "--set", "name=Petro Example Corporation",
        "--set", "e_verify_affidavit=yes", "--set", "w9_on_file=yes")
    listed = tmp_path / "iran.csv"
    listed.write_text("Company\nPetro Example Corp.\n", encoding="utf-8")
    code, out, _ = run(capsys, state, "compliance", "import", "iran_divestment", str(listed),
                       "--date", "2026-04-15", "--source", "NC Treasurer")
    assert code == 0 and "1 added" in out
    for kind in ("israel_boycott",):
        other = tmp_path / f"{kind}.csv"
        other.write_text("name\nSomebody Else Ltd\n", encoding="utf-8")
        run(capsys, state, "compliance", "import", kind, str(other), "--date", "2026-04-15")
    code, out, _ = run(capsys, state, "vendors", "show", "petro", "--json")
    shown = json.loads(out)
    lines = {x["code"]: x for x in shown["compliance"]}
    assert lines["iran_divestment"]["status"] == "FAIL"
    assert "dated 2026-04-15" in lines["iran_divestment"]["reason"]
    assert shown["may_be_awarded"] is False
    code, out, _ = run(capsys, state, "compliance", "lists", "--json")
    dates = {x["kind"]: x["list_date"] for x in json.loads(out)}
    assert dates == {"iran_divestment": "2026-04-15", "israel_boycott": "2026-04-15",
                     "covered_list": None}
    assert run(capsys, state, "compliance", "add", "covered_list", "Example Cams",
               "--affiliate-of", "Dahua Technology Company")[0] == 0
    assert "Example Cams" in run(capsys, state, "compliance", "show", "covered_list")[1]
    assert run(capsys, state, "compliance", "date", "covered_list", "2026-03-01")[0] == 0
    code, _, err = run(capsys, state, "compliance", "import", "no_such_list", str(listed),
                       "--date", "2026-04-15")
    assert code == 2 and "is not a compliance list" in err


def test_a_region_reads_but_cannot_write(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    region = tmp_path / "region"
    run(capsys, region, "init", "--role", "region", "--region", "3", "--operator", "Bo")
    code, _, err = run(capsys, region, "vendors", "add", "--set", "name=Acme")
    assert code == 2 and "kept by the state coordinator" in err
    assert run(capsys, region, "vendors", "list")[0] == 0
