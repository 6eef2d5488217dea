"""What must be true before a member confirms need lines (issue #12 item 5).

- Every confirmed line names its funding source: the sheet an official signs totals the lines
  by source, and "Not specified" there is a question nobody can answer after the meeting.
  The suggestion offered is the source the member uses most on its other lines; failing that,
  the item's E-rate category (C1/C2 → E-rate, anything else → local funds).
- The same item twice for one member in one funding year is usually a typing slip (or two
  schools' quantities that belong on one line); it is shown before confirming and on the
  confirmation sheet, and confirmed only when someone says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ERATE_CATEGORIES = ("C1", "C2")
# How a funding source is written for people: the confirmation sheet, the Confirm dialog.
SOURCE_LABELS = {"erate": "E-rate", "federal": "Federal grant", "state": "State",
                 "local": "Local"}


@dataclass(frozen=True)
class LineFacts:
    """The little a check needs to know about one need line."""

    uid: str
    member_code: str
    funding_year: int
    item_code: str
    description: str
    unit: str
    funding_sources: tuple[str, ...]
    erate_category: str = ""
    status: str = "draft"


@dataclass(frozen=True)
class MissingSource:
    line: LineFacts
    suggested: tuple[str, ...]


@dataclass(frozen=True)
class Duplicate:
    """Two or more live lines of one member and funding year for the same item."""

    member_code: str
    funding_year: int
    label: str
    uids: tuple[str, ...]


def duplicate_key(line: LineFacts) -> tuple[str, int, str]:
    """Same member, same funding year, and the same catalog item (or, for a free-text line,
    the same description and unit, ignoring case and spacing)."""
    what = line.item_code.upper() if line.item_code else \
        " ".join(f"{line.description} / {line.unit}".casefold().split())
    return line.member_code.upper(), line.funding_year, what


def find_duplicates(lines: Iterable[LineFacts],
                    involving: Iterable[str] | None = None) -> list[Duplicate]:
    """Groups of withdrawn-excluded lines sharing a `duplicate_key`; with `involving`, only
    the groups that contain at least one of those uids (the lines being confirmed)."""
    groups: dict[tuple[str, int, str], list[LineFacts]] = {}
    for line in lines:
        if line.status != "withdrawn":
            groups.setdefault(duplicate_key(line), []).append(line)
    wanted = set(involving) if involving is not None else None
    found = []
    for (member, year, _what), group in groups.items():
        uids = tuple(line.uid for line in group)
        if len(group) < 2 or (wanted is not None and not wanted.intersection(uids)):
            continue
        first = group[0]
        label = first.item_code or first.description
        found.append(Duplicate(member, year, label, uids))
    return sorted(found, key=lambda d: (d.member_code, d.funding_year, d.label))


def suggested_sources(line: LineFacts, others: Sequence[LineFacts]) -> tuple[str, ...]:
    """The member's most used source combination on its other lines; else by E-rate
    category (ties go to the combination seen first)."""
    used = Counter(o.funding_sources for o in others
                   if o.uid != line.uid and o.member_code == line.member_code
                   and o.funding_sources and o.status != "withdrawn")
    if used:
        return used.most_common(1)[0][0]
    return ("erate",) if line.erate_category in ERATE_CATEGORIES else ("local",)


def missing_sources(to_confirm: Sequence[LineFacts],
                    member_lines: Sequence[LineFacts]) -> list[MissingSource]:
    """Lines about to be confirmed that have no funding source, each with a suggestion."""
    return [MissingSource(line, suggested_sources(line, member_lines))
            for line in to_confirm if not line.funding_sources]
