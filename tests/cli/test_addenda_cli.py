"""`consortium packet addendum|addenda` and `consortium bids acknowledge`, as typed: numbered
addenda after the final packet, refused before it (exit 2, nothing stored), acknowledgements
and the bids still missing one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from award_samples import ISSUED
from bid_samples import REF, add_scenario

from app.launcher import main
from app.models.db import Store
from app.services.packet_issue import record_issue


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--data-dir", str(data), *args])
    except SystemExit as stop:  # argparse's own refusal (a bad --on date) exits 2 too
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    assert run(capsys, folder, "init", "--role", "state", "--operator", "Dana Whitfield")[0] == 0
    store = Store.for_data_dir(folder)
    add_scenario(store, tmp_path / "iran.csv")
    store.dispose()
    return folder


def _issue(folder: Path) -> None:
    store = Store.for_data_dir(folder)
    with store.transaction() as session:
        record_issue(session, REF, b"%PDF final", now=ISSUED)
    store.dispose()


def test_an_addendum_before_the_final_packet_is_refused(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, data, "packet", "addendum", REF, "--summary", "Anything")
    assert code == 2 and "final packet has not been issued" in err
    assert run(capsys, data, "packet", "addenda", REF)[1].strip() == "no addenda"


def test_addenda_are_issued_listed_and_acknowledged(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _issue(data)
    code, out, _ = run(capsys, data, "packet", "addendum", REF, "--summary",
                       "Lot 2: 60 Chromebooks", "--substantive", "--on", "2026-02-02")
    assert code == 0
    assert out.strip() == ("addendum 1 issued 2026-02-02 (substantive: the allowable "
                           "contract date is recalculated)")
    code, out, _ = run(capsys, data, "packet", "addendum", REF, "--summary", "Phone fixed",
                       "--on", "2026-02-03")
    assert code == 0 and "addendum 2 issued 2026-02-03 (not substantive)" in out
    code, out, _ = run(capsys, data, "packet", "addenda", REF, "--json")
    rows = json.loads(out)
    assert [(r["number"], r["substantive"], r["issued_by"]) for r in rows] == [
        (1, True, "Dana Whitfield"), (2, False, "Dana Whitfield")]
    code, out, _ = run(capsys, data, "packet", "addenda", REF)
    assert "Lot 2: 60 Chromebooks" in out and "Phone fixed" in out
    code, out, _ = run(capsys, data, "bids", "acknowledge", REF, "Acme Networks Inc",
                       "--addenda", "1,2")
    assert code == 0 and "Acme Networks Inc: acknowledges addenda 1, 2" in out
    assert "Blue Ridge Technology LLC has not acknowledged addenda 1, 2" in out
    assert "Acme Networks Inc has not" not in out


@pytest.mark.parametrize(("args", "message"), [
    (("packet", "addendum", REF, "--summary", "X", "--on", "2/2/2026"), "is not a date"),
    (("packet", "addendum", REF, "--summary", " "), "say what the addendum changes"),
    (("bids", "acknowledge", REF, "Acme Networks Inc", "--addenda", "3"), "no addendum 3"),
    (("bids", "acknowledge", REF, "Acme Networks Inc", "--addenda", "one"),
     "'one' is not an addendum number"),
])
def test_bad_input_exits_2_and_changes_nothing(data: Path, capsys: pytest.CaptureFixture[str],
                                               args: tuple[str, ...], message: str) -> None:
    _issue(data)
    assert run(capsys, data, "packet", "addendum", REF, "--summary", "One")[0] == 0
    code, _, err = run(capsys, data, *args)
    assert code == 2 and message in err
    code, out, _ = run(capsys, data, "packet", "addenda", REF, "--json")
    assert len(json.loads(out)) == 1
