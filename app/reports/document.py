"""Long documents on top of app.reports.styles: numbered headings that become PDF bookmarks,
a table of contents drawn in one pass, a cover page without running header, and progress
with cancellation while the pages are laid out.

The contents pages are reserved in the story (their number is known from the headings to
come) and drawn when the canvas saves, when every heading's page is known — so the
document is laid out once, not twice as ReportLab's `multiBuild` would.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from app.reports.styles import (
    FONT,
    FONT_BOLD,
    HEADER_GAP,
    INK,
    MARGIN,
    MUTED,
    PAGE_SIZE,
    RULE,
    NumberedCanvas,
    running_header,
    styles,
)

ProgressFn = Callable[[int, int, str], None]

# The body frame: its top sits a little below the running header's rule.
BODY_TOP = MARGIN + HEADER_GAP * 0.5
BODY_BOTTOM = MARGIN + 4
TOC_TITLE_SPACE = 44.0  # the "Contents" title on the first contents page
TOC_ROW = {0: 17.0, 1: 13.0}
WATERMARK = colors.HexColor("#b42318")


@dataclass(frozen=True)
class TocEntry:
    level: int
    number: str
    title: str
    page: int
    key: str


def heading_styles() -> dict[str, ParagraphStyle]:
    base = styles()["body"]
    return {
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19,
                             spaceBefore=0, spaceAfter=10, textColor=INK),
        # Not keepWithNext: ReportLab then moves a heading and a long table after it to
        # a new page as one block. Callers put a CondPageBreak before the heading instead.
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11.5,
                             leading=15, spaceBefore=12, spaceAfter=5),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=9.5,
                             leading=12.5, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "h3_table": ParagraphStyle("h3_table", parent=base, fontName=FONT_BOLD, fontSize=9.5,
                                   leading=12.5, spaceBefore=10, spaceAfter=4),
    }


class Heading(Paragraph):
    """A heading that becomes a bookmark (outline `level`) and, for levels 0–1, a contents
    entry. `number` is printed before the title ("4.2")."""

    def __init__(self, text: str, style: ParagraphStyle, *, key: str, level: int,
                 number: str = "", title: str = "", toc: bool = True) -> None:
        super().__init__(text, style)
        self.outline_key = key
        self.outline_level = level
        self.outline_number = number
        self.outline_title = title
        self.in_toc = toc and level <= 1


class TocPlaceholder(Flowable):
    """Marks a page reserved for the contents; the canvas fills it in at save time."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        pages = canvas.toc_pages  # type: ignore[attr-defined]
        if not pages:
            canvas.bookmarkPage("contents")
            canvas.addOutlineEntry("Contents", "contents", level=0)
        pages.append(canvas.getPageNumber())


def toc_pages_needed(levels: list[int], frame_height: float) -> int:
    """How many pages the contents take for headings of these levels (0 or 1)."""
    pages, space = 1, frame_height - TOC_TITLE_SPACE
    for level in levels:
        row = TOC_ROW[level]
        if space < row:
            pages, space = pages + 1, frame_height
        space -= row
    return pages


class PacketCanvas(NumberedCanvas):
    """A NumberedCanvas that leaves the cover without footer and draws the contents."""

    toc_heading = "Contents"
    watermark = ""  # e.g. "DRAFT": drawn across every page, over the content

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toc_pages: list[int] = []
        self.toc_entries: list[TocEntry] = []

    def _draw_watermark(self) -> None:
        # Translucent so that the text under it stays readable; on every page, so that no
        # page of a draft can be taken out and passed off as final.
        width, height = self._pagesize
        self.saveState()
        self.setFont(FONT_BOLD, 120)
        self.setFillColor(WATERMARK)
        self.setFillAlpha(0.16)
        self.translate(width / 2, height / 2)
        self.rotate(52)
        self.drawCentredString(0, -40, self.watermark)
        self.restoreState()

    def _draw_footer(self, total: int) -> None:
        page = self._pageNumber
        if self.watermark:
            self._draw_watermark()
        if page == 1:
            return
        if page in self.toc_pages:
            self._draw_toc(self.toc_pages.index(page))
        super()._draw_footer(total)

    def _toc_slices(self) -> list[list[TocEntry]]:
        width, height = self._pagesize
        frame_height = height - BODY_TOP - BODY_BOTTOM
        slices: list[list[TocEntry]] = [[]]
        space = frame_height - TOC_TITLE_SPACE
        for entry in self.toc_entries:
            row = TOC_ROW[entry.level]
            if space < row and len(slices) < len(self.toc_pages):
                slices.append([])
                space = frame_height
            slices[-1].append(entry)
            space -= row
        return slices

    def _draw_toc(self, index: int) -> None:
        slices = self._toc_slices()
        if index >= len(slices):
            return
        width, height = self._pagesize
        top = height - BODY_TOP - 6  # where the frame's first line would start
        left, right = MARGIN + 6, width - MARGIN - 6
        self.saveState()
        y = top
        if index == 0:
            self.setFont(FONT_BOLD, 15)
            self.setFillColor(INK)
            self.drawString(left, y - 15, self.toc_heading)
            y -= TOC_TITLE_SPACE
        for entry in slices[index]:
            row = TOC_ROW[entry.level]
            size = 10 if entry.level == 0 else 9
            font = FONT_BOLD if entry.level == 0 else FONT
            indent = 0 if entry.level == 0 else 26
            baseline = y - row + 4
            self.setFont(font, size)
            self.setFillColor(INK if entry.level == 0 else MUTED)
            label_x = left + indent
            if entry.number:
                self.drawString(label_x, baseline, entry.number)
            text_x = label_x + (22 if entry.level == 0 else 30)
            page_text = str(entry.page)
            page_w = self.stringWidth(page_text, font, size)
            room = right - page_w - 12 - text_x
            title = _fit(self, entry.title, font, size, room)
            self.drawString(text_x, baseline, title)
            self.drawRightString(right, baseline, page_text)
            dots_from = text_x + self.stringWidth(title, font, size) + 6
            dots_to = right - page_w - 6
            if dots_to > dots_from:
                self.setStrokeColor(RULE)
                self.setLineWidth(0.6)
                self.setDash(0.6, 2.4)
                self.line(dots_from, baseline + 1, dots_to, baseline + 1)
                self.setDash()
            # Named explicitly: the canvas's own annotation counter is reset with each
            # restored page state, which would reuse names across contents pages.
            self.linkAbsolute("", entry.key, (label_x, baseline - 3, right, baseline + size),
                              name=f"toc-{entry.key}")
            y -= row
        self.restoreState()


def _fit(canvas: Any, text: str, font: str, size: float, room: float) -> str:
    """The text shortened with an ellipsis to fit `room` points (contents lines only)."""
    if canvas.stringWidth(text, font, size) <= room:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def packet_canvas(footer_left: str, watermark: str = "") -> type[PacketCanvas]:
    return type("PacketReportCanvas", (PacketCanvas,),
                {"footer_left": footer_left, "watermark": watermark})


class OutlinedDocTemplate(BaseDocTemplate):
    """Cover and body page templates; headings become bookmarks and contents entries;
    `progress(page, estimated_pages, message)` after each new page (it may raise to stop)."""

    def __init__(self, filename: Any, *, header_left: str, header_right: str,
                 progress: ProgressFn | None = None, estimated_pages: int = 0,
                 **kwargs: Any) -> None:
        kwargs.setdefault("pagesize", PAGE_SIZE)
        super().__init__(filename, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=BODY_TOP, bottomMargin=BODY_BOTTOM, **kwargs)
        self.progress = progress
        self.estimated_pages = estimated_pages
        self._last_page = 0
        cover = Frame(self.leftMargin, self.bottomMargin, self.width,
                      self.height + HEADER_GAP * 0.4, id="cover")
        body = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate("cover", [cover]),
            PageTemplate("body", [body], onPage=running_header(header_left, header_right)),
        ])

    def beforeDocument(self) -> None:  # noqa: N802 (ReportLab's name)
        self.canv.showOutline()

    @property
    def frame_height(self) -> float:
        return float(self.height)

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (ReportLab's name)
        page = self.canv.getPageNumber()
        if page != self._last_page:
            self._last_page = page
            if self.progress is not None:
                total = max(self.estimated_pages, page + 1)
                self.progress(page, total, f"Laying out page {page} of about {total}")
        if isinstance(flowable, Heading):
            key = flowable.outline_key
            top = self.frame._y + flowable.height + flowable.style.spaceAfter
            self.canv.bookmarkHorizontalAbsolute(key, top)
            label = f"{flowable.outline_number} {flowable.outline_title}".strip()
            self.canv.addOutlineEntry(label, key, level=flowable.outline_level,
                                      closed=flowable.outline_level >= 1)
            if flowable.in_toc:
                self.canv.toc_entries.append(TocEntry(  # type: ignore[attr-defined]
                    flowable.outline_level, flowable.outline_number,
                    flowable.outline_title, page, key))


def estimate_pages(rows: int, rows_per_page: int = 42) -> int:
    return max(1, math.ceil(rows / rows_per_page))


__all__ = ["FONT", "Heading", "OutlinedDocTemplate", "TocEntry", "TocPlaceholder",
           "estimate_pages", "heading_styles", "packet_canvas", "toc_pages_needed"]
