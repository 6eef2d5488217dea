"""Each section of the bid packet as a function returning flowables.

Boilerplate is plain text with a few conventions (see resources/boilerplate/README.md):
blank lines between paragraphs, `## Title` a numbered subsection, `### Title` a small
heading, `- ` bullet lines, `**bold**`, `[[page]]` a page break and
`[[sign: Label | Label …]]` lines to sign on. All of it is escaped before it is typeset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from app.reports.document import Heading, heading_styles
from app.reports.packet.dto import BidPacket, Section
from app.reports.styles import FONT, FONT_BOLD, INK, esc, styles, table_style
from app.rules.calendar import QUESTIONS_CLOSE
from app.rules.packet_rules import shares

KIND_LABELS = {"lea": "LEA", "charter": "Charter", "regional": "Regional school"}
BOLD = re.compile(r"\*\*(.+?)\*\*")
ACCENT = colors.HexColor("#2f5d8a")
DRAFT_RED = colors.HexColor("#9b1c1c")


@dataclass
class Ctx:
    """What every section function needs: the packet, the frame width, section numbers."""

    packet: BidPacket
    width: float
    numbers: dict[str, int] = field(default_factory=dict)
    sub: dict[int, int] = field(default_factory=dict)

    def next_sub(self, number: int) -> str:
        self.sub[number] = self.sub.get(number, 0) + 1
        return f"{number}.{self.sub[number]}"


def qty(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def long_date(value: date | None, empty: str = "to be announced") -> str:
    return f"{value:%A}, {value.day} {value:%B %Y}" if value else empty


def short_date(value: date | None, empty: str = "—") -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else empty


def inline(text: str) -> str:
    """Escaped text with **bold** turned into markup."""
    return BOLD.sub(r"<b>\1</b>", esc(text))


def section_heading(ctx: Ctx, section: Section) -> list[Any]:
    number = ctx.numbers[section.key]
    h = heading_styles()["h1"]
    return [Heading(f"{number}&nbsp;&nbsp;&nbsp;{esc(section.title)}", h,
                    key=f"s{number}", level=0, number=str(number), title=section.title)]


def subheading(ctx: Ctx, number: int, title: str, *, toc: bool = True,
               room: float = 1.5) -> list[Any]:
    """A numbered subsection heading, on a new page when less than `room` inches are left
    (so it never ends a page alone)."""
    label = ctx.next_sub(number)
    return [CondPageBreak(room * inch),
            Heading(f"{label}&nbsp;&nbsp;{esc(title)}", heading_styles()["h2"],
                    key=f"s{label}", level=1, number=label, title=title, toc=toc)]


def text_flowables(ctx: Ctx, number: int, text: str) -> list[Any]:
    """Boilerplate text as flowables; `## ` subsections are numbered under `number`."""
    s = styles()
    body = s["body"].clone("packet_body", spaceAfter=6, leading=13)
    bullet = s["body"].clone("packet_bullet", leftIndent=14, bulletIndent=3, spaceAfter=3,
                             leading=13)
    h3 = heading_styles()["h3"]
    out: list[Any] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.strip().splitlines()]
        while lines:
            line = lines[0]
            if line.startswith("## "):
                out.extend(subheading(ctx, number, line[3:].strip(), room=1.2))
                lines = lines[1:]
            elif line.startswith("### "):
                out.append(Paragraph(inline(line[4:].strip()), h3))
                lines = lines[1:]
            elif line.strip() == "[[page]]":
                out.append(PageBreak())
                lines = lines[1:]
            elif line.startswith("[[sign:") and line.endswith("]]"):
                labels = [p.strip() for p in line[7:-2].split("|") if p.strip()]
                _keep_form_together(out, signature_lines(labels, ctx.width))
                lines = lines[1:]
            elif line.startswith("- "):
                items, rest = _bullets(lines)
                out.extend(Paragraph(inline(item), bullet, bulletText="•") for item in items)
                out.append(Spacer(1, 3))
                lines = rest
            else:
                para = []
                while lines and not _special(lines[0]):
                    para.append(lines.pop(0).strip())
                out.append(Paragraph(inline(" ".join(para)), body))
    return out


def _keep_form_together(out: list[Any], lines: Any) -> None:
    """A form (its heading, text and signature lines) stays on one page: the flowables
    since the last heading are kept together with the lines to sign on."""
    start = len(out)
    stops = (Heading, CondPageBreak, PageBreak, KeepTogether)
    while start > 0 and not isinstance(out[start - 1], stops):
        start -= 1
    if start > 0 and isinstance(out[start - 1], Heading):
        start -= 1
    # Not a nested KeepTogether: its wrap reports an endless height, which would push
    # every form onto a page of its own.
    block = [*out[start:], Spacer(1, 4), lines, Spacer(1, 8)]
    del out[start:]
    out.append(KeepTogether(block))


def _special(line: str) -> bool:
    return (line.startswith(("## ", "### ", "- ", "[[sign:")) or line.strip() == "[[page]]")


def _bullets(lines: list[str]) -> tuple[list[str], list[str]]:
    items: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
        else:
            break
        index += 1
    return items, lines[index:]


def signature_lines(labels: list[str], width: float) -> Table:
    """Lines to write on, two to a row, each with its label under it."""
    s = styles()
    column = (width - 0.4 * inch) / 2
    pairs = [labels[i:i + 2] for i in range(0, len(labels), 2)]
    rows: list[list[Any]] = []
    for pair in pairs:
        pair = pair + [""] * (2 - len(pair))
        rows.append(["", "", ""])
        rows.append([Paragraph(esc(pair[0]), s["label"]), "",
                     Paragraph(esc(pair[1]), s["label"]) if pair[1] else ""])
    table = Table(rows, colWidths=[column, 0.4 * inch, column], hAlign="LEFT")
    commands: list[Any] = [("FONTNAME", (0, 0), (-1, -1), FONT),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for index, pair in enumerate(pairs):
        row = index * 2
        commands.append(("TOPPADDING", (0, row), (-1, row), 22))
        commands.append(("LINEBELOW", (0, row), (0, row), 0.6, INK))
        if len(pair) > 1:
            commands.append(("LINEBELOW", (2, row), (2, row), 0.6, INK))
    table.setStyle(commands)
    return table


def data_table(rows: list[list[Any]], widths: list[float], *, right: tuple[int, ...] = (),
               long: bool = False, extra: list[Any] | None = None) -> Table:
    """A report table with repeated header row; `right` columns are right-aligned."""
    cls = LongTable if long else Table
    table = cls(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = table_style() + [("FONTSIZE", (0, 0), (-1, -1), 8.5),
                                ("LEADING", (0, 0), (-1, -1), 10.5),
                                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                                ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
    for column in right:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    table.setStyle(commands + (extra or []))
    return table


def head(*labels: str, right: tuple[int, ...] = ()) -> list[str]:
    """Header cells as plain strings (bold and alignment come from `data_table`); a label
    that needs two lines carries a newline. Plain strings draw far faster than Paragraphs
    in tables that repeat their header on every page."""
    return list(labels)


def fit(text: str, style: Any, width: float, size: float = 8.5) -> Any:
    """The text as a plain string when it fits the column on one line at the table's font
    `size`, else a wrapping Paragraph (escaped). Strings print characters as they are and
    draw much faster."""
    if "\n" not in text and stringWidth(text, style.fontName, size) <= width - 8:
        return text
    return Paragraph(esc(text), style)


def widths_for(total: float, fixed: list[float | None]) -> list[float]:
    """Column widths in inches, with one None column taking what is left."""
    known = sum(w for w in fixed if w is not None) * inch
    return [w * inch if w is not None else total - known for w in fixed]


# --- sections drawn from data --------------------------------------------------------------

def consortium_facts(ctx: Ctx) -> list[Any]:
    packet, s = ctx.packet, styles()
    counts = packet.members_by_region()
    rows: list[list[Any]] = [head("Region", "LEAs", "Charter schools", "Other",
                                  "Members", right=(1, 2, 3, 4))]
    for number in sorted(counts):
        per = counts[number]
        name = packet.region_name(number)
        other = sum(v for k, v in per.items() if k not in ("lea", "charter"))
        rows.append([Paragraph(esc(f"Region {number}" + (f" — {name}" if name else "")),
                               s["cell"]),
                     f"{per.get('lea', 0):,}", f"{per.get('charter', 0):,}", f"{other:,}",
                     f"{sum(per.values()):,}"])
    rows.append([Paragraph("<b>All regions</b>", s["cell"]),
                 *[f"{sum(c.get(k, 0) for c in counts.values()):,}" for k in ("lea", "charter")],
                 f"{sum(v for c in counts.values() for k, v in c.items() if k not in ('lea', 'charter')):,}",  # noqa: E501
                 f"{len(packet.members):,}"])
    widths = widths_for(ctx.width, [None, 0.8, 1.1, 0.8, 1.5])
    return [Spacer(1, 2), data_table(rows, widths, right=(1, 2, 3, 4), extra=[
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK), ("FONTNAME", (1, -1), (-1, -1), FONT)])]


def schedule_table(ctx: Ctx) -> list[Any]:
    s = styles()
    rows: list[list[Any]] = [head("Event", "Date", "Note")]
    for item in ctx.packet.schedule:
        rows.append([Paragraph(esc(item.label), s["cell"]),
                     Paragraph(esc(short_date(item.on, "to be announced")), s["cell"]),
                     Paragraph(esc(item.note), s["small"])])
    return [data_table(rows, widths_for(ctx.width, [2.4, 1.35, None]))]


def criteria_table(ctx: Ctx) -> list[Any]:
    s = styles()
    criteria = ctx.packet.criteria
    share = shares([c.weight for c in criteria])
    rows: list[list[Any]] = [head("#", "Criterion", "Points", "Share", right=(0, 2, 3))]
    for number, (c, pct) in enumerate(zip(criteria, share, strict=True), start=1):
        name = esc(c.name) + (" <font size=7.5 color='#52606d'>(price of E-rate-eligible "
                              "goods and services)</font>" if c.is_price_of_eligible else "")
        if c.description:
            name += f"<br/><font size=7.5 color='#52606d'>{esc(c.description)}</font>"
        rows.append([str(number), Paragraph(name, s["cell"]), f"{c.weight:,}", f"{pct} %"])
    rows.append(["", Paragraph("<b>Total</b>", s["cell"]),
                 f"{sum(c.weight for c in criteria):,}", f"{sum(share)} %"])
    widths = widths_for(ctx.width, [0.35, None, 0.8, 0.8])
    return [data_table(rows, widths, right=(0, 2, 3),
                       extra=[("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]), Spacer(1, 6)]


def award_table(ctx: Ctx) -> list[Any]:
    """Each lot's award basis, as the award step will apply it."""
    s = styles()
    rows: list[list[Any]] = [head("Lot", "Name", "Award basis")]
    for lot in ctx.packet.lots:
        rows.append([str(lot.number), Paragraph(esc(lot.name), s["cell"]),
                     Paragraph(esc(lot.award.describe()), s["cell"])])
    widths = widths_for(ctx.width, [0.45, 2.2, None])
    return [Spacer(1, 2), Paragraph("<b>Award basis by lot</b>", s["cell"]), Spacer(1, 3),
            data_table(rows, widths, long=True, right=(0,)), Spacer(1, 6)]


def draft_notice(ctx: Ctx) -> list[Any]:
    """The first page of a draft: every reason it is not the final packet."""
    s = styles()
    title = s["title"].clone("draft_title", fontSize=22, leading=28, spaceAfter=6,
                             textColor=DRAFT_RED)
    bullet = s["body"].clone("draft_bullet", leftIndent=14, bulletIndent=3, spaceAfter=4,
                             leading=13)
    reasons = ctx.packet.problems
    out: list[Any] = [Spacer(1, 0.4 * inch), Paragraph("DRAFT — not for posting", title),
                      Paragraph(esc(f"{ctx.packet.ref} · {ctx.packet.title}"), s["subtitle"]),
                      Spacer(1, 0.25 * inch),
                      Paragraph(esc(f"This packet cannot go to bidders yet. The final packet "
                                    f"prints once each of these {len(reasons)} "
                                    f"item{'s' if len(reasons) != 1 else ''} is resolved:"),
                                s["body"]),
                      Spacer(1, 6)]
    out += [Paragraph(esc(reason), bullet, bulletText="•") for reason in reasons]
    return [*out, PageBreak()]


def members_table(ctx: Ctx) -> list[Any]:
    s = styles()
    rows: list[list[Any]] = [head("Code", "Member", "Kind", "Region", "Letter of agency")]
    for m in ctx.packet.members:
        if m.loa_ok:
            loa = esc(f"Signed {short_date(m.loa_signed_on)}"
                      + (f" by {m.loa_official}" if m.loa_official else "")
                      + (f"; {m.loa_years}" if m.loa_years else ""))
        else:
            loa = "<font color='#9b1c1c'>Not complete: " + esc(
                "; ".join(m.loa_problems) or "no letter on file") + "</font>"
        name = esc(m.name) + (f"<br/><font size=7.5 color='#52606d'>BEN {esc(m.ben)}</font>"
                              if m.ben else "")
        rows.append([m.code, Paragraph(name, s["cell"]),
                     KIND_LABELS.get(m.kind, m.kind), str(m.region),
                     Paragraph(loa, s["small"])])
    widths = widths_for(ctx.width, [0.55, None, 0.95, 0.62, 2.5])
    return [data_table(rows, widths, long=True, right=(3,))]


def cover(ctx: Ctx) -> list[Any]:
    """The cover page: issuer, solicitation, E-rate facts, key dates, contact."""
    packet, s = ctx.packet, styles()
    kicker = s["subtitle"].clone("cover_kicker", fontSize=11, leading=15)
    title = s["title"].clone("cover_title", fontSize=24, leading=30, spaceAfter=8)
    sub = s["subtitle"].clone("cover_sub", fontSize=12.5, leading=17)
    out: list[Any] = [Spacer(1, 0.7 * inch),
                      HRFlowable(width="22%", thickness=4, color=ACCENT, hAlign="LEFT",
                                 spaceAfter=14),
                      Paragraph(esc(packet.consortium_name), kicker),
                      Spacer(1, 4),
                      Paragraph("Request for bids" if not packet.erate else
                                "Request for bids · E-rate competitive bidding", sub),
                      Spacer(1, 0.35 * inch), Paragraph(esc(packet.title), title),
                      Paragraph(esc(f"Solicitation {packet.ref} · Funding year "
                                    f"{packet.funding_year}"), sub),
                      Spacer(1, 0.45 * inch)]
    facts = [("Issued by", packet.lead_name), ("Issue date", long_date(packet.issued_on)),
             ("Bids due", long_date(packet.bid_due_on) + (f", {packet.bid_due_time}"
                                                          if packet.bid_due_on else "")),
             ("Procurement method", packet.method_label)]
    # The questions deadline is the schedule's own row, never computed again here.
    questions = next((item.on for item in packet.schedule if item.label == QUESTIONS_CLOSE),
                     None)
    if questions is not None:
        facts.insert(3, ("Written questions by", long_date(questions)))
    if packet.opening_place:
        facts.insert(4 if questions else 3, ("Bid opening", packet.opening_place))
    if packet.erate:
        facts.append(("FCC Form 470", packet.form470_number))
    facts += [("Lots", f"{len(packet.lots):,} lots, {len(packet.lot_lines):,} line items"),
              ("Participating members", f"{len(packet.members):,}"),
              ("Single point of contact", packet.contact)]
    rows = [[Paragraph(esc(k), s["label"]), Paragraph(esc(v), s["body"])] for k, v in facts]
    table = Table(rows, colWidths=[1.8 * inch, ctx.width - 1.8 * inch], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ("LINEABOVE", (0, 0), (-1, 0), 1.2, INK),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, s["label"].textColor)])
    out.append(table)
    out.append(Spacer(1, 0.5 * inch))
    notice = ("Bids received after the due date and time will not be considered. "
              "All questions must be in writing to the single point of contact; answers are "
              "issued to every bidder as numbered addenda.")
    out.append(Paragraph(esc(notice), s["small"].clone("cover_notice", fontSize=9,
                                                         leading=12.5)))
    return out
