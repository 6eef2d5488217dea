"""`consortium init`, `consortium info` and `consortium settings`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, print_json, print_table
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

    settings = commands.add_parser("settings", help="operator, funding year in focus, "
                                                    "consortium name, ocid prefix")
    s_sub = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = s_sub.add_parser("show", help="the current settings")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_settings_show)
    change = s_sub.add_parser("set", help="change one or more settings")
    change.add_argument("--operator", metavar="NAME", help="your name, stamped on every change")
    change.add_argument("--focus-year", metavar="YEAR|latest",
                        help="the funding year new need lines get and the dashboard shows")
    change.add_argument("--consortium-name", metavar="NAME",
                        help="the name heading every PDF (state only; sent to the regions)")
    change.add_argument("--ocid-prefix", metavar="PREFIX",
                        help="the OCDS ocid prefix the consortium registered, e.g. "
                             "ocds-a1b2c3 (state only)")
    change.set_defaults(handler=cmd_settings_set)


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    result = init_instance(ctx.store, args.role, args.region, args.operator, force=args.force,
                           grouping=args.grouping)
    who = "state" if result.role == "state" else f"Region {result.region}"
    print(f"Initialised {who} instance {result.instance_uid} in {ctx.data_dir}: "
          f"{result.members_loaded} members, {result.schools_loaded} schools, "
          f"{result.catalog_items_loaded} catalog items, "
          f"{result.funding_years_loaded} funding years.")
    return 0


def cmd_info(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.signing_key import key_path

    info = instance_info(ctx.store)
    key_file = key_path(ctx.data_dir, info.instance_uid)
    if args.json:
        print_json({"instance_id": info.instance_uid, "role": info.role, "region": info.region,
                    "region_name": info.region_name or None, "operator": info.operator,
                    "schema_revision": info.schema_revision, "database": info.database,
                    "key_fingerprint": info.fingerprint, "signing_key_file": str(key_file),
                    "signing_key_present": key_file.is_file(), "counts": info.counts})
        return 0
    print(info.title)
    print(f"  instance id      {info.instance_uid}")
    print(f"  operator         {info.operator}")
    print(f"  key fingerprint  {info.fingerprint}")
    print(f"  signing key      {key_file}"
          + ("" if key_file.is_file() else " (missing: this desk cannot export bundles)"))
    print(f"  database         {info.database}")
    print(f"  schema revision  {info.schema_revision}")
    print_table(["records", "count"],
                [(name.replace("_", " "), count) for name, count in info.counts.items()])
    return 0


def cmd_settings_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.settings import get_settings

    with ctx.store.session() as session:
        current = get_settings(session)
    if args.json:
        print_json(current.as_json())
        return 0
    focus = f"FY{current.focus_funding_year}" if current.focus_funding_year else "the latest"
    kept = "" if current.consortium_name_editable else " (kept by the state)"
    print(f"  operator           {current.operator}")
    print(f"  funding year       {focus}")
    print(f"  consortium name    {current.consortium_name}{kept}")
    if current.consortium_name_editable:  # the state publishes the open data
        print(f"  OCDS ocid prefix   {current.ocid_prefix}"
              + ("" if current.ocid_prefix_set else " (placeholder: not registered)"))
    return 0


def cmd_settings_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.errors import UserError
    from app.services.settings import update_settings

    if (args.operator is None and args.focus_year is None and args.consortium_name is None
            and args.ocid_prefix is None):
        raise UserError("Nothing to set: give --operator, --focus-year, --consortium-name "
                        "or --ocid-prefix.")
    year, clear = None, False
    if args.focus_year is not None:
        text = args.focus_year.strip().upper().removeprefix("FY")
        if text == "LATEST":
            clear = True
        elif text.isdigit():
            year = int(text)
        else:
            raise UserError(f"--focus-year: '{args.focus_year}' is not a year or 'latest'.")
    with ctx.store.transaction() as session:
        update_settings(session, operator=args.operator, focus_funding_year=year,
                        clear_focus=clear, consortium_name=args.consortium_name,
                        ocid_prefix=args.ocid_prefix)
    print("Settings saved.")
    return cmd_settings_show(argparse.Namespace(json=False), ctx)
