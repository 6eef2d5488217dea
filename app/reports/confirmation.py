"""The needs confirmation sheet: one member's confirmed need lines, totals, and signature
lines, printed at the district meeting for the member's authorised official to sign.

Takes a plain `ConfirmationSheet` (built by app.services.reports_data); returns PDF bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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
from app.rules.confirm_checks import SOURCE_LABELS
from app.rules.money import money, quantity

NO_SOURCE = "Not specified"
WARNING = colors.HexColor("#a04a00")
CONFIRMATION_STATEMENT = (
    "{member} confirms that the needs listed above are its needs for the consortium "
    "procurement run by the {consortium} for funding year {fy}, and authorises the "
    "consortium to include them in its solicitation. Quantities and reference prices are "
    "estimates: the final prices come from the awarded contract, and the member will order "
    "under that contract in its own name.")


@dataclass(frozen=True)
class ConfirmationLine:
    item_code: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    funding_sources: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ConfirmationSheet:
    consortium_name: str
    member_name: str
    member_code: str
    region: str
    funding_year: int | None
    lines: tuple[ConfirmationLine, ...]
    coordinator_name: str = ""
    official_name: str = ""
    official_title: str = ""
    prepared_on: date = field(default_factory=date.today)
    # Line numbers (1-based) of lines that repeat one item: shown so the official asks.
    duplicates: tuple[tuple[int, ...], ...] = ()

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def checks(self) -> list[str]:
        """What the official should ask about before signing: repeated items, lines that
        do not say where the money comes from."""
        notes = []
        for numbers in self.duplicates:
            line = self.lines[numbers[0] - 1]
            notes.append(f"{line.item_code or line.description} is on lines "
                         f"{_and_list([str(n) for n in numbers])}: the same item twice.")
        unsourced = [str(n) for n, line in enumerate(self.lines, 1) if not line.funding_sources]
        if unsourced:
            notes.append(f"Line{'s' if len(unsourced) != 1 else ''} {_and_list(unsourced)} "
                         f"{'do' if len(unsourced) != 1 else 'does'} not name a funding "
                         "source.")
        return notes

    def totals_by_source(self) -> list[tuple[str, Decimal, int]]:
        """(source label, amount, lines) in a fixed order; a line with several sources is
        listed under the combination ("E-rate + Local") so amounts add up to the total."""
        sums: dict[str, list[Decimal | int]] = {}
        for line in self.lines:
            label = " + ".join(SOURCE_LABELS.get(s, s) for s in line.funding_sources) \
                or NO_SOURCE
            entry = sums.setdefault(label, [Decimal("0.00"), 0])
            entry[0] = Decimal(entry[0]) + line.amount
            entry[1] = int(entry[1]) + 1
        return [(label, Decimal(a), int(n)) for label, (a, n) in sorted(sums.items())]


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def fy_label(year: int | None) -> str:
    return f"FY{year} (1 July {year} – 30 June {year + 1})" if year else "all funding years"


def render_confirmation(sheet: ConfirmationSheet) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    fy = f"FY{sheet.funding_year}" if sheet.funding_year else "all funding years"
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Needs confirmation — {sheet.member_name}", author=sheet.consortium_name,
        subject=f"Confirmed needs, {fy}", creator="Consortium Buying")
    header = running_header(f"{sheet.consortium_name} — needs confirmation",
                            f"{sheet.member_code} {sheet.member_name} · {fy}")
    footer = f"Prepared {sheet.prepared_on.isoformat()}" + (
        f" by {sheet.coordinator_name}" if sheet.coordinator_name else "")
    # The frame pads its content by 6 pt on each side; tables use exactly what is left.
    doc.build(_story(sheet, doc.width - 12), onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _story(sheet: ConfirmationSheet, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    story: list = [  # type: ignore[type-arg]
        Paragraph(esc(sheet.consortium_name), s["subtitle"]),
        Paragraph("Needs confirmation sheet", s["title"]),
        _facts(sheet, width),
        Spacer(1, 6),
    ]
    if sheet.lines:
        story.append(Paragraph("Confirmed needs", s["heading"]))
        story.append(_lines_table(sheet, width))
        story.append(Spacer(1, 6))
        story.append(KeepTogether([Paragraph("Totals by funding source", s["heading"]),
                                   _sources_table(sheet, width)]))
    else:
        story.append(Paragraph(
            "This member has no confirmed need lines for this funding year. Confirm the lines "
            "on the Needs page first, then print this sheet again.", s["body"]))
    story.append(CondPageBreak(3.6 * inch))
    story.append(Paragraph("Confirmation", s["heading"]))
    story.append(Paragraph(esc(CONFIRMATION_STATEMENT.format(
        member=sheet.member_name, consortium=sheet.consortium_name,
        fy=fy_label(sheet.funding_year))), s["body"]))
    story.append(Spacer(1, 10))
    story.append(KeepTogether(_signatures(sheet, width)))
    return story


def _facts(sheet: ConfirmationSheet, width: float) -> Table:
    s = styles()
    pairs = [("Member", f"{sheet.member_name} (code {sheet.member_code})"),
             ("Region", sheet.region),
             ("Funding year", fy_label(sheet.funding_year)),
             ("Confirmed lines", f"{len(sheet.lines):,}  ·  total {money(sheet.total)}")]
    rows = [[Paragraph(esc(k), s["label"]), Paragraph(esc(v), s["body"])] for k, v in pairs]
    if sheet.checks():  # one row, in the warning colour, so the sheet keeps to its pages
        warn = s["body"].clone("check", textColor=WARNING)
        rows.append([Paragraph("<b>Check before signing</b>", s["label"].clone(
            "check_label", textColor=WARNING)), Paragraph(esc(" ".join(sheet.checks())), warn)])
    table = Table(rows, colWidths=[1.2 * inch, width - 1.2 * inch], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    return table


LINE_HEADERS = (("#", True), ("Item", False), ("Description", False), ("Qty", True),
                ("Unit", False), ("Unit price", True), ("Amount", True))


def _lines_table(sheet: ConfirmationSheet, width: float) -> LongTable:
    s = styles()
    fixed: list[float | None] = [0.3, 1.1, None, 0.55, 0.9, 0.85, 1.1]
    # Money never wraps: the price and amount columns grow to their widest figure (the
    # bold total included), taken from the description.
    prices = [money(line.unit_price) for line in sheet.lines]
    amounts = [money(line.amount) for line in sheet.lines]
    fixed[5] = max(0.85 * inch, one_line_width(prices)) / inch
    fixed[6] = max(1.1 * inch, one_line_width(amounts),
                   one_line_width([money(sheet.total)], FONT_BOLD)) / inch
    known = sum(w for w in fixed if w is not None) * inch
    widths = [w * inch if w is not None else width - known for w in fixed]
    head = [Paragraph(esc(h), s["cell_head_right" if right else "cell_head"])
            for h, right in LINE_HEADERS]
    rows = [head]
    for number, line in enumerate(sheet.lines, start=1):
        rows.append([
            Paragraph(str(number), s["cell_right"]),
            Paragraph(esc(line.item_code or "—"), s["code"]),
            Paragraph(esc(line.description), s["cell"]),
            Paragraph(quantity(line.quantity), s["cell_right"]),
            Paragraph(esc(line.unit), s["cell"]),
            Paragraph(money(line.unit_price), s["cell_right"]),
            Paragraph(money(line.amount), s["cell_right"]),
        ])
    rows.append(["", "", Paragraph("<b>Total</b>", s["cell"]), "", "", "",
                 Paragraph(f"<b>{money(sheet.total)}</b>", s["cell_right"])])
    table = LongTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style() + [
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ("BACKGROUND", (0, -1), (-1, -1), colors.white),
    ])
    return table


def _sources_table(sheet: ConfirmationSheet, width: float) -> Table:
    s = styles()
    rows = [[Paragraph("Funding source", s["cell_head"]),
             Paragraph("Lines", s["cell_head_right"]),
             Paragraph("Amount", s["cell_head_right"])]]
    for label, amount, count in sheet.totals_by_source():
        rows.append([Paragraph(esc(label), s["cell"]), Paragraph(f"{count:,}", s["cell_right"]),
                     Paragraph(money(amount), s["cell_right"])])
    rows.append([Paragraph("<b>Total</b>", s["cell"]),
                 Paragraph(f"<b>{len(sheet.lines):,}</b>", s["cell_right"]),
                 Paragraph(f"<b>{money(sheet.total)}</b>", s["cell_right"])])
    amount_width = max(1.3 * inch, one_line_width([money(sheet.total)], FONT_BOLD))
    table = Table(rows, colWidths=[2.6 * inch, 0.8 * inch, amount_width], hAlign="LEFT")
    table.setStyle(table_style(stripes=False) + [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)])
    return table


def _signature_block(title: str, name: str, role: str, width: float) -> Table:
    """Four labelled lines to write on; a known name or title is printed above its line."""
    s = styles()
    rows = []
    for label, value in (("Name", name), ("Title", role), ("Signature", ""), ("Date", "")):
        rows.append([Paragraph(esc(value), s["body"]) if value else ""])
        rows.append([Paragraph(esc(label), s["label"])])
    table = Table([[Paragraph(esc(title), s["cell_head"])], *rows], colWidths=[width],
                  hAlign="LEFT")
    commands: list = [("LEFTPADDING", (0, 0), (-1, -1), 0),  # type: ignore[type-arg]
                      ("TOPPADDING", (0, 0), (-1, -1), 0),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                      ("FONTNAME", (0, 0), (-1, -1), FONT_BOLD)]
    for index in range(1, len(rows) + 1, 2):
        commands.append(("TOPPADDING", (0, index), (0, index), 14))
        commands.append(("LINEBELOW", (0, index), (0, index), 0.6, INK))
    table.setStyle(commands)
    return table


def _signatures(sheet: ConfirmationSheet, width: float) -> list:  # type: ignore[type-arg]
    column = (width - 0.4 * inch) / 2
    member = _signature_block(f"For {sheet.member_name}: authorised official",
                              sheet.official_name, sheet.official_title, column)
    coordinator = _signature_block("For the consortium: regional coordinator",
                                   sheet.coordinator_name, f"Coordinator, {sheet.region}",
                                   column)
    grid = Table([[member, "", coordinator]], colWidths=[column, 0.4 * inch, column],
                 hAlign="LEFT")
    grid.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [grid]
