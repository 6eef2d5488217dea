"""`consortium demo`: realistic, deterministic demo data for this instance's members."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext
from app.errors import UserError


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="fill the store with deterministic demo data")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.add_argument("--bids", metavar="REF", help="instead: four vendors' filled pricing "
                      "workbooks for this procurement (state), written and received")
    demo.add_argument("--award", metavar="REF", help="instead: after --bids, evaluate and "
                      "award this procurement (state) by the bases its packet states: two "
                      "lots multi-awarded, the others single, with their contracts")
    demo.add_argument("--folder", metavar="DIR", type=Path,
                      help="where --bids writes the workbooks (default: bids-REF in the data "
                           "folder)")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.demo import fill_demo

    if args.bids and args.award:
        raise UserError("give --bids or --award, not both (run --bids first)")
    if args.bids:
        return _demo_bids(args, ctx)
    if args.award:
        return _demo_award(args, ctx)
    result = fill_demo(ctx.store, seed=args.seed)
    print(f"Demo data: {result.members} members, {result.schools} schools, "
          f"{result.contacts} contacts, {result.needs} need lines.")
    return 0


def _demo_bids(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.demo_bids import demo_bids

    folder = args.folder or ctx.data_dir / f"bids-{args.bids}"
    with ctx.store.transaction() as session:
        result = demo_bids(session, args.bids, folder, seed=args.seed)
    print(f"Demo bids in {result.folder}:")
    for line in result.received:
        print(f"  received  {line}")
    for line in result.refused:
        print(f"  refused   {line}")
    if not result.received and not result.refused:
        print("  (the demo vendors' bids were received already)")
    return 0


def _demo_award(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.demo_award import demo_award

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        result = demo_award(session, args.award)
    print(f"Demo award of {args.award}:")
    for line in result.steps:
        print(f"  done      {line}")
    if not result.steps:
        print("  (evaluated and awarded already)")
    for line in result.awards:
        print(f"  awarded   {line}")
    return 0
