"""A region's needs summary for the state: each member's need lines and amounts with how far
they are confirmed, and the region's totals by catalog category. Printed beside the
members' confirmation sheets. Takes a plain `RegionSummary`; returns PDF bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from app.reports.charts import dollars_by_category
from app.reports.styles import (
    FONT,
    HEADER_GAP,
    INK,
    MARGIN,
    PAGE_SIZE,
    esc,
    numbered_canvas,
    one_line_width,
    register_fonts,
    running_header,
    styles,
    table_style,
)
from app.rules.money import money

KIND_LABELS = {"lea": "LEA", "charter": "Charter", "regional": "Regional"}
ALL_CONFIRMED, SOME_DRAFT, ALL_DRAFT, NO_NEEDS = ("All confirmed", "Some in draft",
                                                 "All in draft", "No needs")


@dataclass(frozen=True)
class RegionMemberRow:
    code: str
    name: str
    kind: str
    confirmed_lines: int
    draft_lines: int
    confirmed_amount: Decimal
    draft_amount: Decimal

    @property
    def status(self) -> str:
        if not self.confirmed_lines and not self.draft_lines:
            return NO_NEEDS
        if not self.draft_lines:
            return ALL_CONFIRMED
        if not self.confirmed_lines:
            return ALL_DRAFT
        return SOME_DRAFT


@dataclass(frozen=True)
class RegionCategoryRow:
    name: str
    members: int
    confirmed_lines: int
    draft_lines: int
    confirmed_amount: Decimal
    draft_amount: Decimal


@dataclass(frozen=True)
class RegionSummary:
    consortium_name: str
    region_label: str
    funding_year: int | None
    members: tuple[RegionMemberRow, ...]
    categories: tuple[RegionCategoryRow, ...]
    prepared_by: str = ""
    prepared_on: date = field(default_factory=date.today)

    def total(self, attr: str) -> Decimal:
        return sum((getattr(m, attr) for m in self.members), Decimal(0))

    def count(self, status: str) -> int:
        return sum(1 for m in self.members if m.status == status)


def render_region_summary(summary: RegionSummary) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    fy = f"FY{summary.funding_year}" if summary.funding_year else "all funding years"
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Needs summary — {summary.region_label}, {fy}",
        author=summary.consortium_name, subject=f"Members' needs and confirmations, {fy}",
        creator="Consortium Buying")
    header = running_header(f"{summary.consortium_name} — needs summary",
                            f"{summary.region_label} · {fy}")
    footer = f"Prepared {summary.prepared_on.isoformat()}" + (
        f" by {summary.prepared_by}" if summary.prepared_by else "")
    doc.build(_story(summary, doc.width - 12, fy), onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _story(summary: RegionSummary, width: float, fy: str) -> list:  # type: ignore[type-arg]
    s = styles()
    confirmed, draft = summary.total("confirmed_amount"), summary.total("draft_amount")
    facts = [
        ("Region", summary.region_label), ("Funding year", fy),
        ("Members", f"{len(summary.members):,}: {summary.count(ALL_CONFIRMED):,} with all "
                    f"lines confirmed, {summary.count(SOME_DRAFT):,} with some lines still in "
                    f"draft, {summary.count(ALL_DRAFT):,} with nothing confirmed yet, "
                    f"{summary.count(NO_NEEDS):,} without needs"),
        ("Amounts", f"{money(confirmed)} confirmed · {money(draft)} still in draft · "
                    f"{money(confirmed + draft)} in all"),
    ]
    rows = [[Paragraph(esc(k), s["label"]), Paragraph(esc(v), s["body"])] for k, v in facts]
    table = Table(rows, colWidths=[1.2 * inch, width - 1.2 * inch], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    story: list = [Paragraph(esc(summary.consortium_name), s["subtitle"]),  # type: ignore[type-arg]
                   Paragraph(esc(f"Needs summary — {summary.region_label}"), s["title"]),
                   table, Spacer(1, 10), *_category_chart(summary, width),
                   Paragraph("Members", s["heading"]),
                   _members(summary, width), CondPageBreak(2 * inch),
                   Paragraph("By category", s["heading"]), _categories(summary, width)]
    return story


def _category_chart(summary: RegionSummary, width: float) -> list:  # type: ignore[type-arg]
    """The dashboard's picture of the region's dollars, first, as the overview before the
    tables."""
    rows = [(c.name, c.confirmed_amount, c.draft_amount) for c in summary.categories]
    if not any(c + d for _n, c, d in rows):
        return []
    return [dollars_by_category(rows, width), Spacer(1, 8)]


def _head(labels: tuple[str, ...], right: set[int]) -> list[Paragraph]:
    s = styles()
    return [Paragraph(esc(x), s["cell_head_right" if i in right else "cell_head"])
            for i, x in enumerate(labels)]


def _money_column(rows: list, column: int, size: float,  # type: ignore[type-arg]
                  least: float | None) -> float:
    """Inches for a column of money strings: its widest figure on one line, at least
    `least`."""
    texts = [r[column] for r in rows[1:] if isinstance(r[column], str)]
    return max(least or 0.0, one_line_width(texts, FONT, size) / inch)


def _members(summary: RegionSummary, width: float) -> LongTable:
    s = styles()
    right = {3, 4, 5, 6}
    rows: list = [_head(("Code", "Member", "Kind",  # type: ignore[type-arg]
                         "Lines confirmed", "Lines in draft", "Confirmed", "Draft",
                         "Status"), right)]
    for m in summary.members:
        colour = {ALL_CONFIRMED: "#1e6b3a", NO_NEEDS: "#52606d"}.get(m.status, "#9b1c1c")
        rows.append([Paragraph(esc(m.code), s["code"]), Paragraph(esc(m.name), s["cell"]),
                     KIND_LABELS.get(m.kind, m.kind), f"{m.confirmed_lines:,}",
                     f"{m.draft_lines:,}", money(m.confirmed_amount), money(m.draft_amount),
                     Paragraph(f"<font color='{colour}'>{esc(m.status)}</font>", s["cell"])])
    rows.append(["", Paragraph("<b>Region total</b>", s["cell"]), "",
                 f"{sum(m.confirmed_lines for m in summary.members):,}",
                 f"{sum(m.draft_lines for m in summary.members):,}",
                 money(summary.total("confirmed_amount")), money(summary.total("draft_amount")),
                 ""])
    fixed = [0.45, None, 0.6, 0.85, 0.65, 1.0, 1.0, 0.95]
    for column in (5, 6):  # money never wraps or runs into the next column
        fixed[column] = _money_column(rows, column, 8, fixed[column])
    known = sum(w for w in fixed if w) * inch
    widths = [w * inch if w else width - known for w in fixed]
    table = LongTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style() + [
        ("FONTSIZE", (0, 0), (-1, -1), 8), ("FONTNAME", (0, 0), (-1, -1), FONT),
        *[("ALIGN", (c, 0), (c, -1), "RIGHT") for c in (3, 4, 5, 6)],
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)])
    return table


def _categories(summary: RegionSummary, width: float) -> LongTable:
    s = styles()
    right = {1, 2, 3, 4, 5}
    rows: list = [_head(("Category", "Members", "Lines confirmed",  # type: ignore[type-arg]
                         "Lines in draft", "Confirmed", "Draft"), right)]
    for c in summary.categories:
        rows.append([Paragraph(esc(c.name), s["cell"]), f"{c.members:,}",
                     f"{c.confirmed_lines:,}", f"{c.draft_lines:,}", money(c.confirmed_amount),
                     money(c.draft_amount)])
    rows.append([Paragraph("<b>Total</b>", s["cell"]), "",
                 f"{sum(c.confirmed_lines for c in summary.categories):,}",
                 f"{sum(c.draft_lines for c in summary.categories):,}",
                 money(sum((c.confirmed_amount for c in summary.categories), Decimal(0))),
                 money(sum((c.draft_amount for c in summary.categories), Decimal(0)))])
    fixed = [None, 0.75, 0.85, 0.65, 1.1, 1.1]
    for column in (4, 5):
        fixed[column] = _money_column(rows, column, 8.5, fixed[column])
    known = sum(w for w in fixed if w) * inch
    widths = [w * inch if w else width - known for w in fixed]
    table = LongTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style() + [
        ("FONTSIZE", (0, 0), (-1, -1), 8.5), ("FONTNAME", (0, 0), (-1, -1), FONT),
        *[("ALIGN", (c, 0), (c, -1), "RIGHT") for c in (1, 2, 3, 4, 5)],
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)])
    return table
