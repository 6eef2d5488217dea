"""Entry point of `consortium` and `python -m app`: a command runs the CLI, no command opens
the desktop app.

The GUI path is recognised with a small parser of the global options only, so that neither
the CLI's command modules nor the services they import are loaded before the window shows.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def _global_options() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data-dir")
    parser.add_argument("--db")
    parser.add_argument("--self-test", action="store_true")
    return parser


def gui_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The GUI's options when `argv` names no command (and asks for no help), else None."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    try:
        args, rest = _global_options().parse_known_args(list(argv))
    except SystemExit:  # malformed options: let the full parser explain them
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = gui_args(arguments)
    if args is None:
        from app.cli import build_parser, run

        parsed = build_parser().parse_args(arguments)
        if parsed.command is not None:
            return run(parsed)
        args = parsed
    from app.ui.main import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
