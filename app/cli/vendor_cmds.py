"""`consortium vendors list|show|add|edit|import|remove|check` and
`consortium compliance lists|show|import|add|remove|date|sam`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.cli.needs_cmds import add_import_options, print_import_report
from app.cli.records_cmds import parse_sets
from app.rules.compliance import LIST_LABELS, ComplianceLine
from app.services.vendors import LABELS, VENDOR_FIELDS


def register(commands: Any) -> None:
    vendors = commands.add_parser("vendors", help="the vendor registry (state; read-only in "
                                                  "a region)")
    sub = vendors.add_subparsers(dest="vendors_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list vendors with their ids")
    listing.add_argument("--find", metavar="WORDS", help="only vendors whose name holds "
                                                         "every word")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="a vendor's registry facts and compliance lines")
    show.add_argument("vendor", metavar="VENDOR", help="id (from `vendors list`) or name")
    show.add_argument("--procurement", metavar="REF", help="add the lines of this "
                      "procurement (Form 473 for its year, Covered List, SAM.gov)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)
    add = sub.add_parser("add", help="add a vendor")
    add.add_argument("--set", action="append", metavar="FIELD=VALUE", required=True,
                     help=f"a field (repeatable): {', '.join(VENDOR_FIELDS)}")
    add.set_defaults(handler=cmd_add)
    edit = sub.add_parser("edit", help="change a vendor's fields")
    edit.add_argument("vendor", metavar="VENDOR")
    edit.add_argument("--set", action="append", metavar="FIELD=VALUE", required=True,
                      help="a field to set (repeatable)")
    edit.set_defaults(handler=cmd_edit)
    importing = sub.add_parser("import", help="add or update vendors from CSV/XLSX "
                                              "(matched by legal name)")
    importing.add_argument("file", metavar="FILE", type=Path)
    add_import_options(importing)
    importing.set_defaults(handler=cmd_import)
    remove = sub.add_parser("remove", help="remove a vendor (kept in the history)")
    remove.add_argument("vendor", metavar="VENDOR")
    remove.set_defaults(handler=cmd_remove)
    _register_compliance(commands)


def _register_compliance(commands: Any) -> None:
    compliance = commands.add_parser(
        "compliance", help="the lists vendors are checked against, and SAM.gov checks")
    sub = compliance.add_subparsers(dest="compliance_command", metavar="ACTION", required=True)
    lists = sub.add_parser("lists", help="the lists with their dates and sizes")
    lists.add_argument("--json", action="store_true", help="print JSON")
    lists.set_defaults(handler=cmd_lists)
    kinds = ", ".join(LIST_LABELS)
    show = sub.add_parser("show", help="the companies on one list")
    show.add_argument("kind", metavar="LIST", help=kinds)
    show.set_defaults(handler=cmd_list_show)
    importing = sub.add_parser("import", help="replace a list with a CSV/XLSX of company "
                                              "names (a 'name' column)")
    importing.add_argument("kind", metavar="LIST", help=kinds)
    importing.add_argument("file", metavar="FILE", type=Path)
    importing.add_argument("--date", required=True, type=date.fromisoformat,
                           metavar="YYYY-MM-DD", help="the date of the list")
    importing.add_argument("--source", default="", help="where the list came from")
    importing.add_argument("--dry-run", action="store_true", help="say what would change")
    importing.set_defaults(handler=cmd_list_import)
    add = sub.add_parser("add", help="add a company to a list (the Covered List)")
    add.add_argument("kind", metavar="LIST", help=kinds)
    add.add_argument("name", metavar="NAME")
    add.add_argument("--affiliate-of", default="", metavar="NAME",
                     help="the listed parent company")
    add.add_argument("--notes", default="")
    add.set_defaults(handler=cmd_list_add)
    remove = sub.add_parser("remove", help="remove a company from a list")
    remove.add_argument("kind", metavar="LIST", help=kinds)
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=cmd_list_remove)
    dated = sub.add_parser("date", help="set the date (and source) of an edited list")
    dated.add_argument("kind", metavar="LIST", help=kinds)
    dated.add_argument("date", type=date.fromisoformat, metavar="YYYY-MM-DD")
    dated.add_argument("--source", default="")
    dated.set_defaults(handler=cmd_list_date)
    sam = sub.add_parser("sam", help="record the SAM.gov exclusion check of a vendor for a "
                                     "procurement")
    sam.add_argument("procurement", metavar="REF")
    sam.add_argument("vendor", metavar="VENDOR")
    sam.add_argument("--by", required=True, help="who checked")
    sam.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="when")
    sam.add_argument("--result", required=True, choices=["clear", "excluded"])
    sam.add_argument("--reference", default="", help="e.g. the SAM.gov search record")
    sam.set_defaults(handler=cmd_sam)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.vendors import list_vendors

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_vendors(session, args.find or "")
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["id", "name", "DBA", "SPIN", "NC vendor no.", "E-Verify", "Form 473", "W-9"],
                [[r.short_id, r.name[:40], r.dba[:24], r.spin_498, r.nc_vendor_number,
                  "yes" if r.e_verify_affidavit else "no", r.form_473_years or "-",
                  "yes" if r.w9_on_file else "no"] for r in rows])
    return 0


def print_lines(lines: list[ComplianceLine]) -> None:
    print_table(["status", "rule", "reason"],
                [[line.status, line.rule, line.reason] for line in lines])


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import compliance_for
    from app.services.vendors import get_vendor, vendor_row

    ctx.store.require_identity()
    with ctx.store.session() as session:
        row = vendor_row(get_vendor(session, args.vendor))
        lines = compliance_for(session, args.vendor, args.procurement)
    if args.json:
        print_json({**row.as_json(), "compliance": [
            {"code": x.code, "rule": x.rule, "status": x.status, "reason": x.reason}
            for x in lines], "may_be_awarded": not any(x.blocks_award for x in lines)})
        return 0
    print(f"{row.name} (id {row.short_id})" + (f", doing business as {row.dba}" if row.dba
                                               else ""))
    for name in list(LABELS)[2:]:
        value = getattr(row, name)
        if value not in ("", None, False):
            print(f"  {LABELS[name]}: {'yes' if value is True else value}")
    print()
    print_lines(lines)
    failing = [x for x in lines if x.blocks_award]
    print()
    print("may be awarded" if not failing else
          f"may not be awarded: {len(failing)} line(s) not PASS")
    return 0


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.vendors import add_vendor

    with ctx.store.transaction() as session:
        row = add_vendor(session, parse_sets(args.set))
    print(f"added vendor {row.short_id} {row.name}")
    return 0


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.vendors import edit_vendor

    with ctx.store.transaction() as session:
        row = edit_vendor(session, args.vendor, parse_sets(args.set))
    print(f"updated vendor {row.short_id} {row.name}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.vendors import import_vendors

    with ctx.store.transaction() as session:
        report = import_vendors(session, args.file, dry_run=args.dry_run,
                                skip_bad=args.skip_bad)
    print_import_report(report, args)
    return 0


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.vendors import remove_vendor

    with ctx.store.transaction() as session:
        row = remove_vendor(session, args.vendor)
    print(f"removed vendor {row.short_id} {row.name}")
    return 0


def cmd_lists(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import list_lists

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_lists(session)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["list", "what", "date", "companies", "source"],
                [[r.kind, r.label, r.list_date or "not dated" if r.entries else "not loaded",
                  r.entries, r.source] for r in rows])
    return 0


def cmd_list_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import list_entries

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = [[e.name, e.affiliate_of, e.notes[:60]] for e in list_entries(session, args.kind)]
    print_table(["company", "affiliate of", "notes"], rows)
    return 0


def cmd_list_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import import_list

    with ctx.store.transaction() as session:
        report = import_list(session, args.kind, args.file, args.date, args.source,
                             dry_run=args.dry_run)
    print(report.summary())
    return 0


def cmd_list_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import add_entry

    with ctx.store.transaction() as session:
        entry = add_entry(session, args.kind, args.name, args.affiliate_of, args.notes)
        print(f"added '{entry.name}' to the {LIST_LABELS[args.kind.strip().lower()]}")
    return 0


def cmd_list_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import remove_entry

    with ctx.store.transaction() as session:
        entry = remove_entry(session, args.kind, args.name)
        print(f"removed '{entry.name}'")
    return 0


def cmd_list_date(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import set_list_date

    with ctx.store.transaction() as session:
        set_list_date(session, args.kind, args.date, args.source)
    print(f"dated the list {args.date.isoformat()}")
    return 0


def cmd_sam(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.compliance import record_sam_check

    with ctx.store.transaction() as session:
        record = record_sam_check(session, args.procurement, args.vendor, {
            "checked_by": args.by, "checked_on": args.on, "result": args.result,
            "reference": args.reference})
        print(f"recorded: {record.vendor.name} {record.result} on SAM.gov "
              f"({record.checked_on.isoformat()}, {record.checked_by})")
    return 0

