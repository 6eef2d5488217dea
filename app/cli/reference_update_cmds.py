"""`consortium reference update FILE`: a newer year's schools file, previewed and applied."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.services.reference_update import (
    ReferenceUpdate,
    apply_reference_update,
    plan_reference_update,
)


def register(commands: Any) -> None:
    reference = commands.add_parser("reference", help="the shipped reference data (NC schools)")
    sub = reference.add_subparsers(dest="reference_command", metavar="ACTION", required=True)
    update = sub.add_parser(
        "update", help="load a newer schools file: lists new, closed and changed schools and "
                       "members, then updates them (state instance only; confirmed figures "
                       "are kept)")
    update.add_argument("file", metavar="FILE", type=Path,
                        help=".csv or .xlsx with the columns of nc_schools_2024.csv")
    update.add_argument("--dry-run", action="store_true",
                        help="only list what would change")
    update.add_argument("--json", action="store_true", help="print JSON")
    update.set_defaults(handler=cmd_update)


def print_update(plan: ReferenceUpdate) -> None:
    """The preview as two tables (schools, members) and a summary line."""
    if plan.schools:
        print_table(["action", "member", "school", "name", "changes"],
                    [[u.action, u.member_code, u.code, u.name[:40],
                      "; ".join([*map(str, u.changes), u.kept] if u.kept else
                                map(str, u.changes))] for u in plan.schools])
        print()
    if plan.members:
        print_table(["action", "member", "name", "changes"],
                    [[u.action, u.code, u.name[:40],
                      "; ".join([*map(str, u.changes), u.note] if u.note else
                                map(str, u.changes))] for u in plan.members])
        print()


def cmd_update(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    if args.dry_run:
        with ctx.store.session() as session:
            plan = plan_reference_update(session, args.file)
    else:
        with ctx.store.transaction() as session:
            plan = apply_reference_update(session, plan_reference_update(session, args.file))
    if args.json:
        print_json({**plan.as_json(), "applied": not args.dry_run})
        return 0
    print_update(plan)
    if not plan.schools and not plan.members:
        what = "nothing to change"
    else:
        what = f"{'would change' if args.dry_run else 'changed'}: {plan.summary}"
    print(f"{plan.file}: {what}; {plan.unchanged_schools} schools unchanged.")
    return 0
