"""The score sheet of an evaluation, kept 10 years with the procurement's file (DOMAIN.md
§1.8): the criteria and weights as frozen by the issued packet, and per lot the price points
with the formula and its figures, each evaluator's scores and comments, the consensus, the
totals and ranks; then a signature line for every evaluator.

Takes an `Evaluation` (the sealed gate is the service's); returns PDF bytes."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from app.reports.evaluation_dto import Evaluation
from app.reports.styles import (
    HEADER_GAP,
    INK,
    MARGIN,
    PAGE_SIZE,
    esc,
    numbered_canvas,
    register_fonts,
    running_header,
    styles,
    table_style,
)
from app.rules.bid_opening import nc_time_text
from app.rules.evaluation import LotResult, VendorResult
from app.rules.money import money

FAIL_INK = "#9b1c1c"
SIGNATURE_LINES_EXTRA = 1  # a blank line for an evaluator not yet named on the sheet


def _money(value: Decimal | None) -> str:
    return money(value, "—")


def _num(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def render_score_sheet(result: Evaluation) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Score sheet — {result.ref}", author=result.consortium,
        subject=f"Evaluation score sheet: {result.title}", creator="Consortium Buying")
    header = running_header(f"{result.consortium} — evaluation score sheet",
                            f"{result.ref} · {result.title}")
    footer = "Evaluation record: keep 10 years with the procurement file"
    doc.build(_story(result, doc.width), onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _facts(result: Evaluation, width: float) -> Table:
    s = styles()
    if result.issued_at is None:
        frozen = (f"<font color='{FAIL_INK}'>not frozen: no final packet was recorded as "
                  "issued; the criteria below are those set today</font>")
    else:
        frozen = esc(f"by the final packet issued {nc_time_text(result.issued_at)} by "
                     f"{result.issued_by} (PDF SHA-256 {result.issue_sha256})")
    facts = [("Procurement", esc(f"{result.ref}: {result.title}")),
             ("Criteria frozen", frozen),
             ("Price points", esc(f"{result.formula}, per lot, responsive bids only; "
                                  "rounded to 0.01")),
             ("Ranking", "price points + the consensus score of every other criterion; a "
                         "bidder without a consensus score on each criterion is not ranked")]
    rows = [[Paragraph(esc(k), s["label"]), Paragraph(v, s["body"])] for k, v in facts]
    table = Table(rows, colWidths=[1.2 * inch, width - 1.2 * inch], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    return table


def _criteria(result: Evaluation, width: float) -> Table:
    s = styles()
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Criterion", "Points", "Scored by")]]
    for c in result.criteria:
        rows.append([Paragraph(esc(c.name), s["cell"]), Paragraph(str(c.weight),
                                                                  s["cell_right"]),
                     Paragraph("the formula (price of eligible goods and services)"
                               if c.is_price_of_eligible else "evaluators, then consensus",
                               s["cell"])])
    rows.append([Paragraph("<b>Total</b>", s["cell"]),
                 Paragraph(f"<b>{sum(c.weight for c in result.criteria)}</b>",
                           s["cell_right"]), ""])
    table = Table(rows, colWidths=[width - 3.4 * inch, 0.7 * inch, 2.7 * inch],
                  hAlign="LEFT")
    table.setStyle(table_style() + [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)])
    return table


def _price_table(result: Evaluation, lot: LotResult, width: float) -> Table:
    s = styles()
    price = result.price_criterion
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Bidder", "Lot total", "Formula with the figures", "Price points")]]
    for index in (1, 3):  # figures are right-aligned, so are their heads
        rows[0][index] = Paragraph(rows[0][index].text, s["cell_head_right"])
    for v in lot.vendors:
        if v.price_points is None or price is None or lot.lowest_total is None:
            figures = f"<font color='{FAIL_INK}'>not responsive: not evaluated</font>" \
                if not v.responsive else "no price criterion"
        else:
            figures = esc(f"{lot.lowest_total:,.2f} ÷ {v.lot_total:,.2f} × {price.weight}")
        rows.append([Paragraph(esc(v.vendor), s["cell"]),
                     Paragraph(_money(v.lot_total), s["cell_right"]),
                     Paragraph(figures, s["cell"]),
                     Paragraph(_num(v.price_points), s["cell_right"])])
    table = Table(rows, colWidths=[width - 4.9 * inch, 1.1 * inch, 2.8 * inch, 1.0 * inch],
                  hAlign="LEFT")
    table.setStyle(table_style())
    return table


def _ranking(result: Evaluation, lot: LotResult, width: float) -> Table:
    s = styles()
    names = [c.name for c in result.criteria if not c.is_price_of_eligible]
    weights = {c.name: c.weight for c in result.criteria}
    price = result.price_criterion
    head = ["Rank", "Bidder", f"Price ({price.weight})" if price else "Price",
            *(f"{n} ({weights[n]})" for n in names), "Total"]
    rows: list = [[Paragraph(esc(h), s["cell_head"] if i < 2 else  # type: ignore[type-arg]
                             s["cell_head_right"]) for i, h in enumerate(head)]]
    for v in lot.vendors:
        consensus = {c.criterion: c.points for c in v.consensus}
        rank = str(v.rank) if v.rank else "—"
        note = f"<br/><font size='7' color='{FAIL_INK}'>{esc(v.why_not_ranked)}</font>" \
            if v.why_not_ranked else ""
        rows.append([Paragraph(f"<b>{rank}</b>", s["cell"]),
                     Paragraph(esc(v.vendor) + note, s["cell"]),
                     Paragraph(_num(v.price_points), s["cell_right"]),
                     *(Paragraph(_num(consensus.get(n)), s["cell_right"]) for n in names),
                     Paragraph(f"<b>{_num(v.total)}</b>", s["cell_right"])])
    # Criterion names head their columns: wide enough to wrap at words, not mid-word.
    score_width = min(1.05 * inch, (width - 2.6 * inch) / (len(names) + 2))
    fixed = 0.45 * inch + score_width * (len(names) + 2)
    table = Table(rows, colWidths=[0.45 * inch, width - fixed,
                                   *([score_width] * (len(names) + 2))], hAlign="LEFT")
    table.setStyle(table_style())
    return table


def _scores(vendors: tuple[VendorResult, ...], width: float) -> LongTable | Paragraph:
    s = styles()
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Bidder", "Criterion", "By", "Points", "Comment")]]
    for v in vendors:
        for score in (*v.evaluator_scores, *v.consensus):
            who = esc(score.evaluator) if score.evaluator else "<b>Consensus</b>"
            rows.append([Paragraph(esc(v.vendor), s["cell"]),
                         Paragraph(esc(score.criterion), s["cell"]), Paragraph(who, s["cell"]),
                         Paragraph(_num(score.points), s["cell_right"]),
                         Paragraph(esc(score.comment) or "—", s["cell"])])
    if len(rows) == 1:
        return Paragraph("No scores entered yet.", s["small"])
    widths = [1.5 * inch, 1.45 * inch, 1.1 * inch, 0.6 * inch]
    table = LongTable(rows, colWidths=[*widths, width - sum(widths)], repeatRows=1,
                      hAlign="LEFT")
    table.setStyle(table_style() + [("FONTSIZE", (0, 0), (-1, -1), 8)])
    return table


def _signatures(result: Evaluation, width: float) -> Table:
    s = styles()
    names = sorted({score.evaluator for lot in result.lots for v in lot.vendors
                    for score in v.evaluator_scores}, key=str.lower)
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Evaluator", "Signature", "Date")]]
    for name in [*names, *([""] * SIGNATURE_LINES_EXTRA)]:
        rows.append([Paragraph(esc(name), s["cell"]), "", ""])
    table = Table(rows, colWidths=[2.2 * inch, width - 3.6 * inch, 1.4 * inch],
                  rowHeights=[None, *([0.42 * inch] * (len(rows) - 1))], hAlign="LEFT")
    table.setStyle([("FONTSIZE", (0, 0), (-1, -1), 8.5), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.6, INK),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4)])
    return table


def _story(result: Evaluation, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    story: list = [Paragraph(esc(f"Evaluation score sheet — {result.ref}"),  # type: ignore[type-arg]
                             s["title"]),
                   Paragraph(esc(result.title), s["subtitle"]), Spacer(1, 6),
                   _facts(result, width), Spacer(1, 8),
                   KeepTogether([Paragraph("Criteria and weights", s["heading"]),
                                 _criteria(result, width)])]
    for lot in result.lots:
        story += [CondPageBreak(2.5 * inch),
                  Paragraph(esc(f"Lot {lot.number} — {lot.name}"), s["heading"])]
        for problem in lot.problems:
            story.append(Paragraph(f"<font color='{FAIL_INK}'><b>Problem:</b> "
                                   f"{esc(problem)}</font>", s["body"]))
        if not lot.vendors:
            story.append(Paragraph("No bids on this lot.", s["small"]))
            continue
        story += [Paragraph("Price points", s["label"]), _price_table(result, lot, width),
                  Spacer(1, 6), Paragraph("Ranking", s["label"]),
                  _ranking(result, lot, width), Spacer(1, 6),
                  Paragraph("Scores and comments", s["label"]), _scores(lot.vendors, width)]
    story += [CondPageBreak(2.2 * inch), Paragraph("Evaluators", s["heading"]),
              Paragraph("Each evaluator signs that the scores above under their name are "
                        "their own and that they have no conflict of interest with any "
                        "bidder.", s["body"]), Spacer(1, 4), _signatures(result, width)]
    return story
