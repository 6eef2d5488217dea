"""`consortium needs ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import records_cmds
from app.cli.context import CliContext, print_json, print_table
from app.services.needs import list_needs
from app.services.values import plain_number


def register(commands: Any) -> None:
    needs = commands.add_parser("needs", help="members' need lines")
    sub = needs.add_subparsers(dest="needs_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list need lines")
    listing.add_argument("--member", metavar="CODE")
    listing.add_argument("--region", type=int, metavar="N")
    listing.add_argument("--status", choices=["draft", "confirmed", "withdrawn"])
    listing.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    template = sub.add_parser("template", help="write a needs spreadsheet for a member to fill in")
    template.add_argument("out", metavar="OUT", type=Path, help="file to write (.xlsx or .csv)")
    template.add_argument("--member", metavar="CODE", help="pre-fill this member's code")
    template.set_defaults(handler=cmd_template)

    importing = sub.add_parser("import", help="add or update need lines from a spreadsheet")
    importing.add_argument("file", metavar="FILE", type=Path, help=".xlsx or .csv")
    add_import_options(importing)
    importing.add_argument("--again", action="store_true",
                           help="import a file whose content was already imported here "
                                "(its lines without an id are added a second time)")
    importing.set_defaults(handler=cmd_import)

    export = sub.add_parser("export", help="write need lines to a spreadsheet")
    export.add_argument("out", metavar="OUT", type=Path, help="file to write (.xlsx or .csv)")
    export.add_argument("--member", metavar="CODE")
    export.add_argument("--region", type=int, metavar="N")
    export.add_argument("--status", choices=["draft", "confirmed", "withdrawn"])
    export.set_defaults(handler=cmd_export)

    records_cmds.register_needs(sub)


def add_import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true",
                        help="check every row and say what would change; write nothing")
    parser.add_argument("--skip-bad", action="store_true",
                        help="import the good rows and list the bad ones (default: a bad "
                             "row stops the whole file)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def print_import_report(report: Any, args: argparse.Namespace) -> None:
    """The summary line (or JSON); with --skip-bad each refused row goes to stderr."""
    if args.json:
        print_json(report.as_json())
    else:
        print(report.summary())
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_needs(session, member_code=args.member, region=args.region,
                          status=args.status, funding_year=args.funding_year)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["member", "item", "description", "qty", "unit", "unit price", "amount",
                 "FY", "status"],
                [[r.member_code, r.item_code, r.description[:40], plain_number(r.quantity),
                  r.unit, r.unit_price, r.amount, r.funding_year, r.status] for r in rows])
    return 0


def cmd_template(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_needs import write_needs_template

    ctx.store.require_identity()
    with ctx.store.session() as session:
        out = write_needs_template(session, args.out, member_code=args.member)
    print(f"Template written to {out}.")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_needs import import_needs

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        report = import_needs(session, args.file, dry_run=args.dry_run, skip_bad=args.skip_bad,
                              again=args.again)
    print_import_report(report, args)
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_needs import export_needs

    ctx.store.require_identity()
    with ctx.store.session() as session:
        count = export_needs(session, args.out, member_code=args.member, region=args.region,
                             status=args.status)
    print(f"{count} need line{'s' if count != 1 else ''} written to {args.out}.")
    return 0
