"""Confirming need lines with the safeguards of app.rules.confirm_checks: a funding source on
every line, and no duplicate item confirmed without someone saying so. The CLI's
`needs confirm` and the grid's Confirm action both come through here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import Need
from app.rules.confirm_checks import (
    SOURCE_LABELS,
    Duplicate,
    LineFacts,
    MissingSource,
    find_duplicates,
    missing_sources,
)
from app.services.needs import NeedRow, edit_need, get_need, set_status


def source_text(sources: Sequence[str]) -> str:
    """('erate', 'local') → 'E-rate + Local', as the confirmation sheet prints it."""
    return " + ".join(SOURCE_LABELS.get(s, s) for s in sources) or "none"


def line_label(line: LineFacts) -> str:
    return f"{line.member_code} {line.item_code or line.description} (line {line.uid})"


def row_facts(row: NeedRow, erate_category: str = "") -> LineFacts:
    return LineFacts(row.uid, row.member_code, row.funding_year, row.item_code,
                     row.description, row.unit, row.funding_sources, erate_category,
                     row.status)


def _facts(need: Need) -> LineFacts:
    return LineFacts(need.uid, need.member.code, need.funding_year,
                     need.item.code if need.item else "", need.description, need.unit,
                     tuple(s for s in need.funding_sources.split(",") if s),
                     need.item.erate_category if need.item else "", need.status)


class MissingSourceError(UserError):
    """Confirm refused: a line has no funding source and none was given."""


class DuplicateItemsError(UserError):
    """Confirm refused: the same item twice, and the duplicates were not accepted."""


@dataclass(frozen=True)
class ConfirmReview:
    """What confirming `lines` would need first: sources to supply, duplicates to accept."""

    lines: tuple[LineFacts, ...]
    missing: tuple[MissingSource, ...]
    duplicates: tuple[Duplicate, ...]

    @property
    def clear(self) -> bool:
        return not self.missing and not self.duplicates

    def missing_text(self) -> str:
        shown = "; ".join(f"{line_label(m.line)}: suggested {source_text(m.suggested)}"
                          for m in self.missing[:5])
        more = f"; and {len(self.missing) - 5} more" if len(self.missing) > 5 else ""
        count = len(self.missing)
        return (f"{count} line{'s have' if count != 1 else ' has'} no funding source "
                f"({shown}{more})")

    def duplicates_text(self) -> str:
        return "; ".join(f"{d.member_code} has {d.label} on {len(d.uids)} lines for "
                         f"FY{d.funding_year} ({', '.join(d.uids)})"
                         for d in self.duplicates)


def review_confirmation(session: Session, uids: Iterable[str]) -> ConfirmReview:
    """The checks for confirming these lines (withdrawn and already confirmed ones are not
    confirmed again, so they are left out), against each member's other live lines."""
    needs = [get_need(session, uid) for uid in dict.fromkeys(uids)]
    to_confirm = [_facts(n) for n in needs if n.status == "draft"]
    member_ids = {n.member_id for n in needs}
    others = [_facts(n) for n in session.scalars(select(Need).where(
        Need.member_id.in_(member_ids), Need.deleted.is_(False),
        Need.status != "withdrawn"))] if member_ids else []
    return ConfirmReview(
        tuple(to_confirm), tuple(missing_sources(to_confirm, others)),
        tuple(find_duplicates(others, involving=[f.uid for f in to_confirm])))


def confirm_needs(session: Session, uids: Sequence[str], *, by: str = "",
                  sources: str | Mapping[str, str] | None = None, use_suggested: bool = False,
                  accept_duplicates: bool = False) -> list[NeedRow]:
    """Confirm lines after the checks; refuses (changing nothing) while a line has no funding
    source and none is given, or a duplicate item is not accepted.

    `sources` fills the lines that have none: one value for all ('erate,local'), or one per
    uid; `use_suggested` fills the rest with each line's suggestion.
    """
    for uid in uids:
        if get_need(session, uid).status == "withdrawn":
            raise UserError(f"Line {uid} is withdrawn: reopen it before it is confirmed.")
    review = review_confirmation(session, uids)
    unfilled = []
    for missing in review.missing:
        given = sources.get(missing.line.uid) if isinstance(sources, Mapping) else sources
        if not given and use_suggested:
            given = ",".join(missing.suggested)
        if given:
            edit_need(session, missing.line.uid, {"funding_sources": given})
        else:
            unfilled.append(missing)
    if unfilled:
        partial = ConfirmReview(review.lines, tuple(unfilled), ())
        raise MissingSourceError(f"Not confirmed: {partial.missing_text()}. Say where the "
                                 f"money comes from first.")
    if review.duplicates and not accept_duplicates:
        raise DuplicateItemsError(f"Not confirmed: the same item twice — "
                                  f"{review.duplicates_text()}. Merge or withdraw one, or "
                                  f"confirm them anyway.")
    return [set_status(session, line.uid, "confirmed", by=by) for line in review.lines]
