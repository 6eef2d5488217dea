"""`consortium allocate` as the state coordinator types it: run after the award, show one
member's lines (text and JSON), a member's choice, and what is refused (exit 2, nothing
changed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from award_samples import ranked_scenario
from bid_samples import REF
from cli_run import run

from app.cli.context import open_store


def test_run_show_and_choose(state: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(state)
    awarded_scenario(store, tmp_path)
    store.dispose()
    code, out, err = run(capsys, state, "allocate", "run", REF)
    assert code == 0, err
    assert out.startswith(f"{REF}: 5 line(s) of 2 member(s): $")
    assert "1 member(s) over their Category 2 budget: 01B" in out
    code, out, _ = run(capsys, state, "allocate", "show", REF, "--member", "01B")
    assert code == 0
    assert "Acme Networks Inc" in out and "preferred" in out and "lowest" in out
    code, out, _ = run(capsys, state, "allocate", "show", REF, "--json")
    rows = json.loads(out)
    assert {(r["member"], r["line"], r["how"]) for r in rows} >= {("010", "1.1", "preferred"),
                                                                   ("01B", "2.1", "lowest")}
    over = next(r for r in rows if r["member"] == "01B" and r["line"] == "1.1")
    assert float(over["over_budget"]) > 0
    code, out, _ = run(capsys, state, "allocate", "choose", REF, "010", "--lot", "1",
                       "--vendor", "Acme")
    assert (code, out.strip()) == (0, f"{REF} lot 1: 010 buys from Acme Networks Inc "
                                      "(member choice)")
    code, _, err = run(capsys, state, "allocate", "choose", REF, "010", "--lot", "2",
                       "--vendor", "Blue Ridge")
    assert code == 2 and "Blue Ridge Technology LLC is not awarded this lot" in err


def test_refused_before_the_award(state: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(state)
    ranked_scenario(store, tmp_path)
    store.dispose()
    code, _, err = run(capsys, state, "allocate", "run", REF)
    assert code == 2 and "not yet awarded (consortium award record)" in err
    code, out, _ = run(capsys, state, "allocate", "show", REF)
    assert (code, out.strip()) == (0, f"{REF}: nothing allocated (consortium allocate run)")
