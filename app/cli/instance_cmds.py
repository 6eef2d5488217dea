"""`consortium init` and `consortium info`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, print_json
from app.services.instance import init_instance, instance_info


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="initialise this store as a region or the state")
    init.add_argument("--role", required=True, choices=["region", "state"])
    init.add_argument("--region", type=int, metavar="N", help="region number 1-8 (role region)")
    init.add_argument("--operator", required=True, metavar="NAME", help="coordinator's name")
    init.add_argument("--grouping", choices=["statutory", "dpi"], default="statutory",
                      help="LEA regions: statutory G.S. 115C-65 districts (default) or DPI's "
                           "operational regions")
    init.add_argument("--force", action="store_true",
                      help="replace the identity of an already initialised store")
    init.set_defaults(handler=cmd_init)

    info = commands.add_parser("info", help="role, region, instance id, schema and counts")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(handler=cmd_info)


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    result = init_instance(ctx.store, args.role, args.region, args.operator, force=args.force,
                           grouping=args.grouping)
    who = "state" if result.role == "state" else f"Region {result.region}"
    print(f"Initialised {who} instance {result.instance_uid} in {ctx.data_dir}: "
          f"{result.members_loaded} members, {result.catalog_items_loaded} catalog items, "
          f"{result.funding_years_loaded} funding years.")
    return 0


def cmd_info(args: argparse.Namespace, ctx: CliContext) -> int:
    info = instance_info(ctx.store)
    if args.json:
        print_json({"instance_id": info.instance_uid, "role": info.role, "region": info.region,
                    "region_name": info.region_name or None, "operator": info.operator,
                    "schema_revision": info.schema_revision, "database": info.database,
                    "key_fingerprint": info.fingerprint, "counts": info.counts})
        return 0
    print(info.title)
    print(f"  instance id      {info.instance_uid}")
    print(f"  operator         {info.operator}")
    print(f"  key fingerprint  {info.fingerprint}")
    print(f"  database         {info.database}")
    print(f"  schema revision  {info.schema_revision}")
    for name, count in info.counts.items():
        print(f"  {name.replace('_', ' '):<16} {count}")
    return 0
