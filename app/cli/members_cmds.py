"""`consortium members ...`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import records_cmds
from app.cli.context import CliContext, print_json, print_table
from app.cli.needs_cmds import add_import_options, print_import_report
from app.services.members import list_members


def register(commands: Any) -> None:
    members = commands.add_parser("members", help="the region's or the state's members")
    sub = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list members")
    listing.add_argument("--region", type=int, metavar="N")
    listing.add_argument("--kind", choices=["lea", "charter", "regional"])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    importing = sub.add_parser(
        "import", help="create or update members from a spreadsheet (charter lists, "
                       "student and NSLP counts)")
    importing.add_argument("file", metavar="FILE", type=Path, help=".xlsx or .csv")
    add_import_options(importing)
    importing.set_defaults(handler=cmd_import)

    records_cmds.register_members(sub)
    records_cmds.register_schools_and_contacts(commands)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_members(session, region=args.region, kind=args.kind)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["code", "name", "kind", "county", "region", "students"],
                [[r.code, r.name, r.kind, r.county, r.region, r.students] for r in rows])
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_members import import_members

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        report = import_members(session, args.file, dry_run=args.dry_run,
                                skip_bad=args.skip_bad)
    print_import_report(report, args)
    return 0
