"""Record-by-record editing from the command line: `needs add|edit|confirm|withdraw|reopen`,
`members show|add|edit`, `schools add|edit|remove|confirm|sheet`, `contacts add|remove`.

Fields are given as `--set field=value` with the same names and checks as the spreadsheet
columns, so a script can do anything the forms do.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError


def parse_sets(pairs: list[str] | None) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--set '{pair}': write it as field=value")
        values[key.strip()] = value
    return values


def _set_option(parser: argparse.ArgumentParser, example: str) -> None:
    parser.add_argument("--set", action="append", metavar="FIELD=VALUE",
                        help=f"a field to set (repeatable), e.g. {example}")


def register_needs(sub: Any) -> None:
    add = sub.add_parser("add", help="add one need line")
    add.add_argument("--member", required=True, metavar="CODE")
    add.add_argument("--item", metavar="CODE", help="catalog item (fills unit and price)")
    add.add_argument("--quantity", required=True)
    _set_option(add, "unit_price=279.00 funding_sources=erate,local")
    add.set_defaults(handler=cmd_need_add)
    edit = sub.add_parser("edit", help="change fields of a need line")
    edit.add_argument("uid")
    _set_option(edit, "quantity=120")
    edit.set_defaults(handler=cmd_need_edit)
    for action, status, text in (("confirm", "confirmed", "mark lines confirmed by the member"),
                                 ("withdraw", "withdrawn", "withdraw lines (kept, not deleted)"),
                                 ("reopen", "draft", "put lines back to draft")):
        parser = sub.add_parser(action, help=text)
        parser.add_argument("uids", nargs="+", metavar="UID")
        if status == "confirmed":
            _confirm_options(parser)
        parser.set_defaults(handler=cmd_need_status, status=status)


def _confirm_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default="", help="who confirmed (default: operator)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--funding-source", metavar="SOURCES", default="",
                        help="funding source for lines that have none, e.g. erate or "
                             "erate,local (a line with no source is refused)")
    source.add_argument("--suggested-source", action="store_true",
                        help="give each line that has none the suggested source (the "
                             "member's usual one, else by the item's E-rate category)")
    parser.add_argument("--accept-duplicates", action="store_true",
                        help="confirm even when the member has the same item on another "
                             "line for the same funding year")


def cmd_need_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.needs import create_need

    raw: dict[str, Any] = {"member": args.member, "quantity": args.quantity,
                           **parse_sets(args.set)}
    if args.item:
        raw["item"] = args.item
    with ctx.store.transaction() as session:
        row = create_need(session, raw)
    print(f"added {row.uid}: {row.member_code} {row.description} × {row.quantity.normalize():f}"
          f" = {row.amount}")
    return 0


def cmd_need_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.needs import edit_need

    with ctx.store.transaction() as session:
        row = edit_need(session, args.uid, parse_sets(args.set))
    print(f"updated {row.uid}: status {row.status}, amount {row.amount}")
    return 0


def cmd_need_status(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.needs import set_status

    if args.status == "confirmed":
        return _confirm(args, ctx)
    with ctx.store.transaction() as session:  # all or none
        for uid in args.uids:
            set_status(session, uid, args.status)
    print(f"{len(args.uids)} line(s) now {args.status}")
    return 0


def _confirm(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.need_confirm import DuplicateItemsError, MissingSourceError, confirm_needs

    try:
        with ctx.store.transaction() as session:  # all or none
            confirm_needs(session, args.uids, by=args.by, sources=args.funding_source or None,
                          use_suggested=args.suggested_source,
                          accept_duplicates=args.accept_duplicates)
    except MissingSourceError as error:
        raise UserError(f"{error} Give --funding-source SOURCES or --suggested-source.") \
            from error
    except DuplicateItemsError as error:
        raise UserError(f"{error} (--accept-duplicates confirms them as they are)") from error
    print(f"{len(args.uids)} line(s) now confirmed")
    return 0


def register_members(sub: Any) -> None:
    show = sub.add_parser("show", help="a member's profile, schools and contacts")
    show.add_argument("code")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_member_show)
    add = sub.add_parser("add", help="add a member (e.g. a charter school)")
    _set_option(add, "code=92K name='Sterling Montessori Academy' kind=charter region=3")
    add.set_defaults(handler=cmd_member_add)
    edit = sub.add_parser("edit", help="change a member's profile")
    edit.add_argument("code")
    _set_option(edit, "students=850 nslp_eligible=170 ben=16012345")
    edit.set_defaults(handler=cmd_member_edit)
    move = sub.add_parser("move", help="assign a member, with its records, to another region "
                                       "(state only)")
    move.add_argument("code")
    move.add_argument("--region", type=int, required=True, metavar="N", help="1-8")
    move.add_argument("--json", action="store_true", help="print JSON")
    move.set_defaults(handler=cmd_member_move)


def cmd_member_move(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.member_regions import move_member

    with ctx.store.transaction() as session:
        moved = move_member(session, args.code, args.region)
    if args.json:
        print_json(moved.as_json())
        return 0
    print(f"moved {moved.code} {moved.name} from Region {moved.old_region} to Region "
          f"{moved.new_region} with {moved.records_moved} record(s); the state's next bundle "
          f"to Region {moved.new_region} hands them over")
    return 0


def cmd_member_show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.members import get_member, member_row
    from app.services.schools import list_contacts, list_schools

    with ctx.store.session() as session:
        member = member_row(get_member(session, args.code))
        schools = list_schools(session, args.code)
        contacts = list_contacts(session, args.code)
    if args.json:
        print_json({**member.as_json(), "schools": [vars(s) for s in schools],
                    "contacts": [vars(c) for c in contacts]})
        return 0
    print(f"{member.code}  {member.name} ({member.kind}, {member.county} County, "
          f"Region {member.region})")
    print(f"  students {member.students}, NSLP-eligible {member.nslp_eligible}, "
          f"rural {member.rural}, E-rate BEN {member.ben or '-'}")
    if schools:
        print()
        print_table(["code", "school", "students", "NSLP", "rural"],
                    [[s.code, s.name, s.students, s.nslp_eligible, "yes" if s.rural else "no"]
                     for s in schools])
    if contacts:
        print()
        print_table(["contact", "title", "e-mail", "phone"],
                    [[c.name, c.title, c.email, c.phone] for c in contacts])
    return 0


def cmd_member_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.members import create_member

    with ctx.store.transaction() as session:
        row = create_member(session, parse_sets(args.set))
    print(f"added member {row.code} {row.name}")
    return 0


def cmd_member_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.members import edit_member

    with ctx.store.transaction() as session:
        row = edit_member(session, args.code, parse_sets(args.set))
    print(f"updated member {row.code} {row.name}")
    return 0


def register_schools_and_contacts(commands: Any) -> None:
    schools = commands.add_parser("schools", help="a member's schools")
    sub = schools.add_subparsers(dest="schools_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a school to a member")
    add.add_argument("member", metavar="MEMBER_CODE")
    _set_option(add, "code=920329 name='Green Level High' students=2400 nslp_eligible=400")
    add.set_defaults(handler=cmd_school_add)
    edit = sub.add_parser("edit", help="change a school's figures")
    edit.add_argument("code", metavar="SCHOOL_CODE")
    _set_option(edit, "nslp_eligible=450 rural=yes")
    edit.set_defaults(handler=cmd_school_edit)
    remove = sub.add_parser("remove", help="remove a school (closed, or entered by mistake; "
                                           "kept in the history)")
    remove.add_argument("code", metavar="SCHOOL_CODE")
    remove.set_defaults(handler=cmd_school_remove)
    confirm = sub.add_parser(
        "confirm", help="record that a member confirmed its schools' NSLP (or CEP) and rural "
                        "figures for a funding year")
    confirm.add_argument("member", nargs="?", metavar="MEMBER_CODE",
                         help="the member (omit with --file)")
    confirm.add_argument("--fy", type=int, required=True, metavar="YEAR", dest="funding_year")
    confirm.add_argument("--by", default="", help="who confirmed (default: operator)")
    confirm.add_argument("--school", action="append", nargs="+",
                         metavar=("SCHOOL_CODE", "FIELD=VALUE"),
                         help="confirm only this school, with the figures the member gave "
                              "(repeatable), e.g. --school 630304 nslp_eligible=450 "
                              "rural=yes; without --school every school is confirmed as "
                              "on file")
    confirm.add_argument("--file", type=Path, metavar="FILE",
                         help=".xlsx or .csv, one row per school: school_code, "
                              "nslp_eligible or cep_isp, rural (blank: as on file)")
    confirm.add_argument("--json", action="store_true", help="print JSON")
    confirm.set_defaults(handler=cmd_school_confirm)
    sheet = sub.add_parser("sheet", help="write members' schools and figures to a sheet "
                                         "for them to check, correct and return (read back "
                                         "by `schools confirm --file`)")
    sheet.add_argument("members", nargs="+", metavar="MEMBER_CODE")
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE",
                       help=".xlsx or .csv")
    sheet.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year",
                       help="the funding year the 'figures' column speaks of")
    sheet.set_defaults(handler=cmd_school_sheet)

    contacts = commands.add_parser("contacts", help="a member's contacts")
    contact_sub = contacts.add_subparsers(dest="contacts_command", metavar="ACTION",
                                          required=True)
    contact_add = contact_sub.add_parser("add", help="add a contact to a member")
    contact_add.add_argument("member", metavar="MEMBER_CODE")
    _set_option(contact_add, "name='Keith Cooper' title='Chief Technology Officer'")
    contact_add.set_defaults(handler=cmd_contact_add)
    contact_remove = contact_sub.add_parser(
        "remove", help="remove a contact (kept in the history); the uid is in "
                       "`members show CODE --json`")
    contact_remove.add_argument("uid", metavar="UID")
    contact_remove.set_defaults(handler=cmd_contact_remove)


def cmd_school_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.schools import add_school

    with ctx.store.transaction() as session:
        row = add_school(session, args.member, parse_sets(args.set))
    print(f"added school {row.code} {row.name} to {row.member_code}")
    return 0


def cmd_school_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.schools import edit_school

    with ctx.store.transaction() as session:
        row = edit_school(session, args.code, parse_sets(args.set))
    print(f"updated school {row.code} {row.name}")
    return 0


def cmd_school_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.schools import remove_school

    with ctx.store.transaction() as session:
        row = remove_school(session, args.code)
    print(f"removed school {row.code} {row.name} from {row.member_code}")
    return 0


def cmd_school_confirm(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.figures import confirm_figures
    from app.services.tabular_members import import_confirmations

    if bool(args.member) == bool(args.file):
        raise UserError("schools confirm: give a MEMBER_CODE or --file FILE (not both).")
    if args.file and args.school:
        raise UserError("schools confirm: --school goes with a MEMBER_CODE, not with --file.")
    schools = None
    if args.school:
        schools = [{"code": code, **parse_sets(pairs)} for code, *pairs in args.school]
    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        if args.file:
            report = import_confirmations(session, args.file, args.funding_year, args.by)
            if args.json:
                print_json(report.as_json())
            else:
                print(report.summary())
            return 0
        result = confirm_figures(session, args.member, args.funding_year, args.by, schools)
    if args.json:
        print_json(result.as_json())
        return 0
    print(f"{result.member_code}: {len(result.confirmed)} school(s) confirmed for "
          f"FY{result.funding_year}" + (
              f"; still unconfirmed: {', '.join(result.unconfirmed)}" if result.unconfirmed
              else "; all its figures are confirmed") + ".")
    return 0


def cmd_school_sheet(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.tabular_members import write_schools_sheet

    ctx.store.require_identity()
    with ctx.store.session() as session:
        count = write_schools_sheet(session, args.out, args.members, args.funding_year)
    print(f"wrote {count} school(s) to {args.out}")
    return 0


def cmd_contact_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.schools import add_contact

    with ctx.store.transaction() as session:
        row = add_contact(session, args.member, parse_sets(args.set))
    print(f"added contact {row.name} to {row.member_code}")
    return 0


def cmd_contact_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.schools import remove_contact

    with ctx.store.transaction() as session:
        row = remove_contact(session, args.uid)
    print(f"removed contact {row.name} ({row.uid}) from {row.member_code}")
    return 0
