"""`consortium history`: who changed what, when, old → new, and on which instance.

    consortium history (--record UID | --member CODE | --procurement ID)
                       [--since YYYY-MM-DD] [--limit N] [--json]

A record's history includes the records about it: a need line's allocations (so its story
reaches the award), a member's schools, contacts, letters, needs and allocations, a
procurement's lots, bids, awards, contracts and the rest.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.cli.context import CliContext, print_json, print_table

WIDTH = 40  # a long text (notes, a packet section) is cut in the table; --json has it all


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "history", help="the audit trail of a record, a member or a procurement",
        description="who changed what, when, old → new, and where (this instance, a bundle "
                    "from a region or the state, a conflict resolution)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--record", metavar="UID", help="one record (with the records "
                                                       "pointing at it, e.g. a need's "
                                                       "allocations)")
    which.add_argument("--member", metavar="CODE", help="a member and every record about it")
    which.add_argument("--procurement", metavar="ID", help="a procurement (e.g. P2026-001) "
                                                           "and every record of it")
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                        help="only changes from that day on")
    parser.add_argument("--limit", type=int, metavar="N", help="only the newest N changes")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=cmd_history)


def cmd_history(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.history import change_text, history, value_text

    ctx.store.require_identity()
    with ctx.store.session() as session:
        entries = history(session, record_uid=args.record, member=args.member,
                          procurement=args.procurement, since=args.since, limit=args.limit)
    if args.json:
        print_json([e.as_json() for e in entries])
        return 0
    if not entries:
        print("No changes recorded" + (f" since {args.since}" if args.since else "") + ".")
        return 0
    rows = []
    for entry in entries:
        first = [entry.when.strftime("%Y-%m-%d %H:%M"), entry.who, entry.where,
                 value_text(entry.record, WIDTH), entry.action]
        changes = [f"{field}: {change_text(old, new, WIDTH)}"
                   for field, old, new in entry.changes] or [""]
        rows.append([*first, changes[0]])
        rows.extend(["", "", "", "", "", text] for text in changes[1:])
    print_table(["when", "who", "where", "record", "action", "field: old → new"], rows)
    return 0
