"""`consortium evaluate ...`: the evaluation of an opened procurement's bids.

    consortium evaluate show PROCUREMENT [--lot N] [--json]
    consortium evaluate score PROCUREMENT --lot N --vendor V --criterion NAME --points P
                                          --by EVALUATOR [--comment T]
    consortium evaluate consensus PROCUREMENT --lot N --vendor V --criterion NAME --points P
                                              [--comment T]
    consortium evaluate sheet PROCUREMENT --out FILE.pdf

Before the opening every one is refused (exit 2): prices stay sealed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError
from app.rules.bid_opening import nc_time_text


def register(commands: Any) -> None:
    evaluate = commands.add_parser(
        "evaluate", help="evaluate opened bids: price points, scores, ranking, score sheet",
        description="consortium evaluate show|score|consensus|sheet PROCUREMENT ...")
    sub = evaluate.add_subparsers(dest="evaluate_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="price points, consensus scores, totals and rank "
                                       "per lot")
    show.add_argument("procurement", metavar="PROCUREMENT", help="reference, e.g. P2026-001")
    show.add_argument("--lot", type=int, metavar="N", help="only this lot")
    show.add_argument("--json", action="store_true",
                      help="print JSON (with every evaluator's score and comment)")
    show.set_defaults(handler=cmd_show)
    for name, helptext in (("score", "enter an evaluator's score of one criterion"),
                           ("consensus", "enter the panel's consensus score of one "
                                         "criterion")):
        parser = sub.add_parser(name, help=helptext)
        parser.add_argument("procurement", metavar="PROCUREMENT")
        parser.add_argument("--lot", type=int, required=True, metavar="N")
        parser.add_argument("--vendor", required=True, metavar="V",
                            help="vendor name (or words only its name holds) or id")
        parser.add_argument("--criterion", required=True, metavar="NAME",
                            help="one of the packet's criteria other than price")
        parser.add_argument("--points", required=True, metavar="P",
                            help="0 up to the criterion's weight (two decimals at most)")
        if name == "score":
            parser.add_argument("--by", required=True, metavar="EVALUATOR",
                                help="the evaluator's name")
        parser.add_argument("--comment", default="", metavar="T", help="why these points")
        parser.set_defaults(handler=cmd_score, consensus=name == "consensus")
    sheet = sub.add_parser("sheet", help="write the score sheet PDF (kept 10 years)")
    sheet.add_argument("procurement", metavar="PROCUREMENT")
    sheet.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    sheet.set_defaults(handler=cmd_sheet)


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.evaluation import evaluate

    ctx.store.require_identity()
    with ctx.store.session() as session:
        result = evaluate(session, args.procurement, args.lot)
    if args.json:
        print_json(result.as_json())
        return 0
    print(f"{result.ref} {result.title}")
    print("criteria: " + ", ".join(f"{c.name} {c.weight}" + (" (price)" if
                                                             c.is_price_of_eligible else "")
                                   for c in result.criteria))
    if result.issued_at is None:
        print("not frozen: no final packet was recorded as issued "
              f"(`consortium packet build {result.ref} --final`)")
    else:
        print(f"frozen by the final packet issued {nc_time_text(result.issued_at)} by "
              f"{result.issued_by}")
    print(f"price points: {result.formula}")
    names = [c.name for c in result.criteria if not c.is_price_of_eligible]
    for lot in result.lots:
        print()
        lowest = f"{lot.lowest_total:,.2f}" if lot.lowest_total is not None else "none"
        print(f"Lot {lot.number} {lot.name} (lowest responsive total {lowest})")
        rows = []
        for v in lot.vendors:
            consensus = {s.criterion: s.points for s in v.consensus}
            rows.append((v.rank or "-", v.vendor, f"{v.lot_total:,.2f}",
                         "" if v.price_points is None else v.price_points,
                         *(consensus.get(n, "") for n in names),
                         "" if v.total is None else v.total, v.why_not_ranked))
        print_table(["rank", "vendor", "lot total", "price pts", *names, "total", "note"],
                    rows)
        for problem in lot.problems:
            print(f"  problem: {problem}")
    return 0


def cmd_score(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.evaluation import enter_score

    ctx.store.require_identity()
    evaluator = None if args.consensus else args.by
    with ctx.store.transaction() as session:
        score = enter_score(session, args.procurement, args.lot, args.vendor, args.criterion,
                            args.points, evaluator, args.comment)
    who = "consensus" if args.consensus else score.evaluator
    print(f"{args.procurement} lot {args.lot}, {args.vendor}: {score.criterion} "
          f"{score.points} ({who})")
    return 0


def cmd_sheet(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.reports.score_sheet import render_score_sheet
    from app.services.evaluation import evaluate

    if args.out.suffix.lower() != ".pdf":
        raise UserError(f"{args.out}: the score sheet is a PDF; name the file *.pdf")
    if not args.out.parent.exists():
        raise UserError(f"{args.out.parent}: no such folder")
    ctx.store.require_identity()
    with ctx.store.session() as session:
        result = evaluate(session, args.procurement)
    data = render_score_sheet(result)
    try:
        args.out.write_bytes(data)
    except OSError as error:
        raise UserError(f"{args.out}: cannot write the file ({error.strerror})") from error
    print(f"wrote {args.out}: {result.ref}, {len(result.lots)} lots")
    return 0
