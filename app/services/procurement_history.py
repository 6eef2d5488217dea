"""The procurement file's last part: the history of the procurement's records, read from
`app.services.history` (the procurement, its lots, items, bids, awards, contracts...) and
laid out as one compact table, oldest first.

A procurement's trail can run to thousands of entries (every lot item of a statewide
packet is created one by one), so two rules keep the part readable; the page states both:
- BULK or more alike entries (records of one kind created, or changed in the same fields)
  by the same person, from the same place, in the same minute are one row: "lot items: 7
  created" (the service offers no grouping of its own);
- after MAX_ROWS rows the table stops with the number of changes left out and the command
  that lists them all (`consortium history --procurement REF`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.reports.procurement_file import Grid, Part
from app.rules.bid_opening import nc_time_text
from app.services.history import HistoryEntry, change_text, history, value_text

TITLE = "History of the procurement's records"
MAX_ROWS = 150  # about ten landscape pages: the whole trail stays one command away
WIDTH = 60  # a long value (a packet section, notes) is cut; the CLI's --json has it all
CREATES = frozenset({"created", "arrived (new)"})
BULK = 3  # this many alike entries in one burst are counted on one row
HIDDEN = frozenset({"owner", "deleted", "created_at"})  # bookkeeping every record carries


@dataclass(frozen=True)
class Row:
    """One printed row: an entry, or `count` alike entries counted together (`first` the
    oldest of them)."""

    first: HistoryEntry
    count: int = 1


def _burst(entry: HistoryEntry) -> tuple[object, ...]:
    return entry.who, entry.where, entry.when.replace(second=0, microsecond=0)


def _kind(entry: HistoryEntry) -> tuple[object, ...]:
    """Alike entries: one kind of record, one action, and for changes the same fields."""
    fields = () if entry.action in CREATES else tuple(f for f, _o, _n in entry.changes)
    return entry.entity, entry.action, fields


def grouped(entries: list[HistoryEntry]) -> list[Row]:
    """Oldest first. Within a burst (consecutive entries by the same person, from the same
    place, in the same minute), BULK or more alike entries are one counted row, placed
    where the first of them was; fewer stay one row each."""
    rows: list[Row] = []
    start = 0
    while start < len(entries):
        end = start + 1
        while end < len(entries) and _burst(entries[end]) == _burst(entries[start]):
            end += 1
        kinds: dict[tuple[object, ...], list[HistoryEntry]] = {}
        for entry in entries[start:end]:
            kinds.setdefault(_kind(entry), []).append(entry)
        for entry in entries[start:end]:
            alike = kinds[_kind(entry)]
            if len(alike) < BULK:
                rows.append(Row(entry))
            elif alike[0] is entry:
                rows.append(Row(entry, len(alike)))
        start = end
    return rows


def _fields(entry: HistoryEntry) -> str:
    """A created record's values, without the links and bookkeeping a reader cannot use."""
    values = "; ".join(f"{field}: {change_text(None, new, WIDTH)}"
                       for field, _old, new in entry.changes
                       if new not in (None, "") and field not in HIDDEN
                       and not field.endswith(("_uid", "_id")))
    return value_text(values, 2 * WIDTH)


def _cells(row: Row) -> tuple[str, ...]:
    e = row.first
    head = (nc_time_text(e.when), e.who, e.where)
    if row.count > 1:
        kind = e.entity.replace("_", " ")
        fields = ", ".join(f for f, _o, _n in e.changes) if e.action not in CREATES else ""
        return (*head, f"{kind}: {row.count} {e.action}", "",
                f"{fields + '; ' if fields else ''}the first: {e.record}")
    if e.action in CREATES:
        return (*head, e.record, e.action, _fields(e))
    changes = "\n".join(f"{field}: {change_text(old, new, WIDTH)}"
                        for field, old, new in e.changes)
    return (*head, e.record, e.action, changes)


def history_part(session: Session, ref: str, max_rows: int = MAX_ROWS) -> Part:
    rows = grouped(history(session, procurement=ref))
    shown = tuple(_cells(r) for r in rows[:max_rows])
    left = sum(r.count for r in rows[max_rows:])
    more = (f"{left} more change(s), from {nc_time_text(rows[max_rows].first.when)} on: see "
            f"`consortium history --procurement {ref}`.",) if left else ()
    return Part(TITLE, intro=(
        "Every recorded change of the procurement and of the records about it (lots, items, "
        "bids, awards, contracts...), oldest first: when (Eastern), who, where (this "
        "instance, a bundle from a region or the state, a conflict resolution), the record, "
        f"what was done and each field's old → new value. {BULK} or more records of one "
        "kind created (or changed in the same fields) by the same person, from the same "
        "place, in the same minute are counted on one row, naming the first; the table "
        f"stops after {max_rows} rows, and `consortium history --procurement {ref}` lists "
        "every change in full.",),
        grids=(Grid(("When (Eastern)", "Who", "Where", "Record", "Action",
                     "Field: old → new"), shown, (1.7, 1.1, 1.2, 2.2, 0.8, 3.2),
                    empty="No change is recorded."),),
        outro=more, landscape=True)
