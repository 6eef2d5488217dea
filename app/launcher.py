"""Entry point of `consortium` and `python -m app`: a command runs the CLI, no command opens
the desktop app. Qt is imported only on the GUI path, so the CLI starts fast."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from app.cli import build_parser, run


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    if args.command is not None:
        return run(args)
    from app.ui.main import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
