"""Issue #17's done-when, last clause: `history --record UID` tells the story of one need
line from the meeting where it was typed to the award that allocated it.

Region 5 types a line for member 010 at a meeting and confirms it, and sends its bundle;
the state plans, awards and allocates (the allocation samples' procurement). The state's
trail shows the line arriving from Region 5 and allocated to the vendor under its contract;
once the state's bundle is back at Region 5, the region's trail holds the whole story:
typed, confirmed, allocated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from sync_helpers import Factory, exchange_keys

from app.launcher import main
from app.services.allocation import allocate
from app.services.need_confirm import confirm_needs
from app.services.needs import create_need
from app.sync.export import export_bundle
from app.sync.service import import_bundle

VENDOR = "Blue Ridge Technology LLC"


def _history(capsys: pytest.CaptureFixture[str], data: Path, uid: str) -> list[dict]:
    code = main(["--data-dir", str(data), "history", "--record", uid, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_a_need_lines_story_from_the_meeting_to_the_award(
        make_store: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, region = make_store("state", None), make_store("region", 5)
    exchange_keys(region, state)
    with region.transaction("Rita at the Region 5 meeting") as session:
        uid = create_need(session, {"member": "010", "item": "AP-WIFI6-IN", "quantity": "60",
                                    "funding_year": "2026", "funding_sources": "erate,local",
                                    "preferred_vendor": "Blue Ridge Technology"}).uid
    with region.transaction("Rita at the Region 5 meeting") as session:
        confirm_needs(session, [uid], by="Dr. Lee, 010's CTO")
    result = import_bundle(state, export_bundle(region, tmp_path / "r5.zip").path)
    assert result.totals()["refused"] == 0

    awarded_scenario(state, tmp_path, needs=False)
    with state.transaction() as session:
        allocate(session, REF)

    story = _history(capsys, state.data_dir, uid)
    assert [(e["action"], e["where"], e["entity"]) for e in story] == [
        ("arrived (new)", "bundle from Region 5", "needs"),
        ("created", "this instance", "allocations")]
    allocated = story[-1]
    assert f"→ {VENDOR} under contract NC-2026-001" in allocated["record"]
    assert {"field": "how", "old": None, "new": "preferred"} in allocated["changes"]

    import_bundle(region, export_bundle(state, tmp_path / "to-r5.zip", to="region:5").path)
    story = _history(capsys, region.data_dir, uid)
    typed, confirmed, arrived = story
    assert (typed["action"], typed["who"], typed["where"]) == (
        "created", "Rita at the Region 5 meeting", "this instance")
    assert {"field": "quantity", "old": None, "new": "60"} in typed["changes"]
    assert (confirmed["action"], confirmed["who"]) == ("changed",
                                                      "Rita at the Region 5 meeting")
    assert {"field": "status", "old": "draft", "new": "confirmed"} in confirmed["changes"]
    assert {"field": "confirmed_by", "old": "", "new": "Dr. Lee, 010's CTO"} in \
        confirmed["changes"]
    assert (arrived["action"], arrived["where"], arrived["entity"]) == (
        "arrived (new)", "bundle from the state", "allocations")
    assert f"→ {VENDOR} under contract NC-2026-001" in arrived["record"]

    code = main(["--data-dir", str(region.data_dir), "history", "--record", uid])
    out = capsys.readouterr().out
    assert code == 0 and "bundle from the state" in out and "status: draft → confirmed" in out
