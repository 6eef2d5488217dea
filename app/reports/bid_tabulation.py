"""The public bid tabulation a purchasing office posts after the opening: the opening record
(when, by whom, witnesses, place, outcome), every bid received with its file's SHA-256 and
receipt time (late ones "received late, not opened"), and per lot a table of lines × bidders
— unit and extended prices, the lowest responsive price bold on green, each bidder's total —
followed by each bidder's responsiveness. Landscape: the bidders run across the page.

Takes a `Tabulation` (the sealed gate is the service's); returns PDF bytes."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
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

from app.reports.styles import (
    FONT,
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
from app.reports.tabulation_dto import Bidder, LotTab, Tabulation
from app.rules.bid_opening import nc_time_text
from app.rules.money import money

PAGE = landscape(PAGE_SIZE)
LOWEST_FILL = colors.HexColor("#d3f0dc")
FAIL_INK = "#9b1c1c"
STATUS_INK = {"PASS": "#1e6b3a", "FAIL": FAIL_INK, "NOT CHECKED": "#8a5a00",
              "REVIEW": "#1d4ed8"}
BIDDERS_PER_TABLE = 3  # more bidders: the lot's table repeats with the next ones
FIXED_WIDTHS = (0.45 * inch, None, 0.7 * inch, 0.75 * inch)  # line, description, qty, unit
PRICE_WIDTH = 0.9 * inch


def render_bid_tabulation(tab: Tabulation) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Bid tabulation — {tab.ref}", author=tab.consortium,
        subject=f"Bid tabulation: {tab.title}", creator="Consortium Buying")
    header = running_header(f"{tab.consortium} — bid tabulation", f"{tab.ref} · {tab.title}",
                            PAGE)
    footer = f"Opened {nc_time_text(tab.opening.opened_at)} by {tab.opening.opened_by}"
    doc.build(_story(tab, doc.width), onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _facts(tab: Tabulation, width: float) -> Table:
    s = styles()
    opening = tab.opening
    facts = [("Procurement", f"{tab.ref}: {tab.title} (FY{tab.funding_year}, {tab.method} "
                             "bidding)"),
             ("Bids due", nc_time_text(tab.deadline)),
             ("Opened", f"{nc_time_text(opening.opened_at)} by {opening.opened_by}"
                        + (f", at {opening.place}" if opening.place else "")),
             ("Witnesses", ", ".join(opening.witnesses) or "none recorded"),
             ("Outcome", opening.outcome_text),
             ("Public record", opening.public_note)]
    if opening.notes:
        facts.append(("Notes", opening.notes))
    rows = [[Paragraph(esc(k), s["label"]), Paragraph(esc(v), s["body"])] for k, v in facts]
    table = Table(rows, colWidths=[1.2 * inch, width - 1.2 * inch], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    return table


def _received(tab: Tabulation, width: float) -> LongTable:
    s = styles()
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Vendor", "Version", "Received", "Opened?", "File", "SHA-256")]]
    for bid in tab.bids:
        state = esc(bid.state) if bid.opened else \
            f"<font color='{FAIL_INK}'>{esc(bid.state)}</font>"
        rows.append([Paragraph(esc(bid.vendor), s["cell"]), str(bid.version),
                     nc_time_text(bid.received_at), Paragraph(state, s["cell"]),
                     Paragraph(esc(bid.file_name), s["cell"]),
                     Paragraph(esc(bid.sha256), s["code"])])
    if len(rows) == 1:
        rows.append([Paragraph("No bids were received.", s["cell"]), "", "", "", "", ""])
    fixed = [None, 0.75 * inch, 1.45 * inch, 1.5 * inch, 1.4 * inch, 3.0 * inch]
    first = width - sum(w for w in fixed if w)
    table = LongTable(rows, colWidths=[first, *fixed[1:]], repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style() + [("FONTSIZE", (0, 0), (-1, -1), 8)])
    return table


def _price_cell(text: str, bold: bool) -> Paragraph:
    s = styles()
    return Paragraph(f"<b>{esc(text)}</b>" if bold else esc(text), s["cell_right"])


def _bidder_head(bidder: Bidder) -> Paragraph:
    s = styles()
    flag = "" if bidder.responsive else f"<br/><font color='{FAIL_INK}'>not responsive</font>"
    return Paragraph(f"<b>{esc(bidder.vendor)}</b>{flag}<br/><font size='6.5'>SHA-256 "
                     f"{esc(bidder.short_sha)}… · {esc(nc_time_text(bidder.received_at))}</font>",
                     s["cell"])


def _lot_table(lot: LotTab, bidders: list[tuple[int, Bidder]], width: float) -> LongTable:
    s = styles()
    head1: list = [Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Line", "Description", "Quantity", "Unit")]
    head2: list = ["", "", "", ""]  # type: ignore[type-arg]
    for _index, bidder in bidders:
        head1 += [_bidder_head(bidder), ""]
        head2 += [Paragraph("Unit price", s["cell_head_right"]),
                  Paragraph("Extended", s["cell_head_right"])]
    rows = [head1, head2]
    green: list[tuple[int, int, int]] = []  # (first column, last column, row)
    for line in lot.lines:
        row: list = [line.number, Paragraph(esc(line.description), s["cell"]),  # type: ignore[type-arg]
                     Paragraph(f"{line.quantity.normalize():,f}", s["cell_right"]),
                     Paragraph(esc(line.unit), s["cell"])]
        for position, (index, _bidder) in enumerate(bidders):
            cell = line.cells[index]
            if cell is None:
                row += [Paragraph("not bid", s["small"]), ""]
                continue
            swap = " *" if cell.substitution else ""
            row += [_price_cell(money(cell.unit_price) + swap, cell.lowest),
                    _price_cell(money(cell.extended_price), cell.lowest)]
            if cell.lowest:
                col = len(FIXED_WIDTHS) + 2 * position
                green.append((col, col + 1, len(rows)))
        rows.append(row)
    total: list = ["", Paragraph("<b>Lot total</b>", s["cell"]), "", ""]  # type: ignore[type-arg]
    for _index, bidder in bidders:
        best = bidder.responsive and bidder.total == lot.lowest_total
        total += ["", _price_cell(money(bidder.total), best)]
        if best:
            green.append((len(total) - 1, len(total) - 1, len(rows)))
    rows.append(total)
    # The description is as wide as in a full chunk, so every chunk's columns line up.
    known = sum(w for w in FIXED_WIDTHS if w) + 2 * PRICE_WIDTH * BIDDERS_PER_TABLE
    widths = [w or max(width - known, 1.6 * inch) for w in FIXED_WIDTHS]
    widths += [PRICE_WIDTH] * (2 * len(bidders))
    table = LongTable(rows, colWidths=widths, repeatRows=2, hAlign="LEFT")
    commands = table_style(header_rows=2) + [
        ("FONTSIZE", (0, 0), (-1, -1), 8), ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]
    for position in range(len(bidders)):
        col = len(FIXED_WIDTHS) + 2 * position
        commands.append(("SPAN", (col, 0), (col + 1, 0)))
        commands.append(("LINEBEFORE", (col, 0), (col, -1), 0.5, INK))
    commands += [("BACKGROUND", (first, row), (last, row), LOWEST_FILL)
                 for first, last, row in green]
    table.setStyle(commands)
    return table


def _responsiveness(lot: LotTab, width: float) -> LongTable:
    """One row per bidder, one column per check: status in colour, the reason below it."""
    s = styles()
    checks = lot.bidders[0].checks
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Bidder", "Responsive", *(c.rule for c in checks))]]
    for bidder in lot.bidders:
        verdict = ("<font color='#1e6b3a'><b>yes</b></font>" if bidder.responsive
                   else f"<font color='{FAIL_INK}'><b>no</b></font>")
        rows.append([Paragraph(esc(bidder.vendor), s["cell"]), Paragraph(verdict, s["cell"]),
                     *(Paragraph(f"<font color='{STATUS_INK.get(c.status, '#1f2933')}'><b>"
                                 f"{esc(c.status)}</b></font><br/><font size='7'>"
                                 f"{esc(c.reason)}</font>", s["cell"])
                       for c in bidder.checks)])
    fixed = [1.7 * inch, 0.95 * inch]
    rest = (width - sum(fixed)) / len(checks)
    table = LongTable(rows, colWidths=[*fixed, *([rest] * len(checks))], repeatRows=1,
                      hAlign="LEFT")
    table.setStyle(table_style() + [("FONTSIZE", (0, 0), (-1, -1), 8)])
    return table


def _story(tab: Tabulation, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    story: list = [Paragraph(esc(tab.consortium), s["subtitle"]),  # type: ignore[type-arg]
                   Paragraph(esc(f"Bid tabulation — {tab.ref}"), s["title"]),
                   _facts(tab, width), Spacer(1, 6),
                   Paragraph("Bids received", s["heading"]), _received(tab, width),
                   Paragraph("Bold on green: the lowest responsive price of each line and the "
                             "lowest responsive lot total. * an \"or equivalent\" "
                             "substitution, for review. Only the on-time current version of "
                             "each bid is opened; each bidder's figures come from the file "
                             "whose SHA-256 heads its column.", s["small"])]
    for lot in tab.lots:
        heading = Paragraph(esc(f"Lot {lot.number}: {lot.name}"), s["heading"])
        if not lot.bidders:
            story += [heading, Paragraph("No bid priced this lot.", s["body"])]
            continue
        columns = list(enumerate(lot.bidders))
        for start in range(0, len(columns), BIDDERS_PER_TABLE):
            table = _lot_table(lot, columns[start:start + BIDDERS_PER_TABLE], width)
            # The lot's name stays with its first table (no heading alone at a page foot).
            story += [KeepTogether([heading, table]) if start == 0 else table, Spacer(1, 6)]
        story += [CondPageBreak(1.2 * inch),
                  Paragraph(esc(f"Lot {lot.number}: responsiveness"), s["cell_head"]),
                  Spacer(1, 3), _responsiveness(lot, width)]
    return story
