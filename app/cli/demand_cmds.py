"""`consortium demand ...`: aggregated need lines, the lines behind a figure, vendor shares."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.services.demand import aggregate_demand, demand_lines, vendor_shares
from app.services.values import plain_number


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year",
                        help="one funding year (default: all)")
    parser.add_argument("--include-drafts", action="store_true",
                        help="count draft lines too (default: confirmed lines only)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def register(commands: Any) -> None:
    demand = commands.add_parser(
        "demand", help="need lines added up by item, category, region or member",
        description="Demand: confirmed need lines added up. With no action, prints the "
                    "figures grouped by --by.")
    demand.add_argument("--by", default="item", metavar="GROUPING",
                        help="item, category, region, member or fy; several with commas, "
                             "e.g. item,region (default: item)")
    _filters(demand)
    demand.add_argument("--out", type=Path, metavar="FILE",
                        help="also write the figures to FILE (.xlsx with totals and vendor "
                             "shares, or .csv)")
    demand.set_defaults(handler=cmd_demand)
    sub = demand.add_subparsers(dest="demand_command", metavar="ACTION")

    vendors = sub.add_parser("vendors", help="share of demand by preferred and current vendor")
    vendors.add_argument("--by", choices=["item", "category"], default="item")
    _filters(vendors)
    vendors.set_defaults(handler=cmd_vendors)

    lines = sub.add_parser("lines", help="the need lines behind one figure")
    lines.add_argument("--item", metavar="CODE")
    lines.add_argument("--category", metavar="CODE")
    lines.add_argument("--region", type=int, metavar="N")
    lines.add_argument("--member", metavar="CODE")
    _filters(lines)
    lines.set_defaults(handler=cmd_lines)


def cmd_demand(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        report = aggregate_demand(session, args.by, args.funding_year, args.include_drafts)
        vendors = None
        if args.out is not None and args.out.suffix.lower() == ".xlsx" \
                and report.dims[0] in ("item", "category") and len(report.dims) == 1:
            vendors = vendor_shares(session, report.dims[0], args.funding_year,
                                    args.include_drafts)
    if args.out is not None:
        from app.services.tabular_demand import write_demand

        count = write_demand(args.out, report, vendors)
        if not args.json:
            print(f"{count} row{'s' if count != 1 else ''} written to {args.out}.")
    if args.json:
        print_json(report.as_json())
        return 0
    if args.out is not None:
        return 0
    headers = [*report.dims, "name", "quantity", "unit", "amount", "members", "lines"]
    print_table(headers, [[*r.key, r.title if len(r.dims) > 1 else r.labels[0],
                           plain_number(r.quantity), r.unit, r.amount, r.members, r.lines]
                          for r in report.rows])
    potential = report.potential
    print(f"\nTotal {report.amount:,} from {report.members:,} members, {report.lines:,} lines"
          f" ({'confirmed and draft' if report.include_drafts else 'confirmed'}). "
          f"Buying each of the {len(report.rows):,} groups once replaces "
          f"{potential.separate_procurements:,} separate purchases.")
    for row in report.effort:
        if row.consortium_procurements:
            print(f"Effort saved ({row.source}): {row.consortium_procurements} consortium "
                  f"procurement(s) replace {row.separate_procurements} separate ones.")
    return 0


def cmd_vendors(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        groups = vendor_shares(session, args.by, args.funding_year, args.include_drafts)
    if args.json:
        print_json([g.as_json() for g in groups])
        return 0
    rows = []
    for g in groups:
        top = g.preferred.vendors[0] if g.preferred.vendors else None
        rows.append([g.code, g.name[:40], g.amount, g.members,
                     f"{top.vendor} {top.share * 100:.0f} %" if top else "",
                     g.preferred.cover(Decimal("0.8")), g.preferred.cover(Decimal("0.95")),
                     g.current.cover(Decimal("0.8")), g.current.cover(Decimal("0.95"))])
    print_table([args.by, "name", "amount", "members", "top preferred", "pref. 80 %",
                 "pref. 95 %", "curr. 80 %", "curr. 95 %"], rows)
    return 0


def cmd_lines(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    key = {k: v for k, v in (("item", args.item), ("category", args.category),
                             ("region", args.region), ("member", args.member))
           if v is not None}
    with ctx.store.session() as session:
        rows = demand_lines(session, key, args.funding_year, args.include_drafts)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["member", "item", "description", "qty", "unit price", "amount", "FY",
                 "preferred vendor", "status"],
                [[r.member_code, r.item_code, r.description[:36], plain_number(r.quantity),
                  r.unit_price, r.amount, r.funding_year, r.preferred_vendor[:24], r.status]
                 for r in rows])
    return 0
