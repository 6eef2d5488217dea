"""The procurement file's history part: alike entries of one burst counted on one row, the
rest one row each, oldest first; a long trail capped with the count left out and the command
that lists it all, the rule stated on the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.services import procurement_history as ph
from app.services.history import HistoryEntry

T0 = datetime(2026, 1, 14, 19, 0, tzinfo=UTC)


def entry(seconds: int, entity: str, action: str, record: str,
          changes: tuple[tuple[str, Any, Any], ...] = (), who: str = "Ann Lee") -> HistoryEntry:
    return HistoryEntry(T0 + timedelta(seconds=seconds), who, "this instance", entity,
                        f"uid-{record}", record, action, changes)


def test_alike_entries_of_one_burst_are_one_row() -> None:
    items = [entry(i, "lot_items", "created", f"lot item {i}",
                   (("lot_uid", None, "x"), ("quantity", None, i))) for i in range(7)]
    lot = entry(1, "lots", "created", "lot 1", (("name", None, "Wi-Fi"), ("owner", None, "s")))
    later = entry(90, "lot_items", "created", "lot item 9")  # another minute: its own row
    other = entry(91, "lot_items", "created", "lot item 10", who="Bo Diaz")
    rows = ph.grouped([items[0], lot, *items[1:], later, other])
    cells = [ph._cells(r) for r in rows]
    assert [c[3] for c in cells] == ["lot items: 7 created", "lot 1", "lot item 9",
                                     "lot item 10"]
    assert cells[0][5] == "the first: lot item 0"
    # A created record shows its values, not its links or bookkeeping.
    assert cells[1][4:] == ("created", "name: Wi-Fi")


def test_changes_keep_old_and_new_unless_in_bulk() -> None:
    one = entry(0, "procurements", "changed", "procurement P1", (("status", "planning",
                                                                  "evaluating"),))
    bulk = [entry(1 + i, "procurement_members", "changed", f"member {i}",
                  (("loa_problems", "", "none"),)) for i in range(4)]
    rows = [ph._cells(r) for r in ph.grouped([one, *bulk])]
    assert rows[0][5] == "status: planning → evaluating"
    assert rows[1][3] == "procurement members: 4 changed"
    assert rows[1][5].startswith("loa_problems; the first: member 0")


def test_a_long_trail_is_capped_with_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    trail = [entry(120 * i, "procurements", "changed", "procurement P1",
                   (("notes", f"{i}", f"{i + 1}"),)) for i in range(12)]
    monkeypatch.setattr(ph, "history", lambda _s, procurement: trail)
    part = ph.history_part(None, "P1", max_rows=10)  # type: ignore[arg-type]
    assert len(part.grids[0].rows) == 10
    assert part.outro[0].startswith("2 more change(s), from 2026-01-14 14:20 EST on")
    assert "`consortium history --procurement P1`" in part.outro[0]
    assert "stops after 10 rows" in part.intro[0] and "3 or more records" in part.intro[0]
    monkeypatch.setattr(ph, "history", lambda _s, procurement: trail[:3])
    assert ph.history_part(None, "P1", max_rows=10).outro == ()  # type: ignore[arg-type]
