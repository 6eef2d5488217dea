"""The bid packet for 300 members and 60 lots (built directly as DTOs), beside bare ReportLab
rendering the same tables — scope per lot, summary, exhibits by region and by member,
pricing form, member list — in one SimpleDocTemplate with the same embedded font, in the
same run. Target ≤ 1.5×; pages per second in the note."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate

from app.reports.packet.dto import BidPacket
from app.reports.packet.render import render_packet
from app.reports.styles import FONT, register_fonts
from benchmarks.measure import ratio_result, timed
from tests.synthetic_packet import synthetic_packet

LIMIT = 1.5


def _table(rows: list[list[Any]], widths: list[float]) -> LongTable:
    table = LongTable(rows, colWidths=[w * inch for w in widths], repeatRows=1)
    table.setStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8),
                    ("GRID", (0, 0), (-1, -1), 0.25, "grey"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP")])
    return table


def bare_reportlab(packet: BidPacket) -> bytes:
    """The same tables with nothing around them: no cover, contents, headings, bookmarks,
    running header or page X of Y."""
    register_fonts()
    cell = ParagraphStyle("c", fontName=FONT, fontSize=8, leading=10)
    story: list[Any] = []
    for lot in packet.lots:
        rows: list[list[Any]] = [["Line", "Item", "Description", "Unit", "Qty", "E-rate"]]
        for i in lot.items:
            rows.append([i.line, Paragraph(escape(i.item_code), cell),
                         Paragraph(f"<b>{escape(i.description)}</b><br/>{escape(i.spec)}", cell),
                         Paragraph(escape(i.unit), cell), str(i.quantity), i.erate_category])
        story.append(_table(rows, [0.42, 1.15, 3.2, 0.9, 0.75, 0.75]))
    rows = [["Line", "Item", "Description", "Unit", "Members", "Qty"]]
    for i in packet.lot_lines:
        rows.append([i.line, Paragraph(escape(i.item_code), cell),
                     Paragraph(escape(i.description), cell), Paragraph(escape(i.unit), cell),
                     str(i.members), str(i.quantity)])
    story.append(_table(rows, [0.42, 1.15, 3.2, 0.9, 0.75, 0.75]))
    regions = sorted({m.region for m in packet.members})
    per_region = packet.region_quantities()
    rows = [["Line", "Item", *[f"R{n}" for n in regions], "Total"]]
    for i in packet.lot_lines:
        per = per_region.get(i.line, {})
        rows.append([i.line, Paragraph(escape(i.item_code), cell),
                     *[str(per.get(n, "—")) for n in regions], str(i.quantity)])
    story.append(_table(rows, [0.42, 1.25, *[0.58] * len(regions), 0.8]))
    names = {m.code: m for m in packet.members}
    cells: dict[str, dict[str, Any]] = {}
    for c in packet.member_quantities:
        cells.setdefault(c.line, {})[c.member_code] = c.quantity
    for lot in packet.lots:
        lines = lot.items
        codes = sorted({code for i in lines for code in cells.get(i.line, {})})
        rows = [["Code", "Member", "Region", *[i.line for i in lines]]]
        for code in codes:
            rows.append([code, Paragraph(escape(names[code].name), cell),
                         str(names[code].region),
                         *[str(cells.get(i.line, {}).get(code, "—")) for i in lines]])
        story.append(_table(rows, [0.5, 2.1, 0.62, *[0.78] * len(lines)]))
    for lot in packet.lots:
        rows = [["Line", "Item", "Description", "Unit", "Qty", "Unit price", "Extended"]]
        for i in lot.items:
            rows.append([i.line, Paragraph(escape(i.item_code), cell),
                         Paragraph(escape(i.description), cell), Paragraph(escape(i.unit), cell),
                         str(i.quantity), "", ""])
        story.append(_table(rows, [0.42, 1.15, 2.3, 0.9, 0.75, 0.85, 0.95]))
    rows = [["Code", "Member", "Kind", "Region", "Letter of agency"]]
    for m in packet.members:
        rows.append([Paragraph(escape(m.code), cell), Paragraph(escape(m.name), cell), m.kind,
                     str(m.region), Paragraph(escape(m.loa_official), cell)])
    story.append(_table(rows, [0.55, 2.5, 0.95, 0.62, 2.5]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER).build(story)
    return buffer.getvalue()


def run(workdir: Path, quick: bool) -> list:  # type: ignore[type-arg]
    packet = synthetic_packet(members=300, lots=60)
    repeat = 1 if quick else 3
    bare_reportlab(packet)  # warm up fonts and imports for both
    ours, data = timed(lambda: render_packet(packet), repeat)
    baseline, bare = timed(lambda: bare_reportlab(packet), repeat)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    bare_pages = len(PdfReader(io.BytesIO(bare)).pages)
    note = (f"{pages} pages, {pages / ours:.0f} pages/s (bare: {bare_pages} pages, "
            f"{bare_pages / baseline:.0f} pages/s); best of {repeat}")
    (workdir / "packet-300x60.pdf").write_bytes(data)
    return [ratio_result("bid packet PDF", "300 members, 60 lots", ours, baseline, LIMIT,
                         note)]
