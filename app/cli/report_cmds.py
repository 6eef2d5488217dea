"""`consortium report ...`: PDF documents."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import packet_cmds
from app.cli.context import CliContext
from app.errors import UserError


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="PDF documents to print")
    sub = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    confirmation = sub.add_parser(
        "confirmation", help="a member's needs confirmation sheet (confirmed lines, totals, "
                             "signature lines)")
    confirmation.add_argument("--member", metavar="CODE", required=True, help="member code")
    confirmation.add_argument("--out", metavar="FILE", type=Path, required=True,
                              help="PDF file to write")
    confirmation.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year",
                              help="funding year (default: the year in focus)")
    confirmation.set_defaults(handler=cmd_confirmation)
    packet_cmds.register_region_summary(sub)


def cmd_confirmation(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.reports.confirmation import render_confirmation
    from app.services.reports_data import confirmation_sheet

    ctx.store.require_identity()
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out}: the confirmation sheet is a PDF; name the file *.pdf")
    if not out.parent.exists():
        raise UserError(f"{out.parent}: no such folder")
    with ctx.store.session() as session:
        sheet = confirmation_sheet(session, args.member, args.funding_year)
    data = render_confirmation(sheet)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise UserError(f"{out}: cannot write the file ({error.strerror})") from error
    print(f"wrote {out}: {sheet.member_code} {sheet.member_name}, "
          f"{len(sheet.lines)} confirmed line(s), total ${sheet.total:,.2f}")
    return 0
