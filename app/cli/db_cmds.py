"""`consortium db …`: the database itself — create, status, upgrade, backup, restore, copy
(docs/state-office.md). Each takes `--db URL` after its name as well as before `db`, the way
an IT office writes it in a cron line."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from app import paths
from app.cli.context import CliContext, _new_store_paths, print_json, print_table
from app.errors import UserError
from app.models.db import Store
from app.services.db_backup import backup, restore
from app.services.db_ops import copy_store, init_schema, status, upgrade_store


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="the database: init, status, upgrade, backup, "
                                        "restore, copy")
    sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--db", dest="db_here", metavar="URL",
                            help="the database (same as --db before `db`)")
        parser.set_defaults(handler=_reaching(handler))
        return parser

    action("init", "create the schema on an empty database", cmd_init)
    show = action("status", "engine, URL, schema revision against this program's, rows per "
                            "table", cmd_status)
    show.add_argument("--json", action="store_true", help="print JSON")
    action("upgrade", "back up, then migrate to this program's schema", cmd_upgrade)
    out = action("backup", "the whole store into one file that restores on either engine",
                 cmd_backup)
    out.add_argument("out", metavar="OUT", help="the backup file to write (.zip)")
    back = action("restore", "fill an empty database from a `db backup` file", cmd_restore)
    back.add_argument("backup_file", metavar="IN", help="the backup file")
    copy = action("copy", "copy the whole store into another, empty database and check "
                          "every table's row count", cmd_copy)
    copy.add_argument("--to", required=True, metavar="URL",
                      help="the empty database to copy into (a data folder's SQLite: "
                           "sqlite:///PATH)")


def _reaching(handler: Any) -> Any:
    """A server that is down, a wrong password or a malformed URL is the office's to fix: one
    `error:` line naming the database, not a crash log."""
    def run(args: argparse.Namespace, ctx: CliContext) -> int:
        try:
            return int(handler(args, ctx) or 0)
        except (OperationalError, ArgumentError) as error:
            url = getattr(args, "to", None) if args.db_command == "copy" else None
            named = args.db_here or ctx.db_url or str(ctx.data_dir / paths.DB_FILENAME)
            first = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            where = _hidden(named) + (f" or {_hidden(url)}" if url else "")
            raise UserError(f"cannot use the database {where}: {first}") from error
    return run


def _hidden(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _store(args: argparse.Namespace, ctx: CliContext, create: bool) -> Store:
    """The store, NOT migrated (each action looks first). Only `create` makes a new SQLite
    file in the data folder; the others refuse a data folder without one."""
    url = args.db_here or ctx.db_url
    ctx.db_url = url
    database = ctx.data_dir / paths.DB_FILENAME
    if not url and not create and not database.exists():
        raise UserError(f"{ctx.data_dir}: no store in this data folder (no {database.name}); "
                        "name the data folder with --data-dir or the database with --db.")
    ctx._store = Store.for_data_dir(ctx.data_dir, url)
    return ctx._store


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> int:
    store = _store(args, ctx, create=True)
    revision = init_schema(store)
    print(f"Created the schema (revision {revision}) in {status(store).url}. Next: "
          "`consortium init --role state --operator NAME` with the same --db.")
    return 0


def cmd_status(args: argparse.Namespace, ctx: CliContext) -> int:
    found = status(_store(args, ctx, create=False))
    if args.json:
        print_json({"engine": found.engine, "url": found.url, "revision": found.revision,
                    "head": found.head, "state": found.state, "counts": found.counts})
        return 0
    print(f"engine: {found.engine}\nurl: {found.url}\n"
          f"schema: {found.revision or 'none'} (this program: {found.head}) — {found.state}")
    if found.counts:
        print_table(["table", "rows"], sorted(found.counts.items()))
    return 0


def cmd_upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    done = upgrade_store(_store(args, ctx, create=False))
    if done.from_revision == done.to_revision:
        print(f"Already at schema revision {done.to_revision}; nothing to do.")
        return 0
    where = f"backup: {done.backup}" if done.backup else "no backup file (no data folder)"
    print(f"Upgraded from schema revision {done.from_revision} to {done.to_revision} "
          f"({where}).")
    return 0


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    made = backup(_store(args, ctx, create=False), Path(args.out).expanduser())
    print(f"Backed up {sum(made.counts.values())} rows in {len(made.counts)} tables "
          f"(schema revision {made.revision}) to {made.path}.")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    made = [] if args.db_here or ctx.db_url else _new_store_paths(ctx.data_dir)
    try:
        done = restore(_store(args, ctx, create=True), Path(args.backup_file).expanduser())
    except UserError:
        # Refused: a data folder made for the restore is removed again, as it was found.
        ctx.close()
        ctx._store = None
        for path in made:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(
                missing_ok=True)
        raise
    print(f"Restored {sum(done.counts.values())} rows in {len(done.counts)} tables "
          f"(schema revision {done.revision}) from {done.path}.")
    return 0


def cmd_copy(args: argparse.Namespace, ctx: CliContext) -> int:
    source = _store(args, ctx, create=False)
    target = Store(args.to, ctx.data_dir)
    try:
        done = copy_store(source, target)
    finally:
        target.dispose()
    print(f"Copied {done.source} to {done.target}:")
    print_table(["table", "source", "copy"], done.counts)
    print("Every table's row count matches.")
    return 0
