"""The one-page savings summary for the state board: what the consortium's awards saved its
members (money and procurements), a bar per region, the lots that saved most, and one
plain-language sentence. Takes a plain `BoardSummary`; returns PDF bytes. It must stay one
page at the statewide size (8 regions, many lots): the lots table shows the top ones and
sums the rest in one row, and no cell wraps.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from app.reports.chart_data import money_scale, short_money
from app.reports.charts import CONFIRMED, Series, stacked_bars
from app.reports.styles import (
    FONT,
    FONT_BOLD,
    HEADER_GAP,
    INK,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    esc,
    numbered_canvas,
    register_fonts,
    running_header,
    styles,
    table_style,
)
from app.rules.money import whole_money
from app.rules.savings import SavingsFigures

TOP_LOTS = 12
CELL_SIZE = 8.0


@dataclass(frozen=True)
class BoardRow:
    """A region or a lot on the page."""

    key: str  # "Region 4" or "P2026-001 lot 2"
    name: str
    figures: SavingsFigures


@dataclass(frozen=True)
class BoardSummary:
    consortium_name: str
    scope: str
    procurements: tuple[str, ...]
    statewide: SavingsFigures
    replaced: int
    regions: tuple[BoardRow, ...]
    lots: tuple[BoardRow, ...]  # largest savings first
    not_awarded_lines: int = 0
    prepared_on: date = field(default_factory=date.today)


def pct(figures: SavingsFigures) -> str:
    value = figures.savings_pct
    return "–" if value is None else f"{value:.1f} %"


def sentence(s: BoardSummary) -> str:
    """What the page says in words, for a board member who reads nothing else."""
    f = s.statewide
    count = len(s.procurements)
    saved = ("saved" if f.savings >= 0 else "paid more than at their own prices by")
    text = (f"By buying together through {count:,} consortium procurement"
            f"{'s' if count != 1 else ''}, {f.members:,} member"
            f"{'s' if f.members != 1 else ''} will pay {whole_money(f.amount)} at the awarded "
            f"prices instead of {whole_money(f.own_amount)} at their own: they {saved} "
            f"{whole_money(abs(f.savings))} ({pct(f)}). They did not have to run "
            f"{f.separate_procurements:,} separate procurements of their own; the consortium "
            f"ran {count:,} instead. E-rate pays {whole_money(f.erate_share)} of the awarded "
            f"amount, the members {whole_money(f.member_share)}.")
    if s.not_awarded_lines:
        text += (f" {s.not_awarded_lines:,} requested line"
                 f"{'s were' if s.not_awarded_lines != 1 else ' was'} not awarded and "
                 "count in none of these figures.")
    return text


def render_board_summary(summary: BoardSummary) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Savings summary — {summary.scope}", author=summary.consortium_name,
        subject="What buying together saved the members", creator="Consortium Buying")
    header = running_header(f"{summary.consortium_name} — savings summary for the state "
                            "board", summary.scope)
    footer = (f"Prepared {summary.prepared_on.isoformat()} from the allocations of "
              f"{', '.join(summary.procurements[:6]) or 'no procurement'}"
              + (f" and {len(summary.procurements) - 6} more"
                 if len(summary.procurements) > 6 else ""))
    doc.build(_story(summary, doc.width), onFirstPage=header, canvasmaker=numbered_canvas(
        footer))
    return buffer.getvalue()


def _story(summary: BoardSummary, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    story: list = [  # type: ignore[type-arg]
        Paragraph(esc(summary.consortium_name), s["subtitle"]),
        Paragraph("What buying together saved our members", s["title"]),
        _headline(summary, width), Spacer(1, 8),
        Paragraph(esc(sentence(summary)), s["body"]), Spacer(1, 8)]
    if summary.regions:
        story.append(_region_chart(summary, width))
    if summary.lots:
        story += [Paragraph("The lots that saved most", s["heading"]), _lots(summary, width)]
    return story


def _headline(summary: BoardSummary, width: float) -> Table:
    f = summary.statewide
    tiles = [(whole_money(f.savings), "saved"), (pct(f), "of the members' own prices"),
             (f"{f.members:,}", "members"),
             (f"{summary.replaced:,}", "separate procurements replaced"),
             (whole_money(f.erate_share), "paid by E-rate")]
    values = [_fit(v, width / 5 - 8, FONT_BOLD, 17) for v, _c in tiles]
    table = Table([[Paragraph(f"<font size='{size}'><b>{esc(v)}</b></font>",
                              styles()["body"]) for v, size in values],
                   [Paragraph(esc(c), styles()["small"]) for _v, c in tiles]],
                  colWidths=[width / 5] * 5, rowHeights=[24, None])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEABOVE", (0, 0), (-1, 0), 1.2, INK),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, 0), 6),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6)])
    return table


def _fit(text: str, room: float, font: str, largest: float) -> tuple[str, float]:
    size = largest
    while size > 9 and stringWidth(text, font, size) > room:
        size -= 0.5
    return text, size


def _region_chart(summary: BoardSummary, width: float):  # type: ignore[no-untyped-def]
    """Each region's bar: what its members pay at the awarded prices, then what they save
    (the whole bar is what they would have paid at their own prices)."""
    rows = summary.regions
    largest = max((r.figures.own_amount for r in rows), default=Decimal(0))
    scale, fmt = money_scale(largest)

    def axis(value: float) -> str:
        return "$0" if not value else fmt % (value / float(scale))

    labels = [f"{r.key} {r.name}".strip() if r.name else r.key for r in rows]
    return stacked_bars(
        "Per region: paid at the awarded prices, and saved against their own prices",
        labels,
        [Series("Paid at awarded prices", colors.HexColor("#5b8fc9"),
                tuple(float(r.figures.amount) for r in rows)),
         Series("Saved", CONFIRMED,
                tuple(float(max(r.figures.savings, Decimal(0))) for r in rows))],
        width, axis, short_money)


def _lots(summary: BoardSummary, width: float) -> Table:
    s = styles()
    shown = list(summary.lots[:TOP_LOTS])
    rest = summary.lots[TOP_LOTS:]
    heads = ("Lot", "Name", "Members", "Own prices", "Awarded", "Saved", "%")
    right = {2, 3, 4, 5, 6}
    rows: list = [[Paragraph(esc(h), s["cell_head_right" if i in right else "cell_head"])
                   for i, h in enumerate(heads)]]  # type: ignore[type-arg]
    for r in shown:
        rows.append([r.key, r.name, f"{r.figures.members:,}", whole_money(r.figures.own_amount),
                     whole_money(r.figures.amount), whole_money(r.figures.savings), pct(r.figures)])
    if rest:
        other = SavingsFigures(
            own_amount=sum((r.figures.own_amount for r in rest), Decimal(0)),
            amount=sum((r.figures.amount for r in rest), Decimal(0)))
        rows.append(["", f"{len(rest):,} other lots", "", whole_money(other.own_amount),
                     whole_money(other.amount), whole_money(other.savings), pct(other)])
    f = summary.statewide
    rows.append(["", "All lots", f"{f.members:,}", whole_money(f.own_amount), whole_money(f.amount),
                 whole_money(f.savings), pct(f)])
    # Every column but the name as wide as its widest figure (money never wraps); the name
    # takes the rest.
    widths = [0.0 if c == 1 else max([stringWidth(str(r[c]), FONT, CELL_SIZE) for r in rows[1:]]
                                     + [stringWidth(heads[c], FONT_BOLD, 8.5)]) + 10
              for c in range(len(heads))]
    widths[1] = width - sum(widths)
    for row in rows[1:]:  # a long lot name is shortened, never wrapped onto a second line
        row[1] = _clip(str(row[1]), widths[1] - 10)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style() + [
        ("FONTSIZE", (0, 1), (-1, -1), CELL_SIZE), ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
        *[("ALIGN", (c, 0), (c, -1), "RIGHT") for c in sorted(right)],
        *([("TEXTCOLOR", (0, -2), (-1, -2), MUTED)] if rest else []),
        ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)])
    return table


def _clip(text: str, room: float) -> str:
    if stringWidth(text, FONT, CELL_SIZE) <= room:
        return text
    while text and stringWidth(text + "…", FONT, CELL_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "…"
