"""A member's award letter (issue #16): addressed to the member, it lists per awarded vendor
the contract and the member's lines with the contract price against the member's own price,
the lines nobody was awarded, the totals with the E-rate split, a boxed warning when
Category 2 goes beyond the member's remaining budget, and what the member needs for its own
FCC Form 471; then the state coordinator's signature.

Takes an `AwardLetter` (built by app.services.award_letters); returns PDF bytes.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib import colors
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

from app.reports.award_letter_dto import AwardLetter, LetterLine, VendorSection
from app.reports.styles import (
    FONT,
    FONT_BOLD,
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
from app.rules.money import money, quantity

WARN_INK = colors.HexColor("#9b1c1c")
WARN_FILL = colors.HexColor("#fdf0ef")
NOTE_INK = "#52606d"
PIGGYBACK = ("joined later under G.S. 143-129(g) (piggyback): these lines were not on the "
             "consortium's Form 470 and carry no E-rate discount")
CATEGORY = {"C1": "C1", "C2": "C2"}  # anything else is not E-rate eligible: "—"


def day(value: date | None) -> str:
    return f"{value:%B} {value.day}, {value.year}" if value else "not recorded"


def over_budget_sentence(letter: AwardLetter) -> str:
    return (f"{money(letter.over_budget)} of Category 2 is beyond your remaining budget and "
            "gets no E-rate discount.")


def render_award_letter(letter: AwardLetter) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Award letter — {letter.member_name}, {letter.ref}",
        author=letter.consortium, subject=f"Award letter: {letter.title}",
        creator="Consortium Buying")
    header = running_header(f"{letter.consortium} — award letter",
                            f"{letter.member_code} {letter.member_name} · {letter.ref}")
    footer = f"Issued {letter.issued_on.isoformat()} · {letter.ref} · FY{letter.funding_year}"
    # The frame pads its content by 6 pt on each side; tables use exactly what is left.
    doc.build(_story(letter, doc.width - 12), onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _pairs(pairs: list[tuple[str, str]], width: float, label: float = 1.5 * inch) -> Table:
    """Label / value rows (values are already escaped markup)."""
    s = styles()
    rows = [[Paragraph(esc(k), s["label"]), Paragraph(v, s["body"])] for k, v in pairs]
    table = Table(rows, colWidths=[label, width - label], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    return table


def _box(text: str, width: float) -> Table:
    """A boxed warning the member cannot miss."""
    s = styles()
    style = s["body"].clone("warn", textColor=WARN_INK, fontName=FONT_BOLD)
    table = Table([[Paragraph(text, style)]], colWidths=[width], hAlign="LEFT")
    table.setStyle([("BOX", (0, 0), (-1, -1), 1.2, WARN_INK),
                    ("BACKGROUND", (0, 0), (-1, -1), WARN_FILL),
                    ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)])
    return table


def _story(letter: AwardLetter, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    story: list = [  # type: ignore[type-arg]
        Paragraph(esc(letter.consortium), s["subtitle"]),
        Paragraph(esc(f"Award letter — {letter.ref}"), s["title"]),
        _pairs([("To", f"<b>{esc(letter.member_name)}</b> (member code "
                       f"{esc(letter.member_code)})"),
                ("Region", esc(letter.region or "none recorded")),
                ("Procurement", esc(f"{letter.ref}: {letter.title}")),
                ("Funding year", esc(f"FY{letter.funding_year} (1 July {letter.funding_year} "
                                     f"– 30 June {letter.funding_year + 1})")),
                ("Date", esc(day(letter.issued_on)))], width),
        Spacer(1, 8),
        Paragraph(esc(
            f"The {letter.consortium} has awarded the contracts of {letter.ref}. For each of "
            "your confirmed lines this letter gives the vendor you buy from, the contract's "
            "not-to-exceed price and what you save against your own price, your E-rate share, "
            "and what you need to file your own FCC Form 471. Order from each vendor under "
            "its contract number, in your own name."), s["body"]),
        Spacer(1, 6)]
    if letter.piggyback:
        when = f" on {day(letter.piggyback_joined_on)}" if letter.piggyback_joined_on else ""
        board = (f" (board approval {day(letter.piggyback_board_approved_on)})"
                 if letter.piggyback_board_approved_on else "")
        story += [_box(esc(f"You {PIGGYBACK.replace('later', f'later{when}{board}', 1)}."),
                       width), Spacer(1, 6)]
    if letter.over_budget > 0:
        story += [_box(esc(over_budget_sentence(letter)), width), Spacer(1, 6)]
    story += [KeepTogether([Paragraph("Summary", s["heading"]), _totals(letter, width)])]
    for section in letter.vendors:
        # Together: a vendor's heading never ends a page without its lines (a table longer
        # than a page still splits, its header repeated).
        story.append(KeepTogether([
            Paragraph(esc(f"{section.vendor} — contract {section.contract or '—'}"),
                      s["heading"]),
            _pairs([("FCC 498 ID", esc(section.vendor_498 or "not recorded")),
                    ("Contract", esc(f"{section.contract or 'not recorded'}, signed "
                                     f"{day(section.contract_signed_on)}"))],
                   width, 1.1 * inch),
            Spacer(1, 4), _lines_table(section.lines, width, letter.vendors)]))
    if letter.not_awarded:
        story += [CondPageBreak(1.5 * inch), Paragraph("Lines not awarded", s["heading"]),
                  Paragraph("Nobody was awarded these lines: they are not bought under this "
                            "procurement.", s["small"]), Spacer(1, 3),
                  _not_awarded_table(letter.not_awarded, width)]
    # The signature goes with the last block before it: never alone on a page.
    *form, last = _form_471(letter, width)
    story += [*form, KeepTogether([last, Spacer(1, 4), *_signature(letter, width)])]
    return story


def _signature(letter: AwardLetter, width: float) -> list:  # type: ignore[type-arg]
    """The state coordinator signs and dates the letter: two lines to write on."""
    s = styles()
    who = letter.coordinator or "State coordinator"
    table = Table([["", "", ""],
                   [Paragraph(esc(f"Signature — {who}, for the {letter.consortium}"),
                              s["label"]), "", Paragraph("Date", s["label"])]],
                  colWidths=[width * 0.62, 0.3 * inch, width * 0.38 - 0.3 * inch],
                  rowHeights=[0.4 * inch, None], hAlign="LEFT")
    table.setStyle([("LINEBELOW", (0, 0), (0, 0), 0.6, INK),
                    ("LINEBELOW", (2, 0), (2, 0), 0.6, INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return [table]


def _totals(letter: AwardLetter, width: float) -> Table:
    s = styles()
    discounts = letter.discounts
    rate = ", ".join(f"{c} {d} %" for c, d in discounts.items()) or (
        "none (joined later: no E-rate)" if letter.piggyback else
        "none: this procurement has no E-rate money" if not letter.erate else
        "none: no E-rate eligible line")
    rows: list[tuple[str, str]] = [
        ("At contract prices", money(letter.amount)),
        ("At your own prices", money(letter.own_amount)),
        ("Your savings", money(letter.savings)),
        ("E-rate discount", rate),
        ("E-rate share", money(letter.erate_share)),
        ("Your share", money(letter.member_share))]
    if letter.over_budget > 0:
        rows.append(("Category 2 beyond your budget", money(letter.over_budget)))
    cells = [[Paragraph(esc(k), s["cell"]), Paragraph(esc(v), s["cell_right"])]
             for k, v in rows]
    for row in (cells[2], cells[5]):  # what the member saves and pays: in bold
        row[1] = Paragraph(f"<b>{row[1].text}</b>", s["cell_right"])
    value_width = max(1.6 * inch, one_line_width([v for _k, v in rows], FONT_BOLD))
    table = Table(cells, colWidths=[2.4 * inch, value_width], hAlign="LEFT")
    table.setStyle(table_style(header_rows=0) + [("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
                                                 ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK)])
    return table


LINE_HEADERS = (("Line", False), ("Item", False), ("Qty", True), ("E-rate", False),
                ("Contract price", True), ("Amount", True), ("Your price", True),
                ("Savings", True))


def _money_width(texts: list[str], least: float = 0.8 * inch) -> float:
    # Measured in bold: totals print bold, and a figure never wraps.
    return max(least, one_line_width(texts, FONT_BOLD))


def _item(line: LetterLine) -> str:
    notes = [line.how_chosen] if line.how_chosen else []
    if line.piggyback:
        notes.append("joined later (G.S. 143-129(g)): no E-rate")
    if line.over_budget > 0:
        notes.append(f"{money(line.over_budget)} beyond your Category 2 budget: no discount")
    extra = "".join(f"<br/><font size='7' color='{NOTE_INK}'>{esc(n)}</font>" for n in notes)
    return esc(line.description) + extra


def _lines_table(lines: tuple[LetterLine, ...], width: float,
                 sections: tuple[VendorSection, ...]) -> LongTable:
    """One vendor's lines; the columns are sized on every vendor's (`sections`), so the
    tables of a letter line up."""
    s = styles()
    section = VendorSection("", "", "", None, lines)
    every = [x for v in sections for x in v.lines]
    prices = [money(x.unit_price) for x in every]
    amounts = [money(x.amount) for x in every] + [money(v.amount) for v in sections]
    own = [money(x.own_unit_price) for x in every]
    savings = [money(x.savings) for x in every] + [money(v.savings) for v in sections]
    widths = [0.42 * inch, None, 0.62 * inch, 0.58 * inch,
              _money_width(prices + [""], 0.7 * inch), _money_width(amounts),
              _money_width(own + [""], 0.7 * inch), _money_width(savings)]
    known = sum(w for w in widths if w is not None)
    col_widths = [w if w is not None else width - known for w in widths]
    rows: list = [[Paragraph(esc(h), s["cell_head_right" if right else "cell_head"])  # type: ignore[type-arg]
                   for h, right in LINE_HEADERS]]
    for x in lines:
        rows.append([Paragraph(esc(x.line), s["cell"]), Paragraph(_item(x), s["cell"]),
                     Paragraph(f"{quantity(x.quantity)}<br/><font size='7' color='{NOTE_INK}'>"
                               f"{esc(x.unit)}</font>", s["cell_right"]),
                     Paragraph(CATEGORY.get(x.erate_category, "—"), s["cell"]),
                     Paragraph(money(x.unit_price), s["cell_right"]),
                     Paragraph(money(x.amount), s["cell_right"]),
                     Paragraph(money(x.own_unit_price), s["cell_right"]),
                     Paragraph(money(x.savings), s["cell_right"])])
    rows.append(["", Paragraph("<b>Total</b>", s["cell"]), "", "",
                 "", Paragraph(f"<b>{money(section.amount)}</b>", s["cell_right"]),
                 "", Paragraph(f"<b>{money(section.savings)}</b>", s["cell_right"])])
    table = LongTable(rows, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style() + [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                                    ("BACKGROUND", (0, -1), (-1, -1), colors.white)])
    return table


def _not_awarded_table(lines: tuple[LetterLine, ...], width: float) -> Table:
    s = styles()
    rows: list = [[Paragraph(h, s["cell_head"]) for h in  # type: ignore[type-arg]
                   ("Line", "Item", "Unit", "Qty", "Your price", "Why")]]
    for x in lines:
        rows.append([Paragraph(esc(x.line), s["cell"]), Paragraph(esc(x.description), s["cell"]),
                     Paragraph(esc(x.unit), s["cell"]),
                     Paragraph(quantity(x.quantity), s["cell_right"]),
                     Paragraph(money(x.own_unit_price), s["cell_right"]),
                     Paragraph(esc(x.note or "nobody was awarded this line"), s["cell"])])
    fixed = [0.42 * inch, 0.55 * inch, 0.5 * inch, 0.8 * inch, 2.2 * inch]
    table = Table(rows, colWidths=[fixed[0], width - sum(fixed), *fixed[1:]], hAlign="LEFT")
    table.setStyle(table_style())
    return table


def _form_471(letter: AwardLetter, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    out: list = [CondPageBreak(1.3 * inch)]  # type: ignore[type-arg]
    ids = {v.vendor: v.vendor_498 for v in letter.vendors}  # a vendor of two contracts once
    vendors = "<br/>".join(esc(f"{name}: {spin or 'not recorded'}")
                           for name, spin in ids.items()) or "—"
    dates = "<br/>".join(esc(f"{v.contract or '—'} ({v.vendor}): {day(v.contract_signed_on)}")
                         for v in letter.vendors) or "—"
    # The heading stays with its facts; the requests table may follow on the next page.
    out.append(KeepTogether([
        Paragraph("For your Form 471", s["heading"]),
        _pairs([("Form 470 number", esc(letter.form470_number or "not recorded")),
                ("Contract award date", dates), ("Vendors' 498 IDs", vendors)], width),
        Spacer(1, 6)]))
    requests = letter.funding_requests
    if not letter.erate:
        out.append(Paragraph("This procurement has no E-rate money: there is no funding "
                             "request to file for it.", s["body"]))
        return out
    if not requests:
        why = ("you joined later (piggyback), so no line is on the consortium's Form 470"
               if letter.piggyback else "none of your awarded lines is E-rate eligible")
        out.append(Paragraph(esc(f"No funding request: {why}."), s["body"]))
        return out
    intro = Paragraph(
        "One funding request per vendor contract and E-rate category; ineligible lines are "
        "not requested" + ("; lines joined later (piggyback) carry no E-rate"
                           if letter.piggyback else "") + ". The pre-discount cost is the "
        "contract amount; E-rate discounts the part within your remaining Category 2 "
        "budget.", s["small"])
    rows: list = [[Paragraph(esc(h), s["cell_head_right" if r else "cell_head"])  # type: ignore[type-arg]
                   for h, r in (("#", False), ("Vendor and contract", False),
                                ("Category", False), ("Pre-discount cost", True),
                                ("Within budget", True), ("Discount", True),
                                ("E-rate share", True))]]
    for f in requests:
        rows.append([Paragraph(str(f.number), s["cell"]),
                     Paragraph(esc(f.vendor) + f"<br/><font size='7' color='{NOTE_INK}'>"
                               + esc(f"498 ID {f.vendor_498 or 'not recorded'} · contract "
                                     f"{f.contract or '—'}, awarded "
                                     f"{day(f.contract_signed_on)}") + "</font>", s["cell"]),
                     Paragraph(f"Category {f.category[1]}", s["cell"]),
                     Paragraph(money(f.pre_discount), s["cell_right"]),
                     Paragraph(money(f.eligible), s["cell_right"]),
                     Paragraph(f"{f.discount} %", s["cell_right"]),
                     Paragraph(money(f.erate_share), s["cell_right"])])
    # Wide enough for its figures and for "Pre-discount" unbroken in the head.
    money_col = _money_width([money(f.pre_discount) for f in requests] + [""],
                             one_line_width(["Pre-discount"], FONT_BOLD))
    fixed = [0.3 * inch, 0.85 * inch, money_col, money_col, 0.75 * inch, money_col]
    table = Table(rows, colWidths=[fixed[0], width - sum(fixed), *fixed[1:]], hAlign="LEFT")
    table.setStyle(table_style())
    out.append(KeepTogether([intro, Spacer(1, 3), table]))
    return out
