"""`consortium keys …`, `consortium bundle …` and `consortium conflicts …`: sync by files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table


def register(commands: Any) -> None:
    keys = commands.add_parser("keys", help="this instance's signing key and trusted keys")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    export = keys_sub.add_parser("export", help="write this instance's public key file")
    export.add_argument("out", metavar="OUT", help="file to write, e.g. region3.key")
    export.set_defaults(handler=cmd_keys_export)
    trust = keys_sub.add_parser("trust", help="trust another instance's key file "
                                              "(compare the fingerprint by phone first)")
    trust.add_argument("file", metavar="FILE")
    trust.set_defaults(handler=cmd_keys_trust)
    listing = keys_sub.add_parser("list", help="own key and trusted keys with fingerprints")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_keys_list)
    renew = keys_sub.add_parser(
        "renew", help="make a new key pair (the private key file was lost or leaked); the "
                      "other side must trust the new key file")
    renew.add_argument("out", metavar="OUT", help="where to write the new public key file")
    renew.set_defaults(handler=cmd_keys_renew)

    bundle = commands.add_parser("bundle", help="export, inspect and import sync bundles")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    b_export = bundle_sub.add_parser(
        "export", help="write a signed bundle of what the receiver has not acknowledged")
    b_export.add_argument("out", metavar="OUT", help="bundle file to write (.zip)")
    b_export.add_argument("--full", action="store_true",
                          help="everything this instance owns, not only what changed")
    b_export.add_argument("--to", metavar="RECEIVER",
                          help="region:N or a trusted instance id (the state must name the "
                               "region; a region's bundle always goes to the state)")
    b_export.set_defaults(handler=cmd_bundle_export)
    b_inspect = bundle_sub.add_parser("inspect", help="verify and summarise; changes nothing")
    b_inspect.add_argument("file", metavar="FILE")
    b_inspect.add_argument("--json", action="store_true", help="print JSON")
    b_inspect.set_defaults(handler=cmd_bundle_inspect)
    b_import = bundle_sub.add_parser("import", help="verify, plan and apply a bundle")
    b_import.add_argument("file", metavar="FILE")
    b_import.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    b_import.add_argument("--json", action="store_true", help="print JSON")
    b_import.set_defaults(handler=cmd_bundle_import)
    b_log = bundle_sub.add_parser("log", help="bundles in and out, newest first")
    b_log.add_argument("--json", action="store_true", help="print JSON")
    b_log.set_defaults(handler=cmd_bundle_log)

    conflicts = commands.add_parser("conflicts", help="records changed on both sides")
    c_sub = conflicts.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)
    c_list = c_sub.add_parser("list", help="open conflicts with the fields that differ")
    c_list.add_argument("--all", action="store_true", help="include resolved ones")
    c_list.add_argument("--json", action="store_true", help="print JSON")
    c_list.set_defaults(handler=cmd_conflicts_list)
    c_resolve = c_sub.add_parser("resolve", help="keep this instance's or the other's version")
    c_resolve.add_argument("id", type=int, metavar="ID")
    c_resolve.add_argument("--keep", required=True, choices=["mine", "theirs"])
    c_resolve.set_defaults(handler=cmd_conflicts_resolve)


def cmd_keys_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.keys import export_key

    info = export_key(ctx.store.require_identity(), Path(args.out))
    print(f"Wrote {args.out}: {info.label}, fingerprint {info.fingerprint}")
    return 0


def cmd_keys_trust(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.keys import read_key_file, trust_key

    info = read_key_file(Path(args.file))
    with ctx.store.transaction() as session:
        result = trust_key(session, info)
    print(f"Trusted {info.label} (instance {info.instance_uid}), fingerprint {info.fingerprint}")
    if result.replaced:
        print(f"  it replaces that instance's previous key {result.replaced}")
    return 0


def cmd_keys_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.keys import list_keys

    with ctx.store.session() as session:
        rows = list_keys(session)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["fingerprint", "who", "label", "instance id"],
                [(r.fingerprint, r.who, r.label, r.instance_uid) for r in rows])
    return 0


def cmd_keys_renew(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.instance import key_fingerprint
    from app.sync.keys import export_key, renew_keys

    old = key_fingerprint(ctx.store.require_identity().public_key)
    info = renew_keys(ctx.store)
    export_key(ctx.store.require_identity(), Path(args.out))
    print(f"New key pair for {info.label}: fingerprint {info.fingerprint} (was {old}). Wrote "
          f"{args.out}: send it to the other side and compare the fingerprint by phone; they "
          "trust it with `consortium keys trust`.")
    return 0


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty() and message:
        print(f"\r{message:<60}", end="", file=sys.stderr, flush=True)


def cmd_bundle_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.export import export_bundle

    result = export_bundle(ctx.store, Path(args.out), to=args.to, full=args.full,
                           progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    kind = "full" if result.full else "incremental"
    detail = ", ".join(f"{n} {e.replace('_', ' ')}" for e, n in result.counts.items())
    print(f"Wrote {kind} bundle {result.bundle_uid} for {result.receiver} to {result.path}: "
          f"{result.total} records" + (f" ({detail})" if detail else " (nothing new)"))
    return 0


def _print_counts(counts: dict[str, dict[str, int]]) -> None:
    if not counts:
        print("  no records: nothing new")
        return
    print_table(["entity", "new", "updated", "unchanged", "conflicts", "refused"],
                [(e.replace("_", " "), c["new"], c["updated"], c["unchanged"], c["conflicts"],
                  c["refused"]) for e, c in counts.items()])


def cmd_bundle_inspect(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.service import inspect_bundle

    inspection = inspect_bundle(ctx.store, Path(args.file))
    data = inspection.as_json()
    if args.json:
        print_json(data)
        return 0
    source = data["source"]
    who = "State" if source["role"] == "state" else f"Region {source['region']}"
    print(f"Bundle {data['bundle_uid']} — verified, signed by {who} ({data['signed_by']})")
    print(f"  created       {data['created_at']} (format {data['format_version']}, "
          f"app {data['app_version']}, schema {data['schema_revision']})")
    print(f"  for           {data['receiver']['scope']}")
    print(f"  changes       {'full' if data['full'] else 'incremental'}, sequence "
          f"{data['seq_from']}–{data['seq_to']}")
    print("Records in the bundle:")
    print_table(["entity", "records"],
                [(e.replace("_", " "), n) for e, n in data["records"].items()])
    if inspection.result is not None:
        result = inspection.result
        state = "already imported" if result.already_imported else "if imported now"
        print(f"Against this store ({state}):")
        _print_counts(result.counts)
    return 0


def cmd_bundle_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.service import import_bundle

    result = import_bundle(ctx.store, Path(args.file), dry_run=args.dry_run,
                           progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print_json(result.as_json())
        return 0
    if result.already_imported:
        print(f"Bundle {result.bundle_uid} was already imported; nothing changed.")
        for note in result.notes:
            print(f"note: {note}")
        return 0
    verb = "Would import" if result.dry_run else "Imported"
    print(f"{verb} bundle {result.bundle_uid} from {result.source_scope}:")
    _print_counts(result.counts)
    for refusal in result.refused:
        print(f"refused: {refusal.reason} [{refusal.entity} {refusal.uid}]")
    for conflict in result.conflicts:
        print(f"conflict: {conflict['label']} (mine v{conflict['local_version']}, theirs "
              f"v{conflict['remote_version']}) — see `consortium conflicts list`")
    if result.assignments:
        print(f"{result.assignments} member(s) moved to another region by the state")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def cmd_bundle_log(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.service import bundle_history

    with ctx.store.session() as session:
        rows = bundle_history(session)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["when", "dir", "peer", "bundle", "sequence", "records", "acknowledged"],
                [(r.recorded_at.strftime("%Y-%m-%d %H:%M"), r.direction, r.peer_scope,
                  r.bundle_uid[:8], f"{r.seq_from}-{r.seq_to}", r.records,
                  "" if r.acknowledged is None else ("yes" if r.acknowledged else "no"))
                 for r in rows])
    return 0


def cmd_conflicts_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.conflicts import list_conflicts

    with ctx.store.session() as session:
        rows = list_conflicts(session, include_resolved=args.all)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("No open conflicts.")
        return 0
    for row in rows:
        print(f"#{row.id} {row.label} — {row.kind}: mine v{row.local_version}, theirs "
              f"v{row.remote_version} from {row.source_scope} [{row.status}]")
        for diff in row.diffs:
            print(f"    {diff.name}: mine {diff.mine!r}  theirs {diff.theirs!r}")
    if any(row.owned_here and row.status == "open" for row in rows):
        print("Records owned here that another instance edited: --keep theirs accepts its "
              "edit, --keep mine declines it; your answer travels back in your next bundle.")
    if any(not row.owned_here and row.status == "open" for row in rows):
        print("Records another instance owns: --keep theirs takes the owner's version (its "
              "answer is final), --keep mine sends your values to the owner again.")
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.sync.conflicts import resolve_conflict

    with ctx.store.transaction() as session:
        row = resolve_conflict(session, args.id, args.keep)
    print(f"Resolved conflict #{row.id} ({row.label}): kept {args.keep}.")
    return 0
