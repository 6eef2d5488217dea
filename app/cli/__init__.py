"""The `consortium` command: every capability, scriptable. (`app.launcher` decides whether a
command line means the CLI or the GUI; this package never imports Qt.)"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import (
    allocate_cmds,
    award_cmds,
    bids_cmds,
    catalog_cmds,
    db_cmds,
    demand_cmds,
    demo_cmds,
    evaluate_cmds,
    history_cmds,
    holidays_cmds,
    instance_cmds,
    letters_cmds,
    members_cmds,
    needs_cmds,
    ocds_cmds,
    packet_cmds,
    procurement_cmds,
    reference_cmds,
    reference_update_cmds,
    report_cmds,
    savings_cmds,
    sync_cmds,
    vendor_cmds,
)
from app.cli.context import CliContext
from app.errors import UserError, disk_problem

COMMAND_MODULES = (instance_cmds, members_cmds, letters_cmds, needs_cmds, catalog_cmds,
                   reference_cmds, reference_update_cmds, demo_cmds, report_cmds, sync_cmds,
                   demand_cmds, procurement_cmds, packet_cmds, holidays_cmds, vendor_cmds,
                   bids_cmds, evaluate_cmds, award_cmds, allocate_cmds,
                   savings_cmds, ocds_cmds, history_cmds, db_cmds)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consortium",
        description="Consortium Buying: NC K-12 group purchasing of education technology. "
                    "With no command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="data folder (default: CONSORTIUM_DATA_DIR or the user data folder)")
    parser.add_argument("--db", metavar="URL",
                        help="database URL instead of the SQLite file in the data folder, "
                             "e.g. postgresql+psycopg://user@host/db")
    parser.add_argument("--self-test", action="store_true",
                        help="open the store, migrate, show the main window, close, exit 0")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed CLI command: 0 on success, 2 with a clear `error:` message on user error.
    A store the command created is removed again if it is left uninitialised (CliContext)."""
    context = CliContext.from_args(args)
    discard_new_store = True  # unless a bug's crash log went into it
    try:
        return int(args.handler(args, context) or 0)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last resort: log a bug, tell where
        problem = disk_problem(error, context.data_dir)
        if problem:  # a read-only or full disk: the user's to fix, not a bug
            print(f"error: {problem}", file=sys.stderr)
            return 2
        discard_new_store = False
        log_path = context.log_crash()
        print(f"internal error: {error.__class__.__name__}: {error} (details in {log_path})",
              file=sys.stderr)
        return 1
    finally:
        context.close(discard_new_store)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # Only reached when someone calls app.cli directly; the launcher opens the GUI.
        parser.print_help()
        return 0
    if not hasattr(args, "handler"):
        parser.parse_args([*([] if argv is None else argv), "--help"])
    return run(args)
