"""`consortium catalog list|show|add|edit|retire|unretire|import|export`: the state's catalog.

Everyone can list it; only the state instance changes it (a region gets the state's
changes in its bundle and a clear refusal here).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.cli.records_cmds import parse_sets
from app.services.catalog import ITEM_FIELDS, CatalogItemRow, list_items
from app.services.need_paste import matching_items

FIELDS_HELP = ", ".join(ITEM_FIELDS)


def register(commands: Any) -> None:
    catalog = commands.add_parser("catalog", help="the catalog of standard items (kept by "
                                                  "the state)")
    sub = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list catalog items")
    listing.add_argument("--all", "--include-retired", action="store_true", dest="all",
                         help="include retired items (no longer offered)")
    listing.add_argument("--find", metavar="WORDS",
                         help="only items whose code or name holds every word (as the item "
                              "picker of the needs grid matches)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    show = sub.add_parser("show", help="one item with its specification as printed")
    show.add_argument("code")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)

    add = sub.add_parser("add", help="add an item (state instance only)")
    add.add_argument("--set", action="append", metavar="FIELD=VALUE", required=True,
                     help=f"a field (repeatable); fields: {FIELDS_HELP}. E.g. "
                          "code=VR-HEADSET name='VR headset' category=DEVICES unit=each "
                          "erate_category=ineligible reference_price=399 brand=Meta")
    add.set_defaults(handler=cmd_add)

    edit = sub.add_parser("edit", help="change an item's fields (state instance only)")
    edit.add_argument("code")
    edit.add_argument("--set", action="append", metavar="FIELD=VALUE", required=True,
                      help="a field to change (repeatable), e.g. reference_price=379.99 "
                           "brand= (blank: no brand)")
    edit.set_defaults(handler=cmd_edit)

    for action, text in (("retire", "stop offering items for new need lines; lines that "
                                    "have them keep them"),
                         ("unretire", "offer retired items again")):
        parser = sub.add_parser(action, help=f"{text} (state instance only)")
        parser.add_argument("codes", nargs="+", metavar="CODE")
        parser.set_defaults(handler=cmd_retire, retired=action == "retire")

    importing = sub.add_parser(
        "import", help="add and update items from a spreadsheet (state instance only)")
    importing.add_argument("file", metavar="FILE", type=Path,
                           help=f".xlsx or .csv with columns {FIELDS_HELP}, retired; blank "
                                "cells leave an item's value as it is")
    importing.add_argument("--dry-run", action="store_true",
                           help="show what would change, field by field; write nothing")
    importing.add_argument("--json", action="store_true", help="print the report as JSON")
    importing.set_defaults(handler=cmd_import)

    export = sub.add_parser("export", help="write the catalog to a spreadsheet that "
                                           "`catalog import` reads back")
    export.add_argument("file", metavar="FILE", type=Path, help=".xlsx or .csv")
    export.add_argument("--offered-only", action="store_true",
                        help="leave out retired items")
    export.set_defaults(handler=cmd_export)


def _status(row: CatalogItemRow) -> str:
    return "retired" if row.retired else "offered"


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_items(session, include_inactive=args.all)
    if args.find is not None:
        by_code = {r.code: r for r in rows}
        rows = [by_code[c] for c in matching_items(args.find, {r.code: r.name for r in rows})]
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    headers = ["code", "name", "category", "unit", "E-rate", "ref. price", "brand"]
    print_table(headers + (["status"] if args.all else []),
                [[r.code, r.name, r.category_code, r.unit, r.erate_category,
                  r.reference_price, r.brand] + ([_status(r)] if args.all else [])
                 for r in rows])
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.errors import NotFoundError

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = {r.code: r for r in list_items(session, include_inactive=True)}
    row = rows.get(args.code.strip().upper())
    if row is None:
        raise NotFoundError(f"No catalog item with code '{args.code}'.")
    if args.json:
        print_json({**row.as_json(), "printed_spec": row.printed_spec})
        return 0
    for label, value in (("code", row.code), ("name", row.name),
                         ("category", f"{row.category_code} ({row.category_name})"),
                         ("unit", row.unit), ("E-rate", row.erate_category),
                         ("ref. price", row.reference_price), ("brand", row.brand or "—"),
                         ("status", _status(row)), ("specification", row.printed_spec)):
        print(f"{label:>13}: {value}")
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.catalog import create_item

    with ctx.store.transaction() as session:
        row = create_item(session, parse_sets(args.set))
    print(f"added {row.code}: {row.name} ({row.unit}, {row.reference_price:.2f})")
    return 0


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.catalog import edit_item

    changes = parse_sets(args.set)
    with ctx.store.transaction() as session:
        row = edit_item(session, args.code, changes)
    print(f"updated {row.code}: {', '.join(sorted(changes))}")
    return 0


def cmd_retire(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.catalog import set_item_retired

    with ctx.store.transaction() as session:  # all or none
        results = [set_item_retired(session, code, args.retired) for code in args.codes]
    for result in results:
        state = "retired" if args.retired else "offered again"
        if not result.changed:
            print(f"{result.item.code} was already {'retired' if args.retired else 'offered'}")
        elif args.retired:
            print(f"{result.item.code} {state}; {result.lines} need line(s) keep it")
        else:
            print(f"{result.item.code} {state}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_catalog import import_catalog

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        result = import_catalog(session, args.file, dry_run=args.dry_run)
    if args.json:
        print_json(result.as_json())
        return 0
    print(result.report.summary())
    for change in result.changes:
        what = "add" if change.added else "update"
        print(f"  row {change.row}: {what} {change.code}", file=sys.stdout)
        for field in change.fields:
            old = f"{field.old!r} → " if not change.added else ""
            print(f"      {field.field}: {old}{field.new!r}")
    return 0


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_catalog import export_catalog

    ctx.store.require_identity()
    with ctx.store.session() as session:
        written = export_catalog(session, args.file, include_retired=not args.offered_only)
    print(f"wrote {written} catalog item(s) to {args.file}")
    return 0
