"""`consortium savings`: what the consortium's awards saved its members, measured from the
stored allocations.

    consortium savings [--procurement REF] [--year FY] [--by region|member|lot] [--json]
                       [--out FILE.xlsx] [--pdf FILE.pdf]

Statewide, and per region (default), member or lot: the members' own amount against the
awarded prices, the savings, the E-rate and members' shares, and the separate procurements
replaced. `--out` writes a workbook with every breakdown; `--pdf` the one-page summary for
the state board.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError
from app.rules.money import figure
from app.rules.savings import SavingsFigures


def register(commands: Any) -> None:
    savings = commands.add_parser(
        "savings", help="savings and effort measured from the allocations",
        description="What the members would have paid at their own prices against the "
                    "awarded prices, and the separate procurements replaced.")
    scope = savings.add_mutually_exclusive_group()
    scope.add_argument("--procurement", metavar="REF", default=None,
                       help="one procurement (default: every awarded procurement)")
    scope.add_argument("--year", metavar="FY", type=int, default=None,
                       help="the awarded procurements of one funding year")
    savings.add_argument("--by", choices=("region", "member", "lot"), default=None,
                         help="the breakdown printed (default: region)")
    savings.add_argument("--json", action="store_true", help="print JSON")
    savings.add_argument("--out", metavar="FILE.xlsx", type=Path, default=None,
                         help="write a workbook: Statewide, Regions, Members, Lots")
    savings.add_argument("--pdf", metavar="FILE.pdf", type=Path, default=None,
                         help="write the one-page summary for the state board")
    savings.set_defaults(handler=cmd_savings)


def _pct(f: SavingsFigures) -> str:
    return "" if f.savings_pct is None else f"{f.savings_pct} %"


def _check_pdf(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out}: the board summary is a PDF; name the file *.pdf")
    if not out.parent.is_dir():
        raise UserError(f"{out}: folder {out.parent} does not exist.")


def cmd_savings(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.savings import board_summary, require_something, savings_report

    ctx.store.require_identity()
    if args.out is not None:
        from app.services.spreadsheet_write import check_out_path

        check_out_path(args.out, (".xlsx",))  # before anything is computed
    if args.pdf is not None:
        _check_pdf(args.pdf)
    with ctx.store.session() as session:
        report = savings_report(session, args.procurement, args.year)
        require_something(report)
        summary = board_summary(session, report) if args.pdf is not None else None
    if args.out is not None:
        from app.services.savings_xlsx import write_savings_xlsx

        write_savings_xlsx(report, args.out)
    if summary is not None:
        from app.reports.savings_summary import render_board_summary

        try:
            args.pdf.write_bytes(render_board_summary(summary))
        except OSError as error:
            raise UserError(f"{args.pdf}: cannot write the file ({error.strerror})") \
                from error
    if args.json:
        print_json(report.as_json(args.by))
        return 0
    by = args.by or "region"
    heads = {"region": ["region", "name"], "member": ["code", "member", "region"],
             "lot": ["lot", "name"]}[by]
    print_table([*heads, "lines", "members", "own prices", "awarded", "savings", "%",
                 "E-rate", "members pay", "separate"],
                [(r.key, r.label[:40], *([r.region] if by == "member" else []),
                  f.lines, f.members, figure(f.own_amount), figure(f.amount),
                  figure(f.savings), _pct(f), figure(f.erate_share), figure(f.member_share),
                  f.separate_procurements)
                 for r in report.rows(by) for f in [r.figures]])
    f = report.statewide
    print(f"Statewide ({report.scope}): {f.lines:,} line(s) of {f.members:,} member(s), "
          f"${figure(f.own_amount)} at their own prices, ${figure(f.amount)} awarded, "
          f"${figure(f.savings)} saved ({_pct(f) or '–'}), E-rate ${figure(f.erate_share)}, "
          f"members ${figure(f.member_share)}; {report.replaced:,} separate procurement(s) "
          f"replaced ({f.separate_procurements:,} member-lot procurements less the "
          f"consortium's {report.consortium_procurements:,})")
    if report.not_awarded_lines:
        print(f"{report.not_awarded_lines:,} allocated line(s) not awarded: in no figure")
    for path, what in ((args.out, "workbook"), (args.pdf, "board summary")):
        if path is not None:
            print(f"wrote {path} ({what})")
    return 0
