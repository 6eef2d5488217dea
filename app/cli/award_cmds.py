"""`consortium award ...`: the award of an opened, evaluated procurement's lots.

    consortium award propose PROCUREMENT [--json]
    consortium award record PROCUREMENT --lot N [--line N] [--vendor V ...]
                            --contract NUMBER --signed YYYY-MM-DD [--term-months N]
                            [--renewals N] [--board-approved YYYY-MM-DD]
    consortium award record PROCUREMENT --lot N [--line N] --no-award REASON
    consortium award list PROCUREMENT [--json]
    consortium award join|joins|unjoin ...   (members joining later: app/cli/piggyback_cmds.py)

The award applies exactly the basis the packet states; anything else is refused (exit 2).
A lot whose basis is "per line" is recorded line by line (--line, required there).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import piggyback_cmds
from app.cli.context import CliContext, print_json, print_table


def register(commands: Any) -> None:
    award = commands.add_parser(
        "award", help="award lots by the packet's basis and record the contracts",
        description="consortium award propose|record|list|join|joins|unjoin PROCUREMENT ...")
    sub = award.add_subparsers(dest="award_command", metavar="ACTION", required=True)
    propose = sub.add_parser("propose", help="per lot, who the packet's award basis picks "
                                             "and why the others are not")
    propose.add_argument("procurement", metavar="PROCUREMENT", help="reference, e.g. P2026-001")
    propose.add_argument("--json", action="store_true", help="print JSON")
    propose.set_defaults(handler=cmd_propose)
    record = sub.add_parser("record", help="record a lot's award and its contract (or a "
                                           "no-award)")
    record.add_argument("procurement", metavar="PROCUREMENT")
    record.add_argument("--lot", type=int, required=True, metavar="N")
    record.add_argument("--line", default=None, metavar="N",
                        help="the line of a lot awarded per line (\"1.2\", or 2 for the "
                             "lot's second line)")
    record.add_argument("--vendor", action="append", default=[], metavar="V",
                        help="an awarded vendor (repeat for each); default: the basis's own")
    record.add_argument("--contract", default="", metavar="NUMBER", help="contract number")
    record.add_argument("--signed", default=None, metavar="YYYY-MM-DD",
                        help="the contract date")
    record.add_argument("--term-months", type=int, default=12, metavar="N",
                        help="the contract term in months (default 12)")
    record.add_argument("--renewals", type=int, default=0, metavar="N",
                        help="renewal options (default 0)")
    record.add_argument("--board-approved", default=None, metavar="YYYY-MM-DD",
                        help="the date the board approved the award (formal bids)")
    record.add_argument("--no-award", default="", metavar="REASON",
                        help="record that the lot is not awarded, and why")
    record.set_defaults(handler=cmd_record)
    listing = sub.add_parser("list", help="the recorded awards and contracts")
    listing.add_argument("procurement", metavar="PROCUREMENT")
    listing.add_argument("--json", action="store_true",
                         help="print JSON (with the not-to-exceed prices and tiers)")
    listing.set_defaults(handler=cmd_list)
    piggyback_cmds.add_actions(sub)  # join, joins, unjoin: members joining later


def cmd_propose(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.award import propose_award

    ctx.store.require_identity()
    with ctx.store.session() as session:
        lots = propose_award(session, args.procurement)
    if args.json:
        print_json([p.as_json() for p in lots])
        return 0
    for p in lots:
        print(f"Lot {p.lot} {p.name}: {p.decision.basis.describe()}")
        if not p.per_line:
            _print_decision(p.decision, p.recorded, "  ")
            continue
        for e in p.decision.excluded:
            print(f"  not awarded on any line: {e.vendor}: {e.reason}")
        for line in p.lines:
            print(f"  line {line.line} {line.description}:")
            _print_decision(line.decision, line.recorded, "    ", excluded=False)
    return 0


def _print_decision(d: Any, recorded: Any, indent: str, excluded: bool = True) -> None:
    if recorded:
        print(f"{indent}recorded: " + ", ".join(r.vendor or f"no award ({r.no_award_reason})"
                                                for r in recorded))
    if d.pending:
        print(f"{indent}pending: {d.pending}")
    elif d.tied:
        print(f"{indent}tie: {', '.join(d.tied)} (choose one: --vendor)")
    elif d.awarded:
        print(f"{indent}award: {', '.join(d.awarded)}")
    else:
        print(f"{indent}no award: {d.no_award_reason}")
    for e in (*d.not_picked, *(d.excluded if excluded else ())):
        print(f"{indent}not awarded: {e.vendor}: {e.reason}")


def cmd_record(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.award import record_award

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        lines = record_award(session, args.procurement, args.lot, args.vendor or None,
                             contract=args.contract, signed_on=args.signed,
                             term_months=args.term_months, renewals=args.renewals,
                             board_approved_on=args.board_approved, no_award=args.no_award,
                             line=args.line)
    for line in lines:
        what = f"line {line.line}" if line.line else f"lot {line.lot}"
        if line.vendor is None:
            print(f"{args.procurement} {what}: not awarded ({line.no_award_reason})")
        else:
            print(f"{args.procurement} {what}: awarded to {line.vendor}, contract "
                  f"{line.contract} signed {line.signed_on}, {len(line.prices)} "
                  "not-to-exceed price(s)")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.award import list_awards

    ctx.store.require_identity()
    with ctx.store.session() as session:
        lines = list_awards(session, args.procurement)
    if args.json:
        print_json([line.as_json() for line in lines])
        return 0
    if not lines:
        print(f"{args.procurement}: no award recorded")
        return 0
    print_table(["lot", "line", "vendor", "rank", "basis", "contract", "signed", "term",
                 "renewals", "board approved"],
                [(a.lot, a.line or "whole lot",
                  a.vendor or f"not awarded: {a.no_award_reason}", a.rank or "",
                  a.basis, a.contract, a.signed_on or "", a.term_months or "",
                  "" if a.renewal_options is None else a.renewal_options,
                  a.board_approved_on or "") for a in lines])
    return 0
