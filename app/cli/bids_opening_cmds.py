"""`consortium bids open|tabulate`: the public opening and the tabulation (registered under
the `bids` group by `app.cli.bids_cmds`).

    consortium bids open PROCUREMENT --by NAME [--witness NAME]... [--place TEXT] [--notes T]
    consortium bids tabulate PROCUREMENT [--json] [--out FILE.xlsx|FILE.pdf]

Before the opening, `tabulate` is refused (exit 2): prices stay sealed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError
from app.rules.bid_opening import nc_time_text

OUT_SUFFIXES = (".xlsx", ".pdf")


def register(sub: Any) -> None:
    """Add `open` and `tabulate` to the `bids` subcommands."""
    opening = sub.add_parser("open", help="record the opening of a procurement's bids (once; "
                                          "after the deadline; cannot be undone)")
    opening.add_argument("procurement", metavar="PROCUREMENT", help="reference, e.g. P2026-001")
    opening.add_argument("--by", required=True, metavar="NAME", help="who opens the bids")
    opening.add_argument("--witness", action="append", default=[], metavar="NAME",
                         help="a witness (repeatable)")
    opening.add_argument("--place", default="", metavar="TEXT",
                         help="where (default: the packet's opening place)")
    opening.add_argument("--notes", default="", metavar="TEXT", help="notes for the record")
    opening.set_defaults(handler=cmd_open)
    tab = sub.add_parser("tabulate", help="the bid tabulation after the opening: lines × "
                                          "bidders, lowest responsive price, responsiveness")
    tab.add_argument("procurement", metavar="PROCUREMENT")
    tab.add_argument("--json", action="store_true", help="print JSON")
    tab.add_argument("--out", type=Path, metavar="FILE.xlsx|FILE.pdf",
                     help="write the workbook or the public tabulation PDF")
    tab.set_defaults(handler=cmd_tabulate)


def cmd_open(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.bid_opening import open_bids

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        record = open_bids(session, args.procurement, args.by, args.witness, args.place,
                           args.notes)
    print(f"opened {args.procurement} on {nc_time_text(record.opened_at)} by "
          f"{record.opened_by}" + (f" at {record.place}" if record.place else "") + ".")
    if record.witnesses:
        print(f"witnesses: {', '.join(record.witnesses)}")
    print(record.outcome_text)
    print(record.public_note)
    return 0


def cmd_tabulate(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.bid_tabulation import tabulate

    out: Path | None = args.out
    if out is not None and out.suffix.lower() not in OUT_SUFFIXES:
        raise UserError(f"{out}: write the tabulation as .xlsx or .pdf")
    ctx.store.require_identity()
    with ctx.store.session() as session:
        tab = tabulate(session, args.procurement)
    if out is not None:
        from app.services.tabulation_xlsx import write_tabulation

        write_tabulation(tab, out)
        print(f"wrote {out}")
        return 0
    if args.json:
        print_json(tab.as_json())
        return 0
    _print(tab)
    return 0


def _print(tab: Any) -> None:
    opening = tab.opening
    print(f"{tab.ref}: {tab.title} — opened {nc_time_text(opening.opened_at)} by "
          f"{opening.opened_by}")
    print(opening.outcome_text)
    for bid in tab.bids:
        if not bid.opened:
            print(f"  {bid.vendor} (version {bid.version}, {bid.file_name}): {bid.state}")
    for lot in tab.lots:
        print()
        print(f"Lot {lot.number}: {lot.name}")
        if not lot.bidders:
            print("  no bid priced this lot")
            continue
        # `*` marks the lowest responsive unit price of a line.
        # Padded here: a starred price is text, and print_table aligns text left.
        rows = [[line.number, line.description[:34],
                 *(("not bid" if c is None else f"{c.unit_price:,.2f}"
                    + ("*" if c.lowest else " ")).rjust(12) for c in line.cells)]
                for line in lot.lines]
        rows.append(["", "lot total", *(f"{b.total:,.2f} ".rjust(12) for b in lot.bidders)])
        print_table(["line", "description", *(b.vendor[:22] for b in lot.bidders)], rows)
        for bidder in lot.bidders:
            verdict = "responsive" if bidder.responsive else "NOT responsive"
            print(f"  {bidder.vendor}: {verdict} (SHA-256 {bidder.short_sha}…)")
            for check in bidder.checks:
                if check.status != "PASS":
                    print(f"    {check.status}: {check.rule} — {check.reason}")
