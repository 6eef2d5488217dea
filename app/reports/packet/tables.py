"""The packet's large tables: lots and specifications, aggregated quantities with the
exhibit by region, and the line-item pricing form (the exhibit by member is in exhibit.py)."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from app.reports.charts import members_by_region
from app.reports.document import Heading, heading_styles
from app.reports.packet.dto import LotDTO
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
    CELL_PADDING,
    FONT,
    HEADER_FILL,
    INK,
    esc,
    size_to_fit,
    styles,
)

ERATE_LABELS = {"C1": "C1", "C2": "C2", "ineligible": "Not eligible", "mixed": "Mixed",
                "": "—"}
CODE_SIZE = 7.5  # item codes, drawn a little smaller than the text
SMALLEST_CODE = 5.0  # points: the least an item code shrinks to in a narrow column
CODE_COLUMN = [("FONTSIZE", (1, 1), (1, -1), CODE_SIZE)]


def code_cell(code: str, width: float, size: float = CODE_SIZE) -> Any:
    """An item code on one line of a `width` column: drawn smaller when the column is too
    narrow for it (codes run to 20 characters), never broken in two as a wrapping
    Paragraph would break a long word."""
    room = width - 8  # the packet tables' cell padding
    if stringWidth(code, FONT, size) <= room:
        return code
    smaller = size_to_fit(code, room + CELL_PADDING, size, FONT, SMALLEST_CODE)
    return Paragraph(esc(code), styles()["code"].clone("code_small", fontSize=smaller,
                                                       leading=smaller + 2))


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
            rows.append([item.line, code_cell(item.item_code or "—", widths[1]),
                         Paragraph(text, s["cell"]), fit(item.unit, s["cell"], widths[3]),
                         qty(item.quantity), ERATE_LABELS.get(item.erate_category, "—")])
        out.append(data_table(rows, widths, right=(4,), long=True, extra=CODE_COLUMN))
    return out


def demand_chart(ctx: Ctx, _number: int) -> list[Any]:
    """Members per region and kind, as the dashboard draws the state's demand."""
    packet = ctx.packet
    rows = []
    for region, per in sorted(packet.members_by_region().items()):
        other = sum(v for k, v in per.items() if k not in ("lea", "charter"))
        label = f"Region {region}" + (f" {packet.region_name(region)}"
                                      if packet.region_name(region) else "")
        rows.append((label, per.get("lea", 0), per.get("charter", 0), other))
    if not rows:
        return []
    return [Spacer(1, 4), members_by_region(rows, ctx.width), Spacer(1, 6)]


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
            rows.append([item.line, code_cell(item.item_code or "—", widths[1]),
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
        rows.append([item.line, code_cell(item.item_code, 1.25 * 72, 7.5) if item.item_code
                     else fit(item.description, cell, 1.25 * 72, 7.5),
                     *[qty(per[n]) if per.get(n) else "—" for n in regions],
                     qty(item.quantity)])
    fixed: list[float | None] = [0.42, 1.25, *([None] * len(regions)), 0.8]
    known = (0.42 + 1.25 + 0.8) * 72
    share = (ctx.width - known) / max(len(regions), 1) / 72
    widths = widths_for(ctx.width, [share if w is None else w for w in fixed])
    out.append(data_table(rows, widths, right=tuple(range(2, len(regions) + 3)), long=True,
                          extra=[("FONTSIZE", (0, 1), (-1, -1), 7.5)]))
    return out


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
            rows.append([item.line, code_cell(item.item_code or "—", widths[1]),
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
