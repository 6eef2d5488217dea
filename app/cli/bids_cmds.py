"""`consortium bids …`: sealed bids. The opening and the tabulation live in
`app.cli.bids_opening_cmds` (registered here); bid intake adds its own subcommands."""

from __future__ import annotations

from typing import Any

from app.cli import bids_opening_cmds


def register(commands: Any) -> None:
    bids = commands.add_parser("bids", help="sealed bids: the opening and the tabulation "
                                            "(state)")
    sub = bids.add_subparsers(dest="bids_command", metavar="ACTION", required=True)
    bids_opening_cmds.register(sub)
