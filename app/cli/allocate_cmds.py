"""`consortium allocate ...`: an awarded procurement's allocation back to its members.

    consortium allocate run PROCUREMENT
    consortium allocate show PROCUREMENT [--member CODE] [--json]
    consortium allocate choose PROCUREMENT MEMBER --lot N (--vendor V | --rule)
    consortium allocate letter PROCUREMENT MEMBER --out FILE.pdf
    consortium allocate letters PROCUREMENT [--region N] --out DIR

`run` (state) matches every participating member's confirmed lines to an awarded vendor —
its choice, else its preferred vendor where it won, else the lowest evaluated — with the
contract price, the savings and the E-rate split; `show` works on any instance that
received the state's bundle, and so do `letter`/`letters` (the members' award letters: a
region prints its own members' by default).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError
from app.rules.money import figure
from app.services.allocation import totals_line


def register(commands: Any) -> None:
    allocate = commands.add_parser(
        "allocate", help="allocate an awarded procurement's lines to the members' vendors",
        description="consortium allocate run|show|choose PROCUREMENT ...")
    sub = allocate.add_subparsers(dest="allocate_command", metavar="ACTION", required=True)
    run = sub.add_parser("run", help="allocate every participating member's confirmed lines "
                                     "(again after a change; choices are kept)")
    run.add_argument("procurement", metavar="PROCUREMENT", help="reference, e.g. P2026-001")
    run.set_defaults(handler=cmd_run)
    show = sub.add_parser("show", help="the allocated lines: vendor, prices, savings, E-rate")
    show.add_argument("procurement", metavar="PROCUREMENT")
    show.add_argument("--member", default=None, metavar="CODE", help="one member's lines")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)
    choose = sub.add_parser("choose", help="record a member's choice among a lot's awarded "
                                           "vendors")
    choose.add_argument("procurement", metavar="PROCUREMENT")
    choose.add_argument("member", metavar="MEMBER_CODE")
    choose.add_argument("--lot", type=int, required=True, metavar="N")
    which = choose.add_mutually_exclusive_group(required=True)
    which.add_argument("--vendor", default=None, metavar="V",
                       help="the awarded vendor the member buys this lot from")
    which.add_argument("--rule", action="store_true",
                       help="forget the choice: preferred vendor, else the lowest evaluated")
    choose.set_defaults(handler=cmd_choose)
    letter = sub.add_parser("letter", help="one member's award letter (PDF)")
    letter.add_argument("procurement", metavar="PROCUREMENT")
    letter.add_argument("member", metavar="MEMBER_CODE")
    letter.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help="the PDF to write")
    letter.set_defaults(handler=cmd_letter)
    letters = sub.add_parser("letters", help="every member's award letter, one PDF each")
    letters.add_argument("procurement", metavar="PROCUREMENT")
    letters.add_argument("--region", type=int, default=None, metavar="N",
                         help="only this region's members (a region instance: its own)")
    letters.add_argument("--out", type=Path, required=True, metavar="DIR",
                         help="the folder the PDFs are written to")
    letters.set_defaults(handler=cmd_letters)


def cmd_run(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.allocation import allocate

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        lines = allocate(session, args.procurement)
    print(f"{args.procurement}: {totals_line(lines)}")
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.allocation import list_allocations

    ctx.store.require_identity()
    with ctx.store.session() as session:
        lines = list_allocations(session, args.procurement, args.member)
    if args.json:
        print_json([a.as_json() for a in lines])
        return 0
    if not lines:
        print(f"{args.procurement}: nothing allocated"
              + (f" to {args.member}" if args.member else "") + " (consortium allocate run)")
        return 0
    print_table(["member", "line", "item", "qty", "vendor", "how", "unit price", "own price",
                 "savings", "E-rate", "member pays", "over budget"],
                [(a.member_code, a.line, a.description[:32], f"{a.quantity.normalize():f}",
                  a.vendor or "not awarded", a.how, figure(a.unit_price),
                  figure(a.own_unit_price), figure(a.savings), figure(a.erate_share),
                  figure(a.member_share), figure(a.over_budget) if a.over_budget else "")
                 for a in lines])
    print(totals_line(lines))
    return 0


def cmd_choose(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.allocation import choose_vendor

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        lines = choose_vendor(session, args.procurement, args.member, args.lot,
                              None if args.rule else args.vendor)
    mine = [a for a in lines if a.member_code == args.member.strip().upper()
            and a.lot == args.lot]
    vendors = sorted({a.vendor or "not awarded" for a in mine})
    print(f"{args.procurement} lot {args.lot}: {args.member.upper()} buys from "
          f"{', '.join(vendors)} ({mine[0].how if mine else 'no lines'})")
    return 0


def cmd_letter(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.reports.award_letter import render_award_letter
    from app.services.award_letters import award_letter

    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out}: the award letter is a PDF; name the file *.pdf")
    if not out.parent.exists():
        raise UserError(f"{out.parent}: no such folder")
    ctx.store.require_identity()
    with ctx.store.session() as session:
        letter = award_letter(session, args.procurement, args.member)
    data = render_award_letter(letter)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise UserError(f"{out}: cannot write the file ({error.strerror})") from error
    print(f"wrote {out}: {letter.member_code} {letter.member_name}, {len(letter.lines)} "
          f"line(s), {len(letter.vendors)} contract(s)")
    return 0


def cmd_letters(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.award_letters import default_region, write_letters

    ctx.store.require_identity()
    with ctx.store.session() as session:
        region = args.region if args.region is not None else default_region(session)
        written = write_letters(session, args.procurement, args.out, region)
    where = f" (region {region})" if region is not None else ""
    print(f"wrote {len(written)} award letter(s){where} to {args.out}:")
    for path in written:
        print(f"  {path.name}")
    return 0
