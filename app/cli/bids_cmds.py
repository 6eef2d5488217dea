"""`consortium bids receive|list|withdraw|receipt|acknowledge` (state): sealed-bid intake and
the addenda each bid acknowledges. The opening and the tabulation (`bids open`,
`bids tabulate`) live in app.cli.bids_opening_cmds and register under the same group."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli import bids_opening_cmds
from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError


def register(commands: Any) -> None:
    bids = commands.add_parser("bids", help="sealed bids: receive, list, withdraw, receipts, "
                                            "open, tabulate (state)")
    sub = bids.add_subparsers(dest="bids_command", metavar="ACTION", required=True)
    receive = sub.add_parser("receive", help="receive a vendor's returned pricing workbook")
    receive.add_argument("procurement", metavar="REF")
    receive.add_argument("file", metavar="FILE", type=Path)
    receive.add_argument("--vendor", required=True, metavar="VENDOR",
                         help="id (from `vendors list`) or name")
    receive.add_argument("--received-at", metavar="ISO", type=_moment,
                         help="when it arrived, e.g. 2026-02-03T13:55 (NC local time unless "
                              "a zone is given; default now)")
    receive.add_argument("--receipt", metavar="FILE.pdf", type=Path,
                         help="also write the receipt for the vendor")
    receive.add_argument("--json", action="store_true", help="print JSON")
    receive.set_defaults(handler=cmd_receive)
    listing = sub.add_parser("list", help="who bid and when (no prices until the opening)")
    listing.add_argument("procurement", metavar="REF")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    withdraw = sub.add_parser("withdraw", help="withdraw a vendor's bid before the deadline")
    withdraw.add_argument("procurement", metavar="REF")
    withdraw.add_argument("--vendor", required=True, metavar="VENDOR")
    withdraw.add_argument("--reason", default="", metavar="TEXT")
    withdraw.set_defaults(handler=cmd_withdraw)
    receipt = sub.add_parser("receipt", help="print a vendor's bid receipt (PDF)")
    receipt.add_argument("procurement", metavar="REF")
    receipt.add_argument("--vendor", required=True, metavar="VENDOR")
    receipt.add_argument("--out", required=True, metavar="FILE.pdf", type=Path)
    receipt.set_defaults(handler=cmd_receipt)
    ack = sub.add_parser("acknowledge", help="record the addenda a vendor's bid acknowledges")
    ack.add_argument("procurement", metavar="REF")
    ack.add_argument("vendor", metavar="VENDOR", help="id (from `vendors list`) or name")
    ack.add_argument("--addenda", required=True, metavar="N,N",
                     help="the addenda numbers its bid form acknowledges, e.g. 1,2 "
                          "(replaces what was recorded)")
    ack.set_defaults(handler=cmd_acknowledge)
    bids_opening_cmds.register(sub)  # `bids open`, `bids tabulate`


def _moment(text: str) -> datetime:
    from app.rules.bids import NC_TIME

    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date and time (e.g. 2026-02-03T13:55)") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=NC_TIME)


def _check_pdf(path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() != ".pdf":
        raise UserError(f"{path}: the receipt is a PDF; name the file *.pdf")
    if not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder")


def _write_receipt(path: Path, receipt: Any) -> None:
    from app.reports.bid_receipt import render_bid_receipt

    try:
        path.write_bytes(render_bid_receipt(receipt))
    except OSError as error:
        raise UserError(f"{path}: cannot write the file ({error.strerror})") from error


def _local(moment: datetime) -> str:
    from app.rules.bids import local_time

    return f"{local_time(moment):%Y-%m-%d %H:%M}"


def cmd_receive(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.bids import receive_bid

    _check_pdf(args.receipt)
    with ctx.store.transaction() as session:
        receipt = receive_bid(session, args.procurement, args.file, args.vendor,
                              received_at=args.received_at)
    bid = receipt.bid
    if args.receipt:
        _write_receipt(args.receipt, receipt)
    if args.json:
        print_json({**bid.as_json(), "deadline": receipt.deadline.isoformat(),
                    "replaced_version": receipt.replaced_version})
        return 0
    print(f"received {bid.file_name} from {bid.vendor}: version {bid.version}"
          + (f" (replaces version {receipt.replaced_version})" if receipt.replaced_version
             else "") + f", {_local(bid.received_at)} Eastern, "
          + ("LATE (recorded, not opened)" if bid.late else "on time")
          + f", SHA-256 {bid.sha256}")
    for flag in bid.flags:
        print(f"  note: {flag}")
    if args.receipt:
        print(f"wrote {args.receipt}")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.bids import intake_summary, list_bids

    with ctx.store.session() as session:
        rows = list_bids(session, args.procurement)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print(f"No bids received for {args.procurement}. {intake_summary(rows)}")
        return 0
    print_table(["vendor", "id", "version", "status", "received (Eastern)", "late", "notes",
                 "file", "SHA-256"],
                [[r.vendor[:36], r.vendor_id, r.version, r.status, _local(r.received_at),
                  "LATE" if r.late else "", len(r.flags) or "", r.file_name[:32],
                  r.sha256[:12]] for r in rows])
    print(intake_summary(rows))
    return 0


def cmd_withdraw(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.bids import withdraw_bid

    with ctx.store.transaction() as session:
        row = withdraw_bid(session, args.procurement, args.vendor, args.reason)
    print(f"withdrew {row.vendor}'s bid version {row.version} on {row.procurement_ref} "
          "(the file stays on record)")
    return 0


def cmd_receipt(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.bids import bid_receipt

    _check_pdf(args.out)
    with ctx.store.session() as session:
        receipt = bid_receipt(session, args.procurement, args.vendor)
    _write_receipt(args.out, receipt)
    print(f"wrote {args.out}: {receipt.bid.vendor}, version {receipt.bid.version}")
    return 0


def cmd_acknowledge(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.addenda import acknowledge, unacknowledged

    with ctx.store.transaction() as session:
        numbers = acknowledge(session, args.procurement, args.vendor, args.addenda)
        missing = unacknowledged(session, args.procurement)
    listed = ", ".join(str(n) for n in numbers) or "none"
    print(f"{args.vendor}: acknowledges addenda {listed}")
    for vendor, numbers_missing in missing.items():
        print(f"  {vendor} has not acknowledged addend"
              f"{'a' if len(numbers_missing) > 1 else 'um'} "
              f"{', '.join(str(n) for n in numbers_missing)}")
    return 0
