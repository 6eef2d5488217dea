"""Sentences of the packet that state facts about its data, generated from the same values
as the tables beside them, so that the text never asserts what a table contradicts."""

from __future__ import annotations

from collections.abc import Sequence

from app.reports.packet.dto import LotDTO, MemberDTO


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def loa_statement(members: Sequence[MemberDTO], lead: str) -> str:
    """How many members have a complete letter of agency, naming the others."""
    total = len(members)
    if total == 0:
        return "No member takes part yet."
    missing = [m.code for m in members if not m.loa_ok]
    if not missing:
        return (f"Each of the {_plural(total, 'participating member', 'participating members')}"
                f" has given {lead} a complete letter of agency authorising it to run this "
                "competitive bidding for the member's needs for the funding years shown.")
    complete = total - len(missing)
    head = (f"{complete:,} of the {total:,} participating members have given {lead} a "
            "complete letter of agency authorising it to run this competitive bidding for "
            "their needs for the funding years shown.")
    one = len(missing) == 1
    others = (f" {_plural(len(missing), 'member', 'members')} ({', '.join(missing)}) "
              f"{'does' if one else 'do'} not have a complete letter on the issue date: "
              f"{'it is' if one else 'each is'} marked \"Not complete\" below with what is "
              "lacking, and is removed from the award unless "
              f"{'its' if one else 'its own'} letter is completed before the allowable "
              "contract date.")
    return head + others


def award_statement(lots: Sequence[LotDTO]) -> str:
    """How lots are awarded, in one sentence that holds for every lot."""
    if not lots:
        return "Award is made per lot."
    bases = {lot.award for lot in lots}
    if len(bases) == 1:
        basis = next(iter(bases))
        scope = "the lot" if len(lots) == 1 else "each lot"
        per = "line" if basis.per_line else "lot"
        return f"Award is made per {per}. For {scope}: {basis.describe()}"
    per = " or per line" if any(b.per_line for b in bases) else ""
    return (f"Award is made per lot{per}, on the basis stated for each lot in the table "
            "\"Award basis by lot\" (section \"Evaluation criteria and weights\").")


def piggyback_statement(allowed: bool, erate: bool) -> str:
    """Whether other NC public agencies may buy from the awarded contracts later
    (G.S. 143-129(g)); nothing when the packet does not allow it. With E-rate money, that
    such purchases get no E-rate (they are not on the consortium's Form 470)."""
    if not allowed:
        return ""
    text = ("Other North Carolina public agencies that do not take part may purchase from the "
            "awarded contracts at the same or better prices and terms, as G.S. 143-129(g) "
            "allows: within 12 months of the contract date, after their governing board "
            "approves it at a regularly scheduled meeting following public notice.")
    if erate:
        text += (" Such purchases are not on the Consortium's FCC Form 470 and receive no "
                 "E-rate discount under these contracts.")
    return text
