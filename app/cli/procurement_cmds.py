"""`consortium erate ...` (discounts, consortium averages, C2 budgets) and
`consortium procurement ...` (plan a group purchase from demand)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.context import CliContext, print_json, print_table
from app.services.erate import (
    ConsortiumView,
    c2_budget_for,
    consortium_for_procurement,
    discount_for_member,
)
from app.services.procurement_detail import get_procurement
from app.services.procurements import (
    DATE_FIELDS,
    EDITABLE,
    add_price_tier,
    create_procurement,
    edit_procurement,
    list_procurements,
)
from app.services.values import plain_number


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


def register(commands: Any) -> None:
    erate = commands.add_parser("erate", help="E-rate discounts and Category 2 budgets")
    erate_sub = erate.add_subparsers(dest="erate_command", metavar="ACTION", required=True)
    discount = erate_sub.add_parser("discount", help="a member's C1 and C2 discount")
    discount.add_argument("--member", required=True, metavar="CODE")
    discount.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year")
    discount.add_argument("--json", action="store_true", help="print JSON")
    discount.set_defaults(handler=cmd_discount)
    consortium = erate_sub.add_parser(
        "consortium", help="a procurement's consortium discount and Form 471 groupings")
    consortium.add_argument("--procurement", required=True, metavar="ID",
                            help="reference such as P2026-001, or the number")
    consortium.add_argument("--json", action="store_true", help="print JSON")
    consortium.set_defaults(handler=cmd_consortium)
    budget = erate_sub.add_parser("budget", help="a member's five-year C2 budget")
    budget.add_argument("--member", required=True, metavar="CODE")
    budget.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year")
    budget.add_argument("--json", action="store_true", help="print JSON")
    budget.set_defaults(handler=cmd_budget)

    proc = commands.add_parser("procurement", help="group purchases planned from demand")
    sub = proc.add_subparsers(dest="procurement_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="plan a procurement from demand (state only)")
    create.add_argument("--title", required=True)
    create.add_argument("--fy", type=int, required=True, metavar="YEAR", dest="funding_year")
    create.add_argument("--items", metavar="CODES", help="catalog item codes, comma-separated")
    create.add_argument("--categories", metavar="CODES",
                        help="category codes, comma-separated (with neither: all demand)")
    create.add_argument("--members", metavar="CODES",
                        help="member codes, comma-separated, or 'all' (default: every "
                             "member with matching demand)")
    create.add_argument("--lots", choices=["item", "category"], default="item",
                        help="one lot per item or per category (default: item)")
    create.add_argument("--include-drafts", action="store_true")
    create.add_argument("--json", action="store_true", help="print JSON")
    create.set_defaults(handler=cmd_create)
    listing = sub.add_parser("list", help="list procurements")
    listing.add_argument("--fy", type=int, metavar="YEAR", dest="funding_year")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)
    show = sub.add_parser("show", help="lots, members, E-rate, calendar and checklist")
    show.add_argument("procurement", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=cmd_show)
    setting = sub.add_parser("set", help="change a date, the status, title or notes")
    setting.add_argument("procurement", metavar="ID")
    setting.add_argument("field", choices=EDITABLE)
    setting.add_argument("value", help="dates as YYYY-MM-DD; '' clears a date")
    setting.set_defaults(handler=cmd_set)
    tier = sub.add_parser("tier", help="add a volume price break to a catalog item")
    tier.add_argument("item", metavar="ITEM")
    tier.add_argument("min_qty", metavar="MIN_QTY")
    tier.add_argument("unit_price", metavar="UNIT_PRICE")
    tier.add_argument("--vendor", default="")
    tier.set_defaults(handler=cmd_tier)
    pfile = sub.add_parser("file", help="the procurement file: one bookmarked PDF for audit "
                           "(and the received originals in a zip)")
    pfile.add_argument("procurement", metavar="ID")
    pfile.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    pfile.add_argument("--with-originals", action="store_true",
                       help="also FILE-originals.zip beside it: the received bid files, the "
                            "packet and a SHA-256 manifest")
    pfile.set_defaults(handler=cmd_file)


def cmd_discount(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        view = discount_for_member(session, args.member, args.funding_year)
    data = view.as_json()
    if args.json:
        print_json(data)
        return 0
    print(f"{view.code} {view.name}, FY{view.funding_year}: NSLP {data['nslp_percent']} % "
          f"({data['nslp_eligible_students']:,} of {data['students']:,} students), "
          f"{'rural' if data['rural'] else 'urban'} ({data['rural_schools']} of "
          f"{data['schools']} schools rural) → C1 {data['c1']} %, C2 {data['c2']} %")
    if view.unconfirmed:
        print(f"Unconfirmed for FY{view.funding_year}: the figures of "
              f"{len(view.unconfirmed)} of {data['schools']} school(s) "
              f"({_few(view.unconfirmed)}) are not confirmed by the member; this discount is "
              f"an estimate until they are (`consortium schools confirm {view.code} "
              f"--fy {view.funding_year}`).")
    else:
        print(f"Figures confirmed by the member for FY{view.funding_year}.")
    return 0


def _few(codes: list[str] | tuple[str, ...], limit: int = 10) -> str:
    return ", ".join(codes[:limit]) + (f" and {len(codes) - limit} more"
                                       if len(codes) > limit else "")


def print_erate_warnings(view: ConsortiumView) -> None:
    """What the consortium figures rest on: unconfirmed figures and over-budget members."""
    if view.unconfirmed:
        print(f"Unconfirmed figures: {len(view.unconfirmed)} of {len(view.members)} "
              f"member(s) have not confirmed their NSLP/CEP and rural figures for "
              f"FY{view.funding_year}: "
              + _few([f"{u.member_code} ({u.schools}/{u.of} schools)"
                      for u in view.unconfirmed])
              + ". The discounts and groupings are estimates until they do.")
    if view.over_budget:
        print("Over the C2 budget (no discount beyond it): "
              + _few([f"{m.code} C2 {m.c2_amount:,} against "
                      f"{max(m.c2_budget_left or 0, 0):,} left" for m in view.over_budget]))


def cmd_consortium(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        view = consortium_for_procurement(session, args.procurement)
    if args.json:
        print_json(view.as_json())
        return 0
    print(f"{view.ref} (FY{view.funding_year}): consortium discount C1 {view.c1} %, "
          f"C2 {view.c2} % (simple average of {len(view.members)} members)")
    if view.without_discount:
        print(f"No school data (left out): {', '.join(view.without_discount)}")
    print_erate_warnings(view)
    for label, options in (("C1", view.c1_options), ("C2", view.c2_options)):
        for option in options:
            loss = f"; {len(option.losses)} member(s) lose {option.total_loss:,}" \
                if option.losses else "; nobody loses"
            print(f"  {label} {option.name}: E-rate {option.erate_amount:,} in "
                  f"{len(option.applications)} application(s){loss}")
    return 0


def cmd_budget(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        view = c2_budget_for(session, args.member, args.funding_year)
    if args.json:
        print_json(view.as_json())
        return 0
    b = view.budget
    print(f"{view.code} {view.name}, C2 budget {view.cycle}: {b.budget:,} ({b.method}); "
          f"committed {b.committed:,}; remaining {b.remaining:,}")
    return 0


def cmd_create(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    members = [] if (args.members or "").strip().lower() in ("", "all") else \
        _codes(args.members)
    with ctx.store.transaction() as session:
        row = create_procurement(session, title=args.title, funding_year=args.funding_year,
                                 items=_codes(args.items), categories=_codes(args.categories),
                                 members=members, lot_basis=args.lots,
                                 include_drafts=args.include_drafts)
    if args.json:
        print_json(row.as_json())
    else:
        print(f"Created {row.ref} '{row.title}': {row.lots} lot(s), {row.members} member(s), "
              f"estimated {row.estimated_total:,}, method {row.method}.")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        rows = list_procurements(session, args.funding_year)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(["ref", "title", "FY", "method", "status", "lots", "members", "estimated"],
                [[r.ref, r.title[:40], r.funding_year, r.method, r.status, r.lots, r.members,
                  r.estimated_total] for r in rows])
    return 0


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.session() as session:
        detail = get_procurement(session, args.procurement)
    if args.json:
        print_json(detail.as_json())
        return 0
    row = detail.row
    print(f"{row.ref}  {row.title}  (FY{row.funding_year}, {row.status})")
    print(f"Method: {detail.choice.label} — estimated {row.estimated_total:,}; funding "
          f"{', '.join(row.funding_sources) or 'not given'}")
    print(f"E-rate: consortium C1 {detail.erate.c1} %, C2 {detail.erate.c2} %; estimated "
          f"E-rate share {detail.erate_share:,}; volume-price savings {detail.volume_savings:,}")
    print_erate_warnings(detail.erate)
    print("\nLots")
    print_table(["lot", "item", "description", "qty", "est. price", "amount", "members"],
                [[lot.number, i.item_code, i.description[:40], plain_number(i.quantity),
                  i.estimated_unit_price, i.estimated_amount, i.members]
                 for lot in detail.lots for i in lot.items])
    print("\nMembers")
    print_table(["member", "name", "amount", "C1", "C2", "E-rate share", "C2 over budget",
                 "LOA"],
                [[p.code, p.name[:36], p.estimated_amount, p.c1, p.c2, p.erate_share,
                  p.c2_over_budget or "", "ok" if p.loa_ok else "; ".join(p.loa_problems)[:50]]
                 for p in detail.participants])
    print("\nCalendar")
    for entry in detail.calendar:
        when = entry.on.isoformat() if entry.on else "—"
        print(f"  {when:10}  {entry.label}" + (f"  ({entry.note})" if entry.note else ""))
    print("\nChecklist")
    for item in detail.checklist:
        print(f"  [{'PASS' if item.passed else 'FAIL'}] {item.rule}: {item.reason}")
    print(f"\n{'All rules pass.' if detail.passed else 'Some rules fail; see above.'}")
    return 0


def cmd_set(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    value: Any = args.value
    if args.field in DATE_FIELDS and not value:
        value = None
    with ctx.store.transaction() as session:
        row = edit_procurement(session, args.procurement, {args.field: value})
    print(f"{row.ref}: {args.field} = {args.value or '(cleared)'}")
    return 0


def cmd_tier(args: argparse.Namespace, ctx: CliContext) -> int:
    ctx.store.require_identity()
    with ctx.store.transaction() as session:
        tier = add_price_tier(session, args.item, args.min_qty, args.unit_price, args.vendor)
    print(f"{args.item.upper()}: from {plain_number(tier.min_qty)} units, "
          f"{tier.unit_price:,} each.")
    return 0


def cmd_file(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.services.procurement_originals import save_procurement_file

    ctx.store.require_identity()
    with ctx.store.session() as session:
        saved = save_procurement_file(session, args.procurement, args.out,
                                      with_originals=args.with_originals)
    print(f"wrote {saved.pdf}: {saved.pages} pages, a bookmark per part")
    if saved.originals is not None:
        print(f"wrote {saved.originals.path}: {saved.originals.files} file(s) with their "
              "SHA-256 in MANIFEST.json and MANIFEST.sha256 (check: sha256sum -c "
              "MANIFEST.sha256)")
        for name in saved.originals.missing:
            print(f"warning: the received file of {name} is not in the store; listed as "
                  "missing in the manifest")
    return 0
