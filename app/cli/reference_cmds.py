"""`consortium fy list|set`: funding-year parameters (the catalog is in catalog_cmds)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError
from app.services.funding_years import edit_funding_year, list_funding_years
from app.services.values import plain_number


def register(commands: Any) -> None:
    fy = commands.add_parser("fy", help="funding-year parameters (E-rate, NC, federal)")
    fy_sub = fy.add_subparsers(dest="fy_command", metavar="ACTION", required=True)
    fy_list = fy_sub.add_parser("list", help="list funding years with their key figures")
    fy_list.add_argument("--json", action="store_true", help="print JSON (every parameter)")
    fy_list.set_defaults(handler=cmd_fy_list)
    fy_set = fy_sub.add_parser("set", help="change one parameter (state instance only)")
    fy_set.add_argument("year", type=int)
    fy_set.add_argument("field", help="e.g. c2_multiplier, form471_window_closes, "
                                      "discount_matrix (JSON)")
    fy_set.add_argument("value")
    fy_set.set_defaults(handler=cmd_fy_set)


def cmd_fy_list(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        years = list_funding_years(session)
    if args.json:
        print_json([y.as_json() for y in years])
        return 0
    print_table(["year", "471 window", "C2 per student", "C2 floor", "NC informal", "NC formal",
                 "micro-purchase", "SAT"],
                [[y.year, f"{y.values['form471_window_opens']} – "
                          f"{y.values['form471_window_closes']}",
                  plain_number(y.values["c2_multiplier"]), plain_number(y.values["c2_floor"]),
                  plain_number(y.values["nc_informal_bid_threshold"]),
                  plain_number(y.values["nc_formal_bid_threshold"]),
                  plain_number(y.values["federal_micro_purchase_threshold"]),
                  plain_number(y.values["federal_simplified_acquisition_threshold"])]
                 for y in years])
    return 0


def cmd_fy_set(args: argparse.Namespace, ctx: CliContext) -> int:
    value: Any = args.value
    if args.field == "discount_matrix":
        try:
            value = json.loads(args.value)
        except json.JSONDecodeError as error:
            raise UserError(f"discount_matrix: not valid JSON ({error.msg})") from error
    with ctx.store.transaction() as session:
        view = edit_funding_year(session, args.year, {args.field: value})
    shown = view.values.get(args.field)
    print(f"FY{view.year}: {args.field} = {json.dumps(shown, default=str)}")
    return 0
