"""The sync commands as a coordinator types them: keys, bundles, conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.launcher import main


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_bundles_and_conflicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    region, state = tmp_path / "r3", tmp_path / "state"
    assert run(capsys, region, "init", "--role", "region", "--region", "3",
               "--operator", "Ann")[0] == 0
    assert run(capsys, state, "init", "--role", "state", "--operator", "Sam")[0] == 0
    code, out, _ = run(capsys, region, "keys", "export", str(tmp_path / "r3.key"))
    assert code == 0 and "fingerprint" in out
    run(capsys, state, "keys", "export", str(tmp_path / "state.key"))

    # Unknown key: refused with the fingerprint to compare.
    run(capsys, region, "needs", "add", "--member", "920", "--item", "CB-STU-116",
        "--quantity", "5")
    assert run(capsys, region, "bundle", "export", str(tmp_path / "b1.zip"))[0] == 0
    code, _, err = run(capsys, state, "bundle", "import", str(tmp_path / "b1.zip"))
    _, out, _ = run(capsys, region, "keys", "list", "--json")
    fingerprint = json.loads(out)[0]["fingerprint"]
    assert code == 2 and fingerprint in err and "does not trust" in err

    assert run(capsys, state, "keys", "trust", str(tmp_path / "r3.key"))[0] == 0
    assert run(capsys, region, "keys", "trust", str(tmp_path / "state.key"))[0] == 0
    code, out, _ = run(capsys, state, "keys", "list", "--json")
    assert [k["who"] for k in json.loads(out)] == ["State (this instance)", "Region 3"]

    code, out, _ = run(capsys, state, "bundle", "inspect", str(tmp_path / "b1.zip"), "--json")
    inspected = json.loads(out)
    assert code == 0 and inspected["records"]["needs"] == 1
    assert inspected["plan"]["counts"]["needs"]["new"] == 1
    code, out, _ = run(capsys, state, "bundle", "import", str(tmp_path / "b1.zip"),
                       "--dry-run", "--json")
    assert json.loads(out)["dry_run"] is True
    code, out, _ = run(capsys, state, "needs", "list", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, state, "bundle", "import", str(tmp_path / "b1.zip"))
    assert code == 0 and "Imported" in out
    code, out, _ = run(capsys, state, "bundle", "import", str(tmp_path / "b1.zip"))
    assert "already imported" in out
    [need] = json.loads(run(capsys, state, "needs", "list", "--json")[1])

    # State → region needs --to; the region gets the acknowledgement.
    code, _, err = run(capsys, state, "bundle", "export", str(tmp_path / "s1.zip"))
    assert code == 2 and "--to region:N" in err
    assert run(capsys, state, "bundle", "export", str(tmp_path / "s1.zip"),
               "--to", "region:3")[0] == 0
    assert run(capsys, region, "bundle", "import", str(tmp_path / "s1.zip"))[0] == 0
    code, out, _ = run(capsys, region, "bundle", "log", "--json")
    log = json.loads(out)
    assert [(b["direction"], b["acknowledged"]) for b in log] == [("in", None), ("out", True)]

    # Both sides edit one need: a conflict at the state, resolved from the command line.
    run(capsys, state, "needs", "edit", need["uid"], "--set", "notes=state note")
    run(capsys, region, "needs", "edit", need["uid"], "--set", "quantity=7")
    run(capsys, region, "bundle", "export", str(tmp_path / "b2.zip"))
    code, out, _ = run(capsys, state, "bundle", "import", str(tmp_path / "b2.zip"))
    assert "conflict:" in out
    code, out, _ = run(capsys, state, "conflicts", "list", "--json")
    [conflict] = json.loads(out)
    assert conflict["fields"]["quantity"] == {"mine": "5", "theirs": "7"}
    code, out, _ = run(capsys, state, "conflicts", "list")
    assert "quantity: mine '5'  theirs '7'" in out
    assert run(capsys, state, "conflicts", "resolve", str(conflict["id"]),
               "--keep", "theirs")[0] == 0
    assert "No open conflicts" in run(capsys, state, "conflicts", "list")[1]
    code, _, err = run(capsys, state, "conflicts", "resolve", "999", "--keep", "mine")
    assert code == 2 and "No conflict with id 999" in err

    # The state corrects the region's need: the edit goes to the region, which owns it,
    # listed there as such and accepted; both copies then agree.
    run(capsys, state, "needs", "edit", need["uid"], "--set", "notes=state note")
    run(capsys, state, "bundle", "export", str(tmp_path / "s2.zip"), "--to", "region:3")
    code, out, _ = run(capsys, region, "bundle", "import", str(tmp_path / "s2.zip"))
    assert code == 0 and "conflict:" in out
    code, out, _ = run(capsys, region, "conflicts", "list")
    assert "edit of a record owned here" in out and "--keep theirs accepts" in out
    [proposal] = json.loads(run(capsys, region, "conflicts", "list", "--json")[1])
    assert proposal["owned_here"] and proposal["source"] == "state"
    assert run(capsys, region, "conflicts", "resolve", str(proposal["id"]),
               "--keep", "theirs")[0] == 0
    run(capsys, region, "bundle", "export", str(tmp_path / "b3.zip"))
    code, out, _ = run(capsys, state, "bundle", "import", str(tmp_path / "b3.zip"))
    assert code == 0 and "No open conflicts" in run(capsys, state, "conflicts", "list")[1]
    [here] = json.loads(run(capsys, region, "needs", "list", "--json")[1])
    [there] = json.loads(run(capsys, state, "needs", "list", "--json")[1])
    assert here == there and here["notes"] == "state note"


def test_a_bundle_with_nothing_new_says_so(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    region, state = tmp_path / "r3", tmp_path / "state"
    run(capsys, region, "init", "--role", "region", "--region", "3", "--operator", "Ann")
    run(capsys, state, "init", "--role", "state", "--operator", "Sam")
    for one, other, name in ((region, state, "r3"), (state, region, "state")):
        run(capsys, one, "keys", "export", str(tmp_path / f"{name}.key"))
        run(capsys, other, "keys", "trust", str(tmp_path / f"{name}.key"))
    run(capsys, region, "bundle", "export", str(tmp_path / "first.zip"))
    run(capsys, state, "bundle", "import", str(tmp_path / "first.zip"))
    run(capsys, state, "bundle", "export", str(tmp_path / "ack.zip"), "--to", "region:3")
    run(capsys, region, "bundle", "import", str(tmp_path / "ack.zip"))  # acknowledges
    code, out, _ = run(capsys, region, "bundle", "export", str(tmp_path / "empty.zip"))
    assert code == 0 and "(nothing new)" in out
    code, out, _ = run(capsys, state, "bundle", "import", str(tmp_path / "empty.zip"))
    assert code == 0 and "no records: nothing new" in out and "entity" not in out
