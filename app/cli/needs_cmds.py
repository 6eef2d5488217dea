"""`consortium needs ...`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.services.needs import list_needs


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
                [[r.member_code, r.item_code, r.description[:40], r.quantity.normalize(),
                  r.unit, r.unit_price, r.amount, r.funding_year, r.status] for r in rows])
    return 0
