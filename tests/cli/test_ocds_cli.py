"""`consortium ocds export` as the state coordinator types it: every stage of an awarded
procurement written and validated (`--validate`), one stage alone, the ocid prefix set with
`settings set --ocid-prefix`, and what is refused (exit 2, no file written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from cli_run import run

from app.cli.context import open_store
from app.services.ocds_validate import codelist_problems, schema_errors


@pytest.fixture
def state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "state"
    assert run(capsys, data, "init", "--role", "state", "--operator", "Ann Lee")[0] == 0
    store = open_store(data)
    awarded_scenario(store, tmp_path, needs=False)
    store.dispose()
    return data


def test_every_stage_written_and_valid(state: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ocds.json"
    code, text, err = run(capsys, state, "ocds", "export", REF, "--out", str(out),
                          "--validate")
    assert code == 0, err
    assert "4 release(s)" in text and "planning, tender, award, contract" in text
    assert "valid against OCDS 1.1.5" in text
    package = json.loads(out.read_text("utf-8"))
    assert schema_errors(package) == [] and codelist_problems(package) == []
    assert package["releases"][0]["ocid"] == f"ocds-xxxxxx-nc-k12-{REF}"
    award = tmp_path / "award.json"
    assert run(capsys, state, "ocds", "export", REF, "--out", str(award), "--stage",
               "award")[0] == 0
    assert [r["tag"] for r in json.loads(award.read_text("utf-8"))["releases"]] == [["award"]]


def test_the_prefix_setting_reaches_the_ocid(state: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, state, "settings", "set", "--ocid-prefix", "nc-k12")
    assert code == 2 and "ocid_prefix" in err and "'ocds-'" in err
    code, text, _ = run(capsys, state, "settings", "show")
    assert "ocds-xxxxxx-nc-k12 (placeholder: not registered)" in text
    code, text, err = run(capsys, state, "settings", "set", "--ocid-prefix", "ocds-a1b2c3")
    assert code == 0, err
    assert "OCDS ocid prefix   ocds-a1b2c3\n" in text
    out = tmp_path / "ocds.json"
    assert run(capsys, state, "ocds", "export", REF, "--out", str(out))[0] == 0
    assert json.loads(out.read_text("utf-8"))["releases"][0]["ocid"] == f"ocds-a1b2c3-{REF}"


def test_refused_with_nothing_written(state: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ocds.txt"
    code, _, err = run(capsys, state, "ocds", "export", REF, "--out", str(out))
    assert code == 2 and "name the file *.json" in err and not out.exists()
    missing = tmp_path / "nowhere" / "ocds.json"
    code, _, err = run(capsys, state, "ocds", "export", REF, "--out", str(missing))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, state, "ocds", "export", "NOPE", "--out",
                       str(tmp_path / "x.json"))
    assert code == 2 and "NOPE" in err and not (tmp_path / "x.json").exists()
