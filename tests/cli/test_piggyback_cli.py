"""`consortium award join|joins|unjoin` as the state coordinator types them: a refused join
(exit 2, every reason, nothing stored), a join with its allocated lines, the list in text
and JSON, and a join removed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bid_samples import REF
from cli_run import run
from piggyback_samples import JOINER, joinable_scenario

from app.cli.context import open_store

DATES = ("--notice", "2026-04-01", "--board-approved", "2026-04-14", "--joined", "2026-04-15")


@pytest.fixture
def state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "state"
    assert run(capsys, data, "init", "--role", "state", "--operator", "Ann Lee")[0] == 0
    store = open_store(data)
    joinable_scenario(store, tmp_path)
    store.dispose()
    return data


def test_join_list_and_unjoin(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, state, "award", "join", REF, JOINER, "--notice", "2026-04-10",
                       "--board-approved", "2026-04-14", "--joined", "2026-04-13")
    assert code == 2
    assert err.startswith(f"error: {REF}: {JOINER} cannot join the contracts: ")
    assert "4 day(s) after the public notice" in err and "before the board approved" in err
    code, out, _ = run(capsys, state, "award", "joins", REF)
    assert (code, out.strip()) == (0, f"{REF}: no member joined the contracts later")

    code, out, err = run(capsys, state, "award", "join", REF, JOINER, *DATES,
                         "--note", "regular meeting, item 7")
    assert code == 0, err
    first, second = out.splitlines()
    assert first == (f"{REF}: {JOINER} Moore County Schools joined the contracts on "
                     "2026-04-15 (piggyback, no E-rate)")
    assert second.startswith("2 line(s) of 1 member(s): $") and "E-rate $0.00" in second
    code, out, _ = run(capsys, state, "award", "joins", REF)
    assert code == 0 and "Moore County Schools" in out and "regular meeting, item 7" in out
    code, out, _ = run(capsys, state, "award", "joins", REF, "--json")
    assert json.loads(out) == [{"member": JOINER, "member_name": "Moore County Schools",
                                "notice_on": "2026-04-01", "board_approved_on": "2026-04-14",
                                "joined_on": "2026-04-15", "note": "regular meeting, item 7",
                                "lines": 2}]
    code, out, _ = run(capsys, state, "allocate", "show", REF, "--member", JOINER, "--json")
    assert {r["piggyback"] for r in json.loads(out)} == {True}
    code, _, err = run(capsys, state, "award", "join", REF, JOINER, *DATES)
    assert code == 2 and "already joined on 2026-04-15" in err
    code, out, _ = run(capsys, state, "award", "unjoin", REF, JOINER)
    assert (code, out.strip()) == (0, f"{REF}: {JOINER}'s join removed; allocated again")
    code, out, _ = run(capsys, state, "allocate", "show", REF, "--member", JOINER)
    assert code == 0 and "nothing allocated" in out
