"""`consortium packet ...`: a procurement's PDF bid packet and companion pricing workbook,
its evaluation criteria, and its section texts; plus `report region-summary`.

    consortium packet PROCUREMENT --out FILE.pdf [--final] [--pricing-form FILE.xlsx]
    consortium packet criteria PROCUREMENT [--set NAME=POINTS ... --price NAME] [--json]
    consortium packet text PROCUREMENT [SECTION] [--file F | --value TEXT | --reset]
    consortium packet award-basis PROCUREMENT [BASIS] [--lot N] [--reset] [--json]
    consortium packet addendum PROCUREMENT --summary TEXT [--substantive] [--on YYYY-MM-DD]
    consortium packet addenda PROCUREMENT [--json]

A packet that is not ready (a failing checklist line, a fact a bidder needs missing) is
written as a DRAFT and the reasons are printed; with --final it is refused (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.errors import UserError

BUILD = "build"


class _AnyChoice(Mapping[str, Any]):
    """The subcommand table as argparse's `choices`, accepting any first word (an unknown
    one is a procurement reference)."""

    def __init__(self, real: dict[str, Any]) -> None:
        self.real = real

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return self.real[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.real)

    def __len__(self) -> int:
        return len(self.real)


class _DefaultSubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """`packet P2026-001 --out x.pdf` means `packet build P2026-001 --out x.pdf`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _AnyChoice(self._name_parser_map)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        if values and values[0] not in self._name_parser_map:
            values = [BUILD, *values]
        super().__call__(parser, namespace, values, option_string)


def register(commands: Any) -> None:
    packet = commands.add_parser(
        "packet", help="a procurement's PDF bid packet, pricing workbook, criteria and texts",
        description="consortium packet PROCUREMENT --out FILE.pdf [--pricing-form FILE.xlsx]"
                    " | packet criteria PROCUREMENT ... | packet text PROCUREMENT ...")
    sub = packet.add_subparsers(dest="packet_command", metavar="PROCUREMENT | ACTION",
                                required=True, action=_DefaultSubParsers)
    build = sub.add_parser(BUILD, help="write the bid packet (the default action)")
    build.add_argument("procurement", metavar="PROCUREMENT", help="reference, e.g. P2026-001")
    build.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    build.add_argument("--pricing-form", type=Path, metavar="FILE.xlsx",
                       help="also write the line-item pricing workbook for vendors")
    build.add_argument("--final", action="store_true",
                       help="the packet to post: refused, with every reason, unless the "
                            "checklist passes and every fact a bidder needs is set")
    build.set_defaults(handler=cmd_build)

    award = sub.add_parser("award-basis", help="show or set how each lot is awarded")
    award.add_argument("procurement", metavar="PROCUREMENT")
    award.add_argument("basis", nargs="?", metavar="BASIS",
                       help='"single", "multiple within N%%" or "multiple top K"')
    award.add_argument("--lot", type=int, metavar="N",
                       help="only this lot (default: every lot without its own basis)")
    award.add_argument("--reset", action="store_true",
                       help="clear the basis (a lot then follows the procurement's, the "
                            "procurement the single-award default)")
    award.add_argument("--json", action="store_true", help="print JSON")
    award.set_defaults(handler=cmd_award_basis)

    criteria = sub.add_parser("criteria", help="list or set the evaluation criteria")
    criteria.add_argument("procurement", metavar="PROCUREMENT")
    criteria.add_argument("--set", action="append", metavar="NAME=POINTS", dest="items",
                          help="a criterion and its points; repeat for each (replaces all)")
    criteria.add_argument("--price", metavar="NAME",
                          help="which criterion is the price of eligible goods and services")
    criteria.add_argument("--json", action="store_true", help="print JSON")
    criteria.set_defaults(handler=cmd_criteria)

    text = sub.add_parser("text", help="show, override or reset a section's text or a fact")
    text.add_argument("procurement", metavar="PROCUREMENT")
    text.add_argument("section", nargs="?", metavar="SECTION",
                      help="section key or fact name (omit to list them)")
    group = text.add_mutually_exclusive_group()
    group.add_argument("--file", type=Path, metavar="F", help="new text from a UTF-8 file")
    group.add_argument("--value", metavar="TEXT", help="new text given inline")
    group.add_argument("--reset", action="store_true", help="back to the default text")
    text.set_defaults(handler=cmd_text)

    addendum = sub.add_parser("addendum", help="issue the next numbered addendum to the "
                                               "posted (final) packet")
    addendum.add_argument("procurement", metavar="PROCUREMENT")
    addendum.add_argument("--summary", required=True, metavar="TEXT", help="what changed")
    addendum.add_argument("--substantive", action="store_true",
                          help="new services, new entities or a change of scope: restarts "
                               "the 28 days to the allowable contract date")
    addendum.add_argument("--on", type=_day, metavar="YYYY-MM-DD", dest="issued_on",
                          help="the day it was issued (default today)")
    addendum.set_defaults(handler=cmd_addendum)
    addenda = sub.add_parser("addenda", help="list a packet's addenda")
    addenda.add_argument("procurement", metavar="PROCUREMENT")
    addenda.add_argument("--json", action="store_true", help="print JSON")
    addenda.set_defaults(handler=cmd_addenda)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def register_region_summary(report_subparsers: Any) -> None:
    """`report region-summary --region N --out FILE.pdf`, added to the `report` group."""
    summary = report_subparsers.add_parser(
        "region-summary", help="a region's needs summary for the state (per member, per "
                               "category, confirmation status)")
    summary.add_argument("--region", type=int, required=True, metavar="N")
    summary.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    summary.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year",
                         help="funding year (default: the year in focus)")
    summary.set_defaults(handler=cmd_region_summary)


def _check_out(path: Path, suffix: str, what: str) -> None:
    if path.suffix.lower() != suffix:
        raise UserError(f"{path}: {what}; name the file *{suffix}")
    if not path.parent.exists():
        raise UserError(f"{path.parent}: no such folder")


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise UserError(f"{path}: cannot write the file ({error.strerror})") from error


def cmd_build(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.reports.packet.render import render_packet
    from app.services.packets import build_packet
    from app.services.tabular_pricing import write_pricing_form

    ctx.store.require_identity()
    _check_out(args.out, ".pdf", "the bid packet is a PDF")
    if args.pricing_form is not None:
        _check_out(args.pricing_form, ".xlsx", "the pricing form is an Excel workbook")
    with ctx.store.session() as session:
        packet = build_packet(session, args.procurement)
    data = render_packet(packet, final=args.final)  # --final: refused with every reason
    _write(args.out, data)
    if args.final:  # the packet to post: its criteria are frozen from now on
        from app.services.packet_issue import record_issue

        with ctx.store.transaction() as session:
            record_issue(session, packet.ref, data)
    kind = "final packet" if packet.is_final else "DRAFT, not for posting"
    print(f"wrote {args.out} ({kind}): {packet.ref} {packet.title}, {len(packet.lots)} lots, "
          f"{len(packet.members)} members")
    if not packet.is_final:
        print(f"The packet is a draft ({len(packet.problems)} reason"
              f"{'s' if len(packet.problems) != 1 else ''}; the final packet needs each "
              "resolved):", file=sys.stderr)
        for reason in packet.problems:
            print(f"  - {reason}", file=sys.stderr)
    if args.pricing_form is not None:
        rows = write_pricing_form(packet, args.pricing_form)
        print(f"wrote {args.pricing_form}: {rows} priced lines")
    return 0


def _parse_items(items: list[str], price: str | None) -> list[dict[str, Any]]:
    out = []
    for text in items:
        name, sep, weight = text.rpartition("=")
        if not sep or not name.strip():
            raise UserError(f"--set '{text}': write NAME=POINTS, e.g. \"Price=55\"")
        out.append({"name": name.strip(), "weight": weight.strip(),
                    "is_price_of_eligible": price is not None
                    and name.strip().lower() == price.strip().lower()})
    if price is not None and not any(i["is_price_of_eligible"] for i in out):
        raise UserError(f"--price '{price}' is not one of the criteria given with --set")
    return out


def cmd_criteria(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.packet_settings import list_criteria, set_criteria

    ctx.store.require_identity()
    if args.items:
        with ctx.store.transaction() as session:
            set_criteria(session, args.procurement, _parse_items(args.items, args.price))
    elif args.price:
        raise UserError("--price goes with --set (the whole list is replaced)")
    with ctx.store.session() as session:
        rows, default = list_criteria(session, args.procurement)
    if args.json:
        print_json({"default": default, "criteria": [r.as_json() for r in rows]})
        return 0
    print_table(["#", "criterion", "points", "price of eligible"],
                [(i, r.name, r.weight, "yes" if r.is_price_of_eligible else "")
                 for i, r in enumerate(rows, start=1)])
    if default:
        print("(the default criteria: none set for this procurement)")
    return 0


def cmd_award_basis(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.packet_settings import award_bases, set_award_basis
    from app.services.procurement_detail import get_procurement

    ctx.store.require_identity()
    if args.basis is not None and args.reset:
        raise UserError("give a BASIS or --reset, not both")
    if args.basis is not None or args.reset:
        with ctx.store.transaction() as session:
            set_award_basis(session, args.procurement, None if args.reset else args.basis,
                            args.lot)
    with ctx.store.session() as session:
        default, per_lot = award_bases(session, args.procurement)
        lots = get_procurement(session, args.procurement).lots
    rows = [(lot.number, lot.name, per_lot.get(lot.number, default).text,
             "own" if lot.number in per_lot else "procurement's") for lot in lots]
    if args.json:
        print_json({"procurement": default.text,
                    "lots": [{"lot": n, "name": name, "basis": basis, "from": source}
                             for n, name, basis, source in rows]})
        return 0
    print(f"procurement: {default.text} — {default.describe()}")
    print_table(["lot", "name", "award basis", "set"], rows)
    return 0


def cmd_text(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.reports.packet.dto import SECTION_KEYS, SECTION_TITLES
    from app.services import packet_settings as ps
    from app.services.erate import find_procurement

    ctx.store.require_identity()
    key = args.section
    changing = args.file is not None or args.value is not None or args.reset
    if key is None:
        if changing:
            raise UserError("name the SECTION to change (run without options to list them)")
        with ctx.store.session() as session:
            procurement = find_procurement(session, args.procurement)
            texts, facts = ps.overrides(session, procurement), ps.facts(session, procurement)
        print_table(["section", "title", "text"],
                    [(k, SECTION_TITLES[k], "override" if k in texts else "default")
                     for k in SECTION_KEYS])
        print()
        print_table(["fact", "meaning", "value"],
                    [(k, meaning, facts.get(k, "")) for k, meaning in ps.FACTS.items()])
        return 0
    if key not in SECTION_KEYS and key not in ps.FACTS:
        raise UserError(f"'{key}' is neither a section ({', '.join(SECTION_KEYS)}) nor a fact "
                        f"({', '.join(ps.FACTS)})")
    if not changing:
        with ctx.store.session() as session:
            procurement = find_procurement(session, args.procurement)
            if key in ps.FACTS:
                print(ps.facts(session, procurement).get(key, ""))
            else:
                sys.stdout.write(ps.overrides(session, procurement).get(
                    key, ps.default_text(key)))
        return 0
    value: str | None = None
    if args.file is not None:
        try:
            value = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"{args.file}: cannot read the file as UTF-8 text ({error})") \
                from error
    elif args.value is not None:
        value = args.value
    with ctx.store.transaction() as session:
        if key in ps.FACTS:
            ps.set_fact(session, args.procurement, key, value)
        else:
            ps.set_section_text(session, args.procurement, key, value)
    print(f"{key}: {'reset to the default' if value is None else 'saved'}")
    return 0


def cmd_addendum(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.addenda import issue_addendum

    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        row = issue_addendum(session, args.procurement, args.summary, args.substantive,
                             args.issued_on)
    kind = ("substantive: the allowable contract date is recalculated" if row.substantive
            else "not substantive")
    print(f"addendum {row.number} issued {row.issued_on.isoformat()} ({kind})")
    return 0


def cmd_addenda(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.addenda import list_addenda

    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_addenda(session, args.procurement)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("no addenda")
        return 0
    print_table(["#", "issued", "by", "substantive", "what changed"],
                [(r.number, r.issued_on.isoformat(), r.issued_by,
                  "yes" if r.substantive else "", r.summary) for r in rows])
    return 0


def cmd_region_summary(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.reports.region_summary import render_region_summary
    from app.services.region_summary_data import region_summary

    ctx.store.require_identity()
    _check_out(args.out, ".pdf", "the region summary is a PDF")
    with ctx.store.session() as session:
        summary = region_summary(session, args.region, args.funding_year)
    _write(args.out, render_region_summary(summary))
    print(f"wrote {args.out}: {summary.region_label}, {len(summary.members)} members")
    return 0
