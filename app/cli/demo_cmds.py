"""`consortium demo`: realistic, deterministic demo data for this instance's members."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="fill the store with deterministic demo data")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.demo import fill_demo

    result = fill_demo(ctx.store, seed=args.seed)
    print(f"Demo data: {result.members} members, {result.schools} schools, "
          f"{result.contacts} contacts, {result.needs} need lines.")
    return 0
