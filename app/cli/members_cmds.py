"""`consortium members ...`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.services.members import list_members


def register(commands: Any) -> None:
    members = commands.add_parser("members", help="the region's or the state's members")
    sub = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list members")
    listing.add_argument("--region", type=int, metavar="N")
    listing.add_argument("--kind", choices=["lea", "charter", "regional"])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)


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
