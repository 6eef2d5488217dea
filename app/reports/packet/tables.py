"""The packet's large tables: lots and specifications, aggregated quantities with the
exhibits by region and by member, and the line-item pricing form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from app.reports.document import Heading, heading_styles
from app.reports.packet.dto import LotDTO, LotItemDTO
from app.reports.packet.sections import (
    Ctx,
    data_table,
    fit,
    head,
    qty,
    subheading,
    widths_for,
)
from app.reports.styles import (
    FONT_BOLD,
    HEADER_FILL,
    INK,
    esc,
    one_line_width,
    size_to_fit,
    styles,
)

ERATE_LABELS = {"C1": "C1", "C2": "C2", "ineligible": "Not eligible", "mixed": "Mixed",
                "": "—"}
LINES_PER_EXHIBIT_TABLE = 5
QTY_COLUMN = 0.8  # inches: an exhibit's quantity column, wider for a long item code
MEMBER_COLUMN = 1.7  # inches the member's name keeps beside five quantity columns
SMALLEST = 5.5  # points: the smallest an item code is drawn in an exhibit header
CODE_SIZE = 7.5  # item codes, drawn a little smaller than the text
CODE_COLUMN = [("FONTSIZE", (1, 1), (1, -1), CODE_SIZE)]


def lot_title(lot: LotDTO) -> str:
    return f"Lot {lot.number} — {lot.name}"


def _lot_heading(lot: LotDTO, key: str, level: int) -> Heading:
    """A small heading for a lot inside a section: a bookmark, not a contents line."""
    return Heading(esc(lot_title(lot)), heading_styles()["h3_table"], key=key, level=level,
                   title=lot_title(lot), toc=False)


def scope_lots(ctx: Ctx, number: int) -> list[Any]:
    s = styles()
    out: list[Any] = []
    widths = widths_for(ctx.width, [0.42, 1.15, None, 0.9, 0.75, 0.75])
    for lot in ctx.packet.lots:
        out.extend(subheading(ctx, number, lot_title(lot), room=2.2))
        category = ERATE_LABELS.get(lot.erate_category, lot.erate_category)
        out.append(Paragraph(esc(f"E-rate category: {category}. {len(lot.items)} line "
                                 f"item{'s' if len(lot.items) != 1 else ''}; quantities "
                                 "are the members' confirmed needs."), s["small"]))
        out.append(Spacer(1, 4))
        rows: list[list[Any]] = [head("Line", "Item", "Description and minimum specification",
                                      "Unit", "Quantity", "E-rate", right=(4,))]
        for item in lot.items:
            text = f"<b>{esc(item.description)}</b>"
            if item.spec:
                text += f"<br/>{esc(item.spec)}"
            rows.append([item.line, fit(item.item_code or "—", s["code"], widths[1], CODE_SIZE),
                         Paragraph(text, s["cell"]), fit(item.unit, s["cell"], widths[3]),
                         qty(item.quantity), ERATE_LABELS.get(item.erate_category, "—")])
        out.append(data_table(rows, widths, right=(4,), long=True, extra=CODE_COLUMN))
    return out


def quantity_summary(ctx: Ctx, number: int) -> list[Any]:
    s = styles()
    out: list[Any] = subheading(ctx, number, "Summary by lot and line")
    widths = widths_for(ctx.width, [0.42, 1.15, None, 0.9, 0.75, 0.8])
    rows: list[list[Any]] = [head("Line", "Item", "Description", "Unit", "Members",
                                  "Quantity", right=(4, 5))]
    spans: list[Any] = []
    for lot in ctx.packet.lots:
        rows.append([Paragraph(f"<b>{esc(lot_title(lot))}</b>", s["cell"]), "", "", "", "",
                     ""])
        index = len(rows) - 1
        spans += [("SPAN", (0, index), (-1, index)),
                  ("BACKGROUND", (0, index), (-1, index), HEADER_FILL)]
        for item in lot.items:
            rows.append([item.line, fit(item.item_code or "—", s["code"], widths[1], CODE_SIZE),
                         fit(item.description, s["cell"], widths[2]),
                         fit(item.unit, s["cell"], widths[3]), f"{item.members:,}",
                         qty(item.quantity)])
    out.append(data_table(rows, widths, right=(4, 5), long=True, extra=spans + CODE_COLUMN))
    return out


def exhibit_by_region(ctx: Ctx, number: int) -> list[Any]:
    s = styles()
    packet = ctx.packet
    regions = sorted({m.region for m in packet.members})
    out: list[Any] = subheading(ctx, number, "Exhibit A — quantities by region", room=2.5)
    legend = "; ".join(f"{n} {packet.region_name(n)}".strip() for n in regions)
    out.append(Paragraph(esc(f"Columns are the State Board of Education regions: {legend}."),
                         s["small"]))
    out.append(Spacer(1, 4))
    by_line = packet.region_quantities()
    rows: list[list[Any]] = [head("Line", "Item", *[f"R{n}" for n in regions], "Total",
                                  right=tuple(range(2, len(regions) + 3)))]
    cell = s["code"].clone("exhibit_code", fontSize=7)
    for item in packet.lot_lines:
        per = by_line.get(item.line, {})
        rows.append([item.line, fit(item.item_code or item.description, cell, 1.25 * 72, 7.5),
                     *[qty(per[n]) if per.get(n) else "—" for n in regions],
                     qty(item.quantity)])
    fixed: list[float | None] = [0.42, 1.25, *([None] * len(regions)), 0.8]
    known = (0.42 + 1.25 + 0.8) * 72
    share = (ctx.width - known) / max(len(regions), 1) / 72
    widths = widths_for(ctx.width, [share if w is None else w for w in fixed])
    out.append(data_table(rows, widths, right=tuple(range(2, len(regions) + 3)), long=True,
                          extra=[("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return out


def exhibit_by_member(ctx: Ctx, number: int) -> list[Any]:
    """Per lot, each member's quantity of each line (members without any are left out)."""
    s = styles()
    packet = ctx.packet
    out: list[Any] = subheading(ctx, number, "Exhibit B — quantities by member", room=2.5)
    out.append(Paragraph(esc("Each member orders and takes delivery in its own name; these "
                             "are the quantities each member confirmed, by lot and line."),
                         s["small"]))
    members = {m.code: m for m in packet.members}
    cells: dict[str, dict[str, Decimal]] = {}
    for c in packet.member_quantities:
        per = cells.setdefault(c.line, {})
        per[c.member_code] = per.get(c.member_code, Decimal(0)) + c.quantity
    name_style = s["cell"].clone("exhibit_name", fontSize=8, leading=9.5)
    for lot in packet.lots:
        for start in range(0, max(len(lot.items), 1), LINES_PER_EXHIBIT_TABLE):
            chunk = lot.items[start:start + LINES_PER_EXHIBIT_TABLE]
            codes = sorted({code for item in chunk for code in cells.get(item.line, {})})
            if not codes:
                continue
            out.append(CondPageBreak(1.4 * 72))
            out.append(_lot_heading(lot, f"xb{lot.number}-{start}", 2))
            out.append(_member_table(ctx, chunk, codes, cells, members, name_style))
    unconfirmed = [m for m in packet.members if not m.figures_confirmed]
    if unconfirmed:
        out.append(Paragraph(esc(
            f"{UNCONFIRMED_MARK} {len(unconfirmed)} member(s) have not yet confirmed their "
            f"E-rate figures (NSLP or CEP, rural status) for FY{packet.funding_year}: their "
            "discounts, and the consortium discount, are estimates until they do. Quantities "
            "are not affected."), s["small"]))
    return out


# Marks a member whose E-rate figures are unconfirmed (footnote under Exhibit B).
UNCONFIRMED_MARK = "†"


def _member_table(ctx: Ctx, chunk: tuple[LotItemDTO, ...], codes: list[str],
                  cells: dict[str, dict[str, Decimal]], members: dict[str, Any],
                  name_style: Any) -> Any:
    s = styles()
    right = tuple(range(3, 3 + len(chunk)))
    # An item code is one word: its column grows a little for it, and what still does not
    # fit is drawn smaller, never broken in two.
    # The member column keeps MEMBER_COLUMN inches, so a name does not wrap into a tower.
    codes_shown = [item.item_code or item.unit for item in chunk]
    wanted = [max(0.0, one_line_width([c], FONT_BOLD, 6.5) / inch - QTY_COLUMN)
              for c in codes_shown]
    room = max(0.0, ctx.width / inch - 0.5 - 0.62 - MEMBER_COLUMN - QTY_COLUMN * len(chunk))
    scale = min(1.0, room / sum(wanted)) if sum(wanted) else 0.0
    columns = [max(QTY_COLUMN + extra * scale, one_line_width([c], FONT_BOLD, SMALLEST) / inch)
               for c, extra in zip(codes_shown, wanted, strict=True)]
    widths = widths_for(ctx.width, [0.5, None, 0.62, *columns])
    header: list[Any] = head("Code", "Member", "Region")
    for item, code, column in zip(chunk, codes_shown, widths[3:], strict=True):
        size = size_to_fit(code, column, 6.5, FONT_BOLD, SMALLEST)
        header.append(Paragraph(f"Line {esc(item.line)}<br/><font size={size}>"
                                f"{esc(code)}</font>", s["cell_head_right"]))
    rows: list[list[Any]] = [header]
    for code in codes:
        member = members.get(code)
        mark = f" {UNCONFIRMED_MARK}" if member and not member.figures_confirmed else ""
        rows.append([code, fit((member.name if member else code) + mark, name_style,
                               widths[1]),
                     str(member.region) if member else "",
                     *[qty(cells[item.line][code]) if cells.get(item.line, {}).get(code)
                       else "—" for item in chunk]])
    rows.append(["", Paragraph("<b>Total</b>", s["cell"]), "",
                 *[qty(item.quantity) for item in chunk]])
    return data_table(rows, widths, right=right, long=True, extra=[
        ("FONTSIZE", (0, 1), (-1, -1), 8), ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ("FONTNAME", (3, -1), (-1, -1), FONT_BOLD), ("ALIGN", (2, 0), (2, -1), "CENTER")])


def pricing_form(ctx: Ctx, number: int) -> list[Any]:
    s = styles()
    out: list[Any] = []
    blank = [("BOX", (5, 1), (6, -2), 0.4, INK), ("INNERGRID", (5, 1), (6, -2), 0.25, INK)]
    widths = widths_for(ctx.width, [0.42, 1.15, None, 0.9, 0.75, 0.85, 0.95])
    for lot in ctx.packet.lots:
        out.append(CondPageBreak(1.6 * 72))
        out.append(_lot_heading(lot, f"pf{lot.number}", 1))
        rows: list[list[Any]] = [head("Line", "Item", "Description", "Unit", "Quantity",
                                      "Unit price", "Extended\nprice", right=(4, 5, 6))]
        for item in lot.items:
            rows.append([item.line, fit(item.item_code or "—", s["code"], widths[1], CODE_SIZE),
                         Paragraph(esc(item.description) + (
                             "" if item.eligible else
                             " <font size=7 color='#52606d'>(not E-rate eligible)</font>"),
                             s["cell"]),
                         fit(item.unit, s["cell"], widths[3]), qty(item.quantity), "", ""])
        rows.append(["", "", Paragraph(f"<b>Total for lot {lot.number}</b>", s["cell"]), "",
                     "", "", ""])
        out.append(data_table(rows, widths, right=(4, 5, 6), long=True, extra=[
            *blank, *CODE_COLUMN, ("ROWBACKGROUNDS", (0, 1), (-1, -1), ["white"]),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK), ("BOX", (6, -1), (6, -1), 0.4, INK)]))
    return out
