"""`consortium history` as a coordinator types it: a need line's changes as a table and as
JSON, a member's, a day filter, and what is refused (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_run import run

from app.cli.context import open_store
from app.services.needs import create_need, edit_need


def _need(data: Path) -> str:
    store = open_store(data)
    with store.transaction() as session:
        uid = create_need(session, {"member": "010", "item": "AP-WIFI6-IN", "quantity": "12",
                                    "funding_year": "2026"}).uid
    with store.transaction("Bob Roe") as session:
        edit_need(session, uid, {"quantity": "15", "notes": "two more floors"})
    store.dispose()
    return uid


def test_a_need_lines_history_as_table_and_json(state: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    uid = _need(state)
    code, out, err = run(capsys, state, "history", "--record", uid)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["when", "who", "where", "record", "action", "field:", "old",
                                "→", "new"]
    assert "Ann Lee" in out and "Bob Roe" in out and "this instance" in out
    assert "quantity: 12 → 15" in out and "notes: (blank) → two more floors" in out
    assert "need 010 · " in out
    code, out, _ = run(capsys, state, "history", "--record", uid, "--json")
    entries = json.loads(out)
    assert [e["action"] for e in entries] == ["created", "changed"]
    assert {"field": "quantity", "old": "12", "new": "15"} in entries[1]["changes"]
    code, out, _ = run(capsys, state, "history", "--member", "010", "--limit", "1", "--json")
    assert code == 0 and [e["who"] for e in json.loads(out)] == ["Bob Roe"]
    code, out, _ = run(capsys, state, "history", "--record", uid, "--since", "2999-01-01")
    assert code == 0 and out.strip() == "No changes recorded since 2999-01-01."


def test_what_is_refused(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, state, "history", "--member", "999")
    assert code == 2 and "No member with code 999" in err
    code, _, err = run(capsys, state, "history", "--procurement", "P1999-001")
    assert code == 2 and "No procurement P1999-001" in err
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, state, "history", "--record", "x", "--since", "yesterday")
    assert exit_info.value.code == 2
    assert "'yesterday' is not a date (YYYY-MM-DD)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(capsys, state, "history", "--record", "x", "--member", "010")
