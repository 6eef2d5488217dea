"""`consortium holidays list|set`: the NC state holidays deadlines move off (yearly data).

    consortium holidays list [--year YEAR] [--json]
    consortium holidays set --file F.csv      (columns date,holiday; replaces the list)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table


def register(commands: Any) -> None:
    holidays = commands.add_parser(
        "holidays", help="NC state holidays: computed deadlines move to the business day "
                         "before them")
    sub = holidays.add_subparsers(dest="holidays_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="the holidays in use and where they come from")
    listing.add_argument("--year", type=int, metavar="YEAR", help="only this calendar year")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    setting = sub.add_parser("set", help="replace the list with a checked CSV file "
                                         "(columns date,holiday; dates YYYY-MM-DD)")
    setting.add_argument("--file", type=Path, required=True, metavar="F.csv")
    setting.set_defaults(handler=cmd_set)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.holidays import holidays_source, list_holidays

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_holidays(session)
        source = holidays_source(session)
    if args.year is not None:
        rows = [h for h in rows if h.on.year == args.year]
    if args.json:
        print_json({"source": str(source),
                    "holidays": [{"date": h.on.isoformat(), "holiday": h.name} for h in rows]})
        return 0
    print_table(["date", "day", "holiday"], [(h.on.isoformat(), f"{h.on:%a}", h.name)
                                            for h in rows])
    print(f"(from {source})")
    return 0


def cmd_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.holidays import install_holidays

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = install_holidays(session, args.file)
    years = sorted({h.on.year for h in rows})
    print(f"holiday list replaced: {len(rows)} holidays, {years[0]}–{years[-1]}")
    return 0
