"""`consortium award join|joins|unjoin ...`: members that did not take part joining an
awarded procurement's contracts later (piggyback, G.S. 143-129(g)).

    consortium award join PROCUREMENT MEMBER --notice YYYY-MM-DD
                          --board-approved YYYY-MM-DD --joined YYYY-MM-DD [--note TEXT]
    consortium award joins PROCUREMENT [--json]
    consortium award unjoin PROCUREMENT MEMBER

Added to the `award` command's actions by `app.cli.award_cmds`. A join the rule refuses
(`app.rules.piggyback`) exits 2 with every reason; nothing is stored.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, print_json, print_table


def add_actions(sub: Any) -> None:
    """The piggyback actions under `consortium award`."""
    join = sub.add_parser("join", help="record that a member that did not take part joins "
                                       "the awarded contracts (piggyback, G.S. 143-129(g))")
    join.add_argument("procurement", metavar="PROCUREMENT", help="reference, e.g. P2026-001")
    join.add_argument("member", metavar="MEMBER_CODE")
    join.add_argument("--notice", required=True, metavar="YYYY-MM-DD",
                      help="the day the public notice of the waiver appeared")
    join.add_argument("--board-approved", required=True, metavar="YYYY-MM-DD",
                      help="the member board's approval, at a regularly scheduled meeting")
    join.add_argument("--joined", required=True, metavar="YYYY-MM-DD",
                      help="the day the member joined the contracts")
    join.add_argument("--note", default="", metavar="TEXT", help="e.g. the meeting's minutes")
    join.set_defaults(handler=cmd_join)
    joins = sub.add_parser("joins", help="the members that joined the contracts later")
    joins.add_argument("procurement", metavar="PROCUREMENT")
    joins.add_argument("--json", action="store_true", help="print JSON")
    joins.set_defaults(handler=cmd_joins)
    unjoin = sub.add_parser("unjoin", help="remove a join recorded by mistake (its lines "
                                           "leave the allocation)")
    unjoin.add_argument("procurement", metavar="PROCUREMENT")
    unjoin.add_argument("member", metavar="MEMBER_CODE")
    unjoin.set_defaults(handler=cmd_unjoin)


def cmd_join(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.cli.allocate_cmds import totals_line
    from app.services.piggyback import join_contract

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        view, lines = join_contract(session, args.procurement, args.member, args.notice,
                                    args.board_approved, args.joined, args.note)
    print(f"{args.procurement}: {view.member_code} {view.member_name} joined the contracts "
          f"on {view.joined_on.isoformat()} (piggyback, no E-rate)")
    if lines:
        print(totals_line(lines))
    else:
        print("no confirmed lines for the lots' items yet: once they are confirmed, run "
              f"consortium allocate run {args.procurement}")
    return 0


def cmd_joins(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.piggyback import list_joins

    ctx.store.require_identity()
    with ctx.store.session() as session:
        joins = list_joins(session, args.procurement)
    if args.json:
        print_json([j.as_json() for j in joins])
        return 0
    if not joins:
        print(f"{args.procurement}: no member joined the contracts later")
        return 0
    print_table(["member", "name", "notice", "board approved", "joined", "lines", "note"],
                [(j.member_code, j.member_name, j.notice_on, j.board_approved_on, j.joined_on,
                  j.lines, j.note) for j in joins])
    return 0


def cmd_unjoin(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.piggyback import withdraw_join

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        withdraw_join(session, args.procurement, args.member)
    print(f"{args.procurement}: {args.member.strip().upper()}'s join removed; allocated again")
    return 0
