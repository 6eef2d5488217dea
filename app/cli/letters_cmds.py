"""`consortium letters list|remove`: a member's letters of agency from the command line.

Adding and editing letters is done in the app's member detail, where the five required
elements are shown as they are filled in; listing and removing are what scripts need.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.services.letters import LetterRow


def register(commands: Any) -> None:
    letters = commands.add_parser("letters", help="a member's letters of agency")
    sub = letters.add_subparsers(dest="letters_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="a member's letters, with any missing elements")
    listing.add_argument("member", metavar="MEMBER_CODE")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    remove = sub.add_parser("remove", help="remove a letter (entered by mistake or "
                                           "withdrawn; kept in the history)")
    remove.add_argument("uid", metavar="UID")
    remove.set_defaults(handler=cmd_remove)


def years(row: LetterRow) -> str:
    first, last = row.first_funding_year, row.last_funding_year
    if first is None and last is None:
        return "-"
    return f"FY{first or last}" if first == last or None in (first, last) \
        else f"FY{first}-FY{last}"


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.letters import list_letters

    with ctx.store.session() as session:
        rows = list_letters(session, args.member)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["uid", "years", "official", "signed", "missing"],
                [[r.uid, years(r), r.official_name, r.signed_on,
                  "; ".join(r.missing_elements()) or "-"] for r in rows])
    return 0


def cmd_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.letters import remove_letter

    with ctx.store.transaction() as session:
        row = remove_letter(session, args.uid)
    print(f"removed letter of agency {years(row)} ({row.uid}) from {row.member_code}")
    return 0
