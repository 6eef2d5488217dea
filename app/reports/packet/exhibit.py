"""Exhibit B, quantities by member, one row per member: as a grid with one narrow column per
lot line (lines go into as many tables as the page width needs, a member only appears in a
table where it has a quantity), or, when members take few of many lines and the grid would
be mostly blank, as each member's list of line numbers and quantities.

Item codes are drawn turned a quarter (reading upwards) above their column: the header grows
as tall as the longest code, so a code is never broken however narrow the column. One row
per member (rather than one per member and line) keeps a statewide exhibit to a few pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.reports.document import Heading, heading_styles
from app.reports.packet.dto import LotItemDTO
from app.reports.packet.sections import Ctx, data_table, fit, qty, subheading
from app.reports.styles import FONT, FONT_BOLD, INK, RULE, esc, styles

SIZE = 7  # points: the grid's figures and names
HEAD_SIZE = 7  # points: the turned line number and item code
PAD = 2.5  # points each side of a quantity column (the grid is dense; 4 elsewhere)
NAME_COLUMN = 1.85  # inches: room for most member names on one line
LEADING = 8.5


@dataclass(frozen=True)
class Column:
    item: LotItemDTO
    label: UpLabel
    width: float


class UpLabel(Flowable):
    """Short lines of text turned to read upwards, side by side, each on one line."""

    def __init__(self, lines: list[tuple[str, str, float]], color: Any = INK) -> None:
        super().__init__()
        self.lines = lines  # (text, font, size)
        self.color = color
        self.text_width = max(stringWidth(t, f, s) for t, f, s in lines)

    @property
    def text(self) -> str:
        return " ".join(t for t, _f, _s in self.lines)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = len(self.lines) * LEADING, self.text_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.color)
        canvas.rotate(90)  # (u, v) now lands on the page at (-v, u)
        for index, (text, font, size) in enumerate(self.lines):
            canvas.setFont(font, size)
            canvas.drawString(0, -(index + 1) * LEADING + 2, text)
        canvas.restoreState()


def member_cells(ctx: Ctx) -> dict[str, dict[str, Decimal]]:
    """line → member code → quantity."""
    cells: dict[str, dict[str, Decimal]] = {}
    for c in ctx.packet.member_quantities:
        per = cells.setdefault(c.line, {})
        per[c.member_code] = per.get(c.member_code, Decimal(0)) + c.quantity
    return cells


def _column(item: LotItemDTO, per: dict[str, Decimal]) -> Column:
    label = UpLabel([(item.line, FONT_BOLD, HEAD_SIZE),
                     (item.item_code or item.unit or "—", FONT, HEAD_SIZE)])
    figures = max([stringWidth(qty(q), FONT, SIZE) for q in per.values()]
                  + [stringWidth(qty(item.quantity), FONT_BOLD, SIZE)])
    return Column(item, label, max(figures, len(label.lines) * LEADING)
                  + 2 * PAD + 1)


def column_groups(ctx: Ctx, room: float) -> list[list[Column]]:
    """The lines with any member quantity, in order, packed into tables `room` wide."""
    cells = member_cells(ctx)
    groups: list[list[Column]] = [[]]
    used = 0.0
    for item in ctx.packet.lot_lines:
        if not cells.get(item.line):
            continue
        column = _column(item, cells[item.line])
        if groups[-1] and used + column.width > room:
            groups.append([])
            used = 0.0
        groups[-1].append(column)
        used += column.width
    return [g for g in groups if g]


GRID_PREFERRED = 1.25  # the grid is easier to scan: taken unless the list is this much shorter
ENTRY_GAP = 9.0  # points between two entries of the list form


# Marks a member whose E-rate figures are unconfirmed (the footnote under Exhibit B).
UNCONFIRMED_MARK = "†"


def _member_name(member: Any, code: str) -> str:
    if member is None:
        return code
    return member.name + ("" if member.figures_confirmed else f" {UNCONFIRMED_MARK}")


def _unconfirmed_note(ctx: Ctx) -> list[Any]:
    packet = ctx.packet
    unconfirmed = [m for m in packet.members if not m.figures_confirmed]
    if not unconfirmed:
        return []
    return [Spacer(1, 4), Paragraph(esc(
        f"{UNCONFIRMED_MARK} {len(unconfirmed)} member(s) have not yet confirmed their E-rate "
        f"figures (NSLP or CEP, rural status) for FY{packet.funding_year}: their discounts, "
        "and the consortium discount, are estimates until they do. Quantities are not "
        "affected."), styles()["small"])]


def exhibit_by_member(ctx: Ctx, number: int) -> list[Any]:
    """A grid (member × line) while it stays short; when members take few of many lines the
    grid is mostly blank, and each member's lines and quantities are listed on its row."""
    s = styles()
    packet = ctx.packet
    out: list[Any] = subheading(ctx, number, "Exhibit B — quantities by member", room=2.5)
    cells = member_cells(ctx)
    members = {m.code: m for m in packet.members}
    code_width = max([stringWidth(c, FONT, SIZE) for c in members] + [20.0]) + 2 * PAD + 4
    name_width = NAME_COLUMN * inch
    groups = column_groups(ctx, ctx.width - code_width - name_width)
    entries = member_entries(ctx, cells)
    if not entries:
        return [*out, Paragraph(esc("No member has confirmed a quantity yet."), s["body"])]
    room = ctx.width - code_width - name_width - 2 * PAD
    grid_rows = sum(len({m for c in g for m in cells[c.item.line]}) + 1 for g in groups)
    list_rows = sum(text_lines(e, room) for e in entries.values()) + len(entries) * 0.3
    name_style = s["cell"].clone("exhibit_name", fontSize=SIZE, leading=LEADING)
    if grid_rows > GRID_PREFERRED * list_rows:
        out.append(Paragraph(esc(
            "Each member orders and takes delivery in its own name. Each row is a member "
            "with the lot lines it confirmed (line number in bold, as in the summary by lot "
            "and line above, then the quantity)."), s["small"]))
        out.append(Spacer(1, 4))
        out.append(_list(entries, members, [code_width, name_width, room + 2 * PAD],
                         name_style))
        return out + _unconfirmed_note(ctx)
    out.append(Paragraph(esc(
        "Each member orders and takes delivery in its own name. Each row is a member, each "
        "column a lot line (its number and item code above it) with the quantity the member "
        "confirmed; a blank means none. The last row is the line's total."), s["small"]))
    out.append(Spacer(1, 4))
    for index, group in enumerate(groups, start=1):
        lines = [c.item.line for c in group]
        codes = sorted({code for line in lines for code in cells.get(line, {})})
        # Whatever width is left goes to the names, so fewer of them wrap.
        spare = ctx.width - code_width - name_width - sum(c.width for c in group)
        widths = [code_width, name_width + max(spare, 0.0), *[c.width for c in group]]
        title = (f"Lines {lines[0]} to {lines[-1]}" if len(lines) > 1 else f"Line {lines[0]}")
        out.append(CondPageBreak(2.2 * inch))
        out.append(Heading(esc(title), heading_styles()["h3_table"], key=f"xb{index}",
                           level=2, title=title, toc=False))
        out.append(_grid(group, codes, cells, members, widths, name_style))
    return out + _unconfirmed_note(ctx)


def member_entries(ctx: Ctx, cells: dict[str, dict[str, Decimal]]
                   ) -> dict[str, list[tuple[str, str]]]:
    """member code → its (line, quantity) pairs in line order; members without any left out."""
    out: dict[str, list[tuple[str, str]]] = {}
    for item in ctx.packet.lot_lines:
        for code, quantity in cells.get(item.line, {}).items():
            if quantity:
                out.setdefault(code, []).append((item.line, qty(quantity)))
    return dict(sorted(out.items()))


def entry_width(line: str, quantity: str) -> float:
    return (stringWidth(line, FONT_BOLD, SIZE) + stringWidth(f" {quantity}", FONT, SIZE)
            + ENTRY_GAP)


def text_lines(entries: list[tuple[str, str]], room: float) -> int:
    """How many lines the entries take in `room` points (each entry kept whole)."""
    lines, used = 1, 0.0
    for line, quantity in entries:
        width = entry_width(line, quantity)
        if used and used + width > room:
            lines, used = lines + 1, 0.0
        used += width
    return lines


def _list(entries: dict[str, list[tuple[str, str]]], members: dict[str, Any],
          widths: list[float], name_style: Any) -> Any:
    # A no-break space inside an entry, so a line number never parts from its quantity.
    entry_style = name_style.clone("exhibit_entries", wordSpace=0)
    rows: list[list[Any]] = [["Code", "Member", "Lot lines and quantities"]]
    for code, pairs in entries.items():
        member = members.get(code)
        text = "&nbsp;&nbsp;&nbsp; ".join(f"<b>{esc(line)}</b>&nbsp;{esc(quantity)}"
                                    for line, quantity in pairs)
        rows.append([code, fit(_member_name(member, code), name_style, widths[1], SIZE),
                     Paragraph(text, entry_style)])
    return data_table(rows, widths, long=True, extra=[
        ("FONTSIZE", (0, 1), (-1, -1), SIZE), ("LEADING", (0, 1), (-1, -1), LEADING),
        ("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
        ("LEFTPADDING", (2, 0), (2, -1), PAD), ("RIGHTPADDING", (2, 0), (2, -1), PAD)])


def _grid(group: list[Column], codes: list[str], cells: dict[str, dict[str, Decimal]],
          members: dict[str, Any], widths: list[float], name_style: Any) -> Any:
    header: list[Any] = ["Code", "Member",
                         *[c.label for c in group]]
    rows: list[list[Any]] = [header]
    for code in codes:
        member = members.get(code)
        rows.append([code, fit(_member_name(member, code), name_style, widths[1], SIZE),
                     *[qty(cells[c.item.line][code]) if cells[c.item.line].get(code) else ""
                       for c in group]])
    rows.append(["", Paragraph("<b>Total</b>", name_style),
                 *[qty(c.item.quantity) for c in group]])
    last = len(widths) - 1
    return data_table(rows, widths, right=tuple(range(2, last + 1)), long=True, extra=[
        ("FONTSIZE", (0, 1), (-1, -1), SIZE), ("LEADING", (0, 1), (-1, -1), LEADING),
        ("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
        ("LEFTPADDING", (2, 0), (-1, -1), PAD), ("RIGHTPADDING", (2, 0), (-1, -1), PAD),
        ("LINEAFTER", (1, 0), (-2, -1), 0.25, RULE),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK), ("FONTNAME", (2, -1), (-1, -1), FONT_BOLD)])
