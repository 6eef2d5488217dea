"""`consortium reference update FILE`: a dry run lists and changes nothing; the update
changes what it listed; a region and a bad file are refused with exit 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_run import run

from app.services.reference_data import read_schools


def newer_file(path: Path) -> Path:
    rows = [dict(r) for r in read_schools()]
    camden = [r for r in rows if r["member_code"] == "150"]
    camden[0]["students"] = str(int(camden[0]["students"]) + 100)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_dry_run_then_update(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, file = tmp_path / "state", newer_file(tmp_path / "schools_2025.csv")
    assert run(capsys, data, "init", "--role", "state", "--operator", "Ann")[0] == 0
    code, out, _ = run(capsys, data, "reference", "update", str(file), "--dry-run")
    assert code == 0
    assert "would change: 1 changed school, 1 changed member" in out
    assert "students 436 → 536" in out
    code, out, _ = run(capsys, data, "reference", "update", str(file), "--dry-run", "--json")
    assert json.loads(out)["applied"] is False
    code, out, _ = run(capsys, data, "reference", "update", str(file))
    assert code == 0 and "changed: 1 changed school" in out
    code, out, _ = run(capsys, data, "reference", "update", str(file))
    assert "nothing to change; 2701 schools unchanged" in out
    code, out, _ = run(capsys, data, "members", "list", "--json")
    camden = next(m for m in json.loads(out) if m["code"] == "150")
    assert camden["students"] == 1902 + 100


def test_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("member_code,school_code,school_name,students\n150,150304,X,lots\n",
                   encoding="utf-8")
    state = tmp_path / "state"
    run(capsys, state, "init", "--role", "state", "--operator", "Ann")
    code, _, err = run(capsys, state, "reference", "update", str(bad))
    assert code == 2 and "row 2" in err and "students" in err
    region = tmp_path / "region"
    run(capsys, region, "init", "--role", "region", "--region", "1", "--operator", "Bo")
    code, _, err = run(capsys, region, "reference", "update", str(newer_file(tmp_path / "n.csv")))
    assert code == 2 and "state coordinator" in err
