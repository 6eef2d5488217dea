"""`consortium catalog add|edit|retire|unretire|import|list|show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.launcher import main


def init(root: Path, capsys: pytest.CaptureFixture[str], *role: str) -> Path:
    assert main(["--data-dir", str(root), "init", *role, "--operator", "Ann Lee"]) == 0
    capsys.readouterr()
    return root


def cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(data: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> dict[str, dict]:
    code, out, _ = cli(data, capsys, "catalog", "list", "--json", *flags)
    assert code == 0
    return {row["code"]: row for row in json.loads(out)}


def test_the_state_adds_edits_retires_and_imports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = init(tmp_path / "state", capsys, "--role", "state")
    code, out, _ = cli(data, capsys, "catalog", "add", "--set", "code=vr-headset",
                       "--set", "name=VR headset", "--set", "category=DEVICES",
                       "--set", "unit=each", "--set", "erate_category=ineligible",
                       "--set", "reference_price=399", "--set", "brand=Meta",
                       "--set", "spec=Standalone, 128 GB")
    assert code == 0 and out.startswith("added VR-HEADSET")
    assert cli(data, capsys, "catalog", "edit", "VR-HEADSET", "--set",
               "reference_price=379.99")[0] == 0
    code, out, _ = cli(data, capsys, "catalog", "show", "VR-HEADSET")
    assert "Standalone, 128 GB. Brand: Meta or equivalent." in out
    code, out, _ = cli(data, capsys, "catalog", "retire", "VR-HEADSET")
    assert code == 0 and "VR-HEADSET retired; 0 need line(s) keep it" in out
    assert "VR-HEADSET" not in listed(data, capsys)
    row = listed(data, capsys, "--include-retired")["VR-HEADSET"]
    assert (row["retired"], row["brand"], row["reference_price"]) == (True, "Meta", "379.99")
    code, out, _ = cli(data, capsys, "catalog", "list", "--all")
    assert "status" in out.splitlines()[0] and "retired" in out
    assert cli(data, capsys, "catalog", "unretire", "VR-HEADSET")[0] == 0
    assert "VR-HEADSET" in listed(data, capsys)

    sheet = tmp_path / "prices.csv"
    sheet.write_text("code,reference_price,brand\nVR-HEADSET,349,\nCB-STU-116,279,Acer\n",
                     encoding="utf-8")
    code, out, _ = cli(data, capsys, "catalog", "import", str(sheet), "--dry-run")
    assert code == 0 and "0 would be added, 2 would be updated" in out
    assert "reference_price: '285.00' → '279.00'" in out
    assert listed(data, capsys)["CB-STU-116"]["reference_price"] == "285.00"
    code, out, _ = cli(data, capsys, "catalog", "import", str(sheet), "--json")
    assert code == 0 and json.loads(out)["updated"] == 2
    assert listed(data, capsys)["CB-STU-116"]["brand"] == "Acer"

    exported = tmp_path / "catalog.xlsx"
    code, out, _ = cli(data, capsys, "catalog", "export", str(exported))
    assert code == 0 and out.startswith("wrote 61 catalog item(s)")
    code, out, _ = cli(data, capsys, "catalog", "import", str(exported), "--dry-run")
    assert code == 0 and "0 would be added, 0 would be updated, 61 unchanged" in out


def test_bad_input_exits_2_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = init(tmp_path / "state", capsys, "--role", "state")
    before = listed(data, capsys, "--all")
    code, _, err = cli(data, capsys, "catalog", "add", "--set", "code=X Y", "--set", "name=")
    assert code == 2 and "field 'code'" in err and "field 'name'" in err
    code, _, err = cli(data, capsys, "catalog", "edit", "CB-STU-116", "--set",
                       "erate_category=C3")
    assert code == 2 and "erate_category" in err
    code, _, err = cli(data, capsys, "catalog", "retire", "CB-STU-116", "NO-SUCH")
    assert code == 2 and "NO-SUCH" in err
    sheet = tmp_path / "bad.csv"
    sheet.write_text("code,reference_price\nCB-STU-116,1\nCB-STU-122,lots\n",
                     encoding="utf-8")
    code, _, err = cli(data, capsys, "catalog", "import", str(sheet))
    assert code == 2 and f"{sheet}: nothing imported" in err
    assert "row 3, CB-STU-122, field 'reference_price'" in err
    assert listed(data, capsys, "--all") == before


def test_a_region_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = init(tmp_path / "r4", capsys, "--role", "region", "--region", "4")
    for args in (["edit", "CB-STU-116", "--set", "reference_price=1"],
                 ["retire", "CB-STU-116"]):
        code, _, err = cli(data, capsys, "catalog", *args)
        assert code == 2 and "kept by the state coordinator" in err
    assert listed(data, capsys)["CB-STU-116"]["reference_price"] == "285.00"
