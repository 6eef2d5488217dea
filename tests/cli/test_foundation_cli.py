"""The CLI contract of the foundation issue, run in-process as a user would type it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run

from app.launcher import main


def test_region_demo_lists_only_region_members(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, tmp_path, "init", "--role", "region", "--region", "3",
               "--operator", "A. Coordinator")[0] == 0
    assert run(capsys, tmp_path, "demo")[0] == 0
    code, out, _ = run(capsys, tmp_path, "needs", "list", "--json")
    assert code == 0
    needs = json.loads(out)
    codes = {n["member_code"] for n in needs}
    assert {"920", "510", "930"} <= codes  # Wake, Johnston, Warren
    assert "530" not in codes  # Lee is Region 4 by default
    assert {n["region"] for n in needs} == {3}
    for key in ("uid", "member_code", "item_code", "description", "quantity", "unit_price",
                "status"):
        assert key in needs[0]
    code, out, _ = run(capsys, tmp_path, "members", "list", "--json")
    members = json.loads(out)
    assert {"code", "name", "kind", "region"} <= set(members[0])
    assert {m["region"] for m in members} == {3}


def test_demo_is_deterministic_and_does_not_duplicate(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    outputs = []
    for name in ("a", "b"):
        run(capsys, tmp_path / name, "init", "--role", "region", "--region", "4",
            "--operator", "X")
        run(capsys, tmp_path / name, "demo", "--seed", "7")
        outputs.append(json.loads(run(capsys, tmp_path / name, "needs", "list", "--json")[1]))
    strip = [[{k: v for k, v in n.items() if k != "confirmed_at"} for n in o] for o in outputs]
    assert strip[0] == strip[1] and len(strip[0]) > 100
    run(capsys, tmp_path / "a", "demo", "--seed", "7")
    again = json.loads(run(capsys, tmp_path / "a", "needs", "list", "--json")[1])
    assert len(again) == len(outputs[0])


def test_info_json_and_uninitialised_store(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, tmp_path, "info")
    assert code == 2 and "not initialised" in err and out == ""
    run(capsys, tmp_path, "init", "--role", "state", "--operator", "State Office")
    info = json.loads(run(capsys, tmp_path, "info", "--json")[1])
    assert info["role"] == "state" and info["region"] is None
    assert info["counts"]["members"] == 334 and info["counts"]["schools"] == 2701
    assert info["schema_revision"]
    assert len(info["instance_id"]) == 36


@pytest.mark.parametrize("args,needle", [
    (["init", "--role", "region", "--operator", "X"], "region"),
    (["init", "--role", "region", "--region", "12", "--operator", "X"], "region"),
    (["needs", "list", "--member", "920"], "not initialised"),
])
def test_bad_input_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     args: list[str], needle: str) -> None:
    code, out, err = run(capsys, tmp_path, *args)
    assert code == 2 and needle in err and err.startswith("error:")


def test_console_script_help_runs_without_qt(tmp_path: Path) -> None:
    script = ("import sys, app.launcher as l; sys.argv=['consortium','--help'];\n"
              "try:\n    l.main()\nexcept SystemExit: pass\n"
              "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n"
              "assert 'pandas' not in sys.modules and 'reportlab' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "needs" in result.stdout and "init" in result.stdout


def test_settings_show_and_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, region = tmp_path / "state", tmp_path / "r3"
    assert main(["--data-dir", str(state), "init", "--role", "state", "--operator", "Sam"]) == 0
    assert main(["--data-dir", str(region), "init", "--role", "region", "--region", "3",
                 "--operator", "Ann"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(state), "settings", "set", "--consortium-name",
                 "Carolina Schools Technology Cooperative", "--focus-year", "FY2025"]) == 0
    assert "Settings saved." in capsys.readouterr().out
    assert main(["--data-dir", str(state), "settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["consortium_name"] == "Carolina Schools Technology Cooperative"
    assert shown["focus_funding_year"] == 2025 and shown["consortium_name_editable"]
    assert main(["--data-dir", str(state), "settings", "set", "--focus-year", "1999"]) == 2
    assert "FY1999 has no parameters" in capsys.readouterr().err
    assert main(["--data-dir", str(region), "settings", "set", "--consortium-name",
                 "Region Three Buyers"]) == 2
    assert "kept by the state coordinator" in capsys.readouterr().err
    assert main(["--data-dir", str(region), "settings", "set"]) == 2
    assert "Nothing to set" in capsys.readouterr().err
    assert main(["--data-dir", str(region), "settings", "show"]) == 0
    assert "(kept by the state)" in capsys.readouterr().out
