"""The procurement file an auditor asks for (E-rate keeps every bidding document 10 years,
DOMAIN.md §1.8; NC bids are public records, §2.10): one PDF with a bookmark per part.

Parts this module lays out itself (the cover, the bids received, the award, the contracts,
the letters of agency, the checklist, the history of the records) are plain headed tables;
parts another report already renders (the packet, the tabulation, the score sheets) arrive as
that report's PDF bytes and are merged page for page with pypdf, so each document reads
exactly as it was printed.

Takes a `ProcurementFile` (built by app.services.procurement_file); returns PDF bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import landscape
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from app.reports.styles import (
    HEADER_GAP,
    MARGIN,
    PAGE_SIZE,
    esc,
    numbered_canvas,
    register_fonts,
    running_header,
    styles,
    table_style,
)

SHORT_ROWS = 15


@dataclass(frozen=True)
class Grid:
    """A table of a part: column headings, rows of text, each column's share of the width;
    `code_columns` print in the fixed-width face (hashes)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    caption: str = ""
    code_columns: tuple[int, ...] = ()
    empty: str = "None."


@dataclass(frozen=True)
class Part:
    """One bookmarked part: its own headed pages (`intro` paragraphs and `grids`), then the
    pages of `pdf` (another report's, merged unchanged) when given."""

    title: str
    intro: tuple[str, ...] = ()
    grids: tuple[Grid, ...] = ()
    pdf: bytes = b""
    outro: tuple[str, ...] = ()  # paragraphs after the grids (what a capped table left out)
    own_page: bool = True  # False: the merged pdf alone (its first page is the bookmark)
    landscape: bool = False  # wide tables (a full SHA-256 beside names and times)


@dataclass(frozen=True)
class ProcurementFile:
    consortium: str
    ref: str
    title: str
    generated: str  # when and by whom, as printed in every page's footer
    parts: tuple[Part, ...]


def _grid(grid: Grid, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    out: list = []  # type: ignore[type-arg]
    if grid.caption:
        out += [Paragraph(f"<b>{esc(grid.caption)}</b>", s["body"]), Spacer(1, 3)]
    if not grid.rows:
        return [*out, Paragraph(esc(grid.empty), s["body"]), Spacer(1, 8)]
    total = sum(grid.widths)
    widths = [width * w / total for w in grid.widths]
    body = [[Paragraph(esc(cell), s["code"] if i in grid.code_columns else s["cell"])
             for i, cell in enumerate(row)] for row in grid.rows]
    table = Table([[Paragraph(esc(h), s["cell_head"]) for h in grid.headers], *body],
                  colWidths=widths, repeatRows=1)
    table.setStyle(table_style(header_rows=1))
    # A short table stays with its caption (none stands alone at a page's foot); a long
    # one starts where it is and splits, rather than leave most of a page blank.
    if len(grid.rows) <= SHORT_ROWS:
        return [KeepTogether([*out, table]), Spacer(1, 10)]
    return [*out, table, Spacer(1, 10)]


def _own_pages(file: ProcurementFile, part: Part) -> bytes:
    register_fonts()
    s = styles()
    buffer = io.BytesIO()
    page = landscape(PAGE_SIZE) if part.landscape else PAGE_SIZE
    doc = SimpleDocTemplate(
        buffer, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4)
    width = doc.width - 12
    story: list = [Paragraph(esc(part.title), s["title"]), Spacer(1, 4)]  # type: ignore[type-arg]
    for text in part.intro:
        story += [Paragraph(esc(text), s["body"]), Spacer(1, 4)]
    for grid in part.grids:
        story += _grid(grid, width)
    for text in part.outro:
        story += [Paragraph(f"<b>{esc(text)}</b>", s["body"]), Spacer(1, 4)]
    header = running_header(f"{file.consortium} — procurement file",
                            f"{file.ref} · {file.title}", page)
    # Each part numbers its own pages (as the merged reports do): the footer names the part.
    doc.build(story, onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(f"{file.generated} · {part.title}"))
    return buffer.getvalue()


def render_procurement_file(file: ProcurementFile) -> bytes:
    """Every part in order, each bookmarked at its first page (the outline an auditor
    navigates by); merged documents keep their own pages and numbering."""
    writer = PdfWriter()
    for part in file.parts:
        start = len(writer.pages)
        if part.own_page or not part.pdf:
            writer.append(PdfReader(io.BytesIO(_own_pages(file, part))), import_outline=False)
        if part.pdf:
            writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
        writer.add_outline_item(title=part.title, page_number=start)
    writer.add_metadata({"/Title": f"Procurement file — {file.ref} — {file.title}",
                         "/Author": file.consortium, "/Creator": "Consortium Buying",
                         "/Subject": "Procurement file (bidding documents, 10-year record)"})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

