"""`consortium award` as a purchasing officer types it: the proposal per lot with the
reasons, an award that is not what the packet states refused (exit 2, nothing stored), the
contract recorded, a no-award, and the list as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from bid_samples import REF
from cli_run import run

from app.cli.context import open_store


def _ranked(state: Path, tmp_path: Path, checked: bool = True,
            bases: dict[int | None, str] | None = None) -> None:
    store = open_store(state)
    ranked_scenario(store, tmp_path, checked=checked, bases=bases)
    store.dispose()


def test_propose_record_and_list(state: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    _ranked(state, tmp_path, bases={1: "multiple within 2%"})
    # The packet is issued: the basis it printed is locked (nothing stored).
    code, out, err = run(capsys, state, "packet", "award-basis", REF, "single", "--lot", "1")
    assert code == 2
    assert "the packet was issued on" in err and "by Ann Lee" in err
    assert "lot 1: multiple within 2%" in err
    assert "the award basis printed in the packet cannot change after issue; issue an " \
           "addendum" in err
    code, out, err = run(capsys, state, "packet", "award-basis", REF, "--json")
    assert json.loads(out)["lots"][0]["basis"] == "multiple within 2%"
    code, out, err = run(capsys, state, "award", "propose", REF)
    assert code == 0, err
    assert "Lot 1 Wireless access points: Multiple award" in out
    assert "award: Acme Networks Inc, Blue Ridge Technology LLC" in out
    assert "not awarded: Petro Example Corporation: not compliant" in out
    code, out, err = run(capsys, state, "award", "propose", REF, "--json")
    assert json.loads(out)[1]["awarded"] == ["Acme Networks Inc"]
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "1", "--vendor",
                         "Acme", "--contract", "NC-1", "--signed", "2026-03-12",
                         "--board-approved", "2026-03-10")
    assert code == 2 and "the award applies exactly what the packet states" in err
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "1", "--contract",
                         "NC-1", "--signed", "2026-03-12")
    assert code == 2 and "a formal bid is awarded by the board" in err
    code, out, err = run(capsys, state, "award", "list", REF)
    assert code == 0 and "no award recorded" in out
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "1", "--contract",
                         "NC-1", "--signed", "2026-03-12", "--term-months", "36",
                         "--renewals", "2", "--board-approved", "2026-03-10")
    assert code == 0, err
    assert "lot 1: awarded to Acme Networks Inc, contract NC-1 signed 2026-03-12, 3 " \
           "not-to-exceed price(s)" in out
    assert "lot 1: awarded to Blue Ridge Technology LLC" in out
    code, out, err = run(capsys, state, "award", "list", REF, "--json")
    listed = json.loads(out)
    assert [(a["vendor"], a["term_months"], a["renewal_options"]) for a in listed] == [
        ("Acme Networks Inc", 36, 2), ("Blue Ridge Technology LLC", 36, 2)]
    assert {"line": listed[0]["not_to_exceed"][1]["line"], "from_qty": "200",
            "unit_price": "575.00"} == listed[0]["not_to_exceed"][1]
    code, out, err = run(capsys, state, "procurement", "set", REF, "status", "awarded")
    assert code == 2 and "follows the facts" in err


def test_no_award_where_nobody_can_be_awarded(state: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    _ranked(state, tmp_path, checked=False)
    code, out, err = run(capsys, state, "award", "propose", REF)
    assert "no award: no responsive, compliant, ranked bidder" in out
    assert "Israel-boycott list" in out
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "2", "--no-award",
                         "re-bid after the lists are loaded")
    assert code == 0 and "not awarded (re-bid after the lists are loaded)" in out
    code, out, err = run(capsys, state, "award", "list", REF)
    assert "not awarded: re-bid after the lists are loaded" in out


def test_award_per_line_propose_record_and_list(state: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _ranked(state, tmp_path, bases={1: "multiple within 2% per line"})
    code, out, err = run(capsys, state, "award", "propose", REF)
    assert code == 0, err
    assert "Lot 1 Wireless access points: Multiple award per line" in out
    assert "  line 1.1 Wireless access point, Wi-Fi 6, indoor:\n" \
           "    award: Blue Ridge Technology LLC, Acme Networks Inc" in out
    assert "  line 1.2 " in out and "    not awarded: Blue Ridge Technology LLC: price on " \
                                    "the line more than 2 % above the lowest (950.00)" in out
    assert "  not awarded on any line: Petro Example Corporation: not compliant" in out
    lines = json.loads(run(capsys, state, "award", "propose", REF, "--json")[1])[0]["lines"]
    assert [x["line"] for x in lines] == ["1.1", "1.2"]
    args = ("--contract", "NC-1", "--signed", "2026-03-12", "--board-approved", "2026-03-10")
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "1", *args)
    assert code == 2 and "give the line (lines: 1.1, 1.2)" in err
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "2", "--line", "1",
                         *args)
    assert code == 2 and "awarded as a whole" in err
    code, out, err = run(capsys, state, "award", "record", REF, "--lot", "1", "--line", "2",
                         *args)
    assert code == 0, err
    assert out == (f"{REF} line 1.2: awarded to Acme Networks Inc, contract NC-1 signed "
                   "2026-03-12, 1 not-to-exceed price(s)\n")
    code, out, err = run(capsys, state, "award", "list", REF)
    assert code == 0 and "1.2" in out and "multiple within 2% per line" in out
    listed = json.loads(run(capsys, state, "award", "list", REF, "--json")[1])
    assert [(a["lot"], a["line"], a["vendor"]) for a in listed] == [
        (1, "1.2", "Acme Networks Inc")]
