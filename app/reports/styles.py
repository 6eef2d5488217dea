"""The one place report looks are decided: embedded fonts, paragraph styles, colours, and the
page template (header, footer with "page X of Y").

DejaVu Sans is embedded (resources/fonts, licence beside it) so any name prints: Łódź, Élan,
Nguyễn. Every piece of user text goes through `esc` before it enters a Paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app import paths

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PAGE_SIZE = LETTER
MARGIN = 0.7 * inch
HEADER_GAP = 0.45 * inch  # space the running header takes above the frame

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#9aa5b1")
HEADER_FILL = colors.HexColor("#e4e7eb")
STRIPE = colors.HexColor("#f5f7fa")


@cache
def register_fonts() -> None:
    """Register the embedded TTFs once per process (ReportLab subsets and embeds them)."""
    folder = paths.resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


CELL_PADDING = 12  # a table cell's left + right padding (ReportLab's 6 pt each side)


def one_line_width(texts: list[str], font: str = FONT, size: float = 8.5) -> float:
    """The column width in which the widest of `texts` stays on one line: money and codes
    are never broken ("$10,422,761.3 / 8" is not a figure anyone can sign)."""
    register_fonts()
    widest = max((pdfmetrics.stringWidth(t, font, size) for t in texts), default=0.0)
    return widest + CELL_PADDING + 1


def size_to_fit(text: str, width: float, largest: float, font: str = FONT,
                smallest: float = 5.0) -> float:
    """The largest font size (down to `smallest`) at which `text` fits `width` on one line."""
    register_fonts()
    room = width - CELL_PADDING
    size = largest
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > room:
        size -= 0.25
    return size


def esc(text: object) -> str:
    """User text made safe for a Paragraph: `A&B <c>` prints as typed, newlines kept."""
    return escape("" if text is None else str(text)).replace("\n", "<br/>")


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=9.5,
                          leading=12.5, textColor=INK,
                          alignment=TA_LEFT)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=16,
                                leading=20, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14,
                                   textColor=MUTED),
        "heading": ParagraphStyle("heading", parent=base, fontName=FONT_BOLD, fontSize=11,
                                  leading=14, spaceBefore=10, spaceAfter=4),
        "label": ParagraphStyle("label", parent=base, fontSize=8, leading=10,
                                textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5),
        "code": ParagraphStyle("code", parent=base, fontSize=7.5, leading=10.5),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=10.5,
                                     alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD,
                                    fontSize=8.5, leading=10.5),
        "cell_head_right": ParagraphStyle("cell_head_right", parent=base, fontName=FONT_BOLD,
                                          fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10,
                                textColor=MUTED),
    }


def table_style(header_rows: int = 1, stripes: bool = True) -> list[tuple[Any, ...]]:
    """Grid commands shared by report tables: shaded header, hairlines, zebra rows."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1),
                         [colors.white, STRIPE]))
    return commands


class NumberedCanvas(Canvas):
    """A canvas that knows the page count when it draws the footers ("page X of Y")."""

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not Helvetica (which the document template asks for): only embedded fonts.
        kwargs["initialFontName"] = FONT
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, MARGIN - 10, width - MARGIN, MARGIN - 10)
        self.drawString(MARGIN, MARGIN - 22, self.footer_left)
        self.drawRightString(width - MARGIN, MARGIN - 22,
                             f"Page {self._pageNumber} of {total}")
        self.restoreState()


def numbered_canvas(footer_left: str) -> type[NumberedCanvas]:
    """A NumberedCanvas class with its footer text (ReportLab wants a class, not an object)."""
    return type("ReportCanvas", (NumberedCanvas,), {"footer_left": footer_left})


def running_header(left: str, right: str, page_size: tuple[float, float] = PAGE_SIZE
                   ) -> Callable[[Canvas, Any], None]:
    """An onPage callback drawing a thin running header on every page (of `page_size`:
    landscape for wide tables)."""

    def draw(canvas: Canvas, _doc: Any) -> None:
        register_fonts()
        width, height = page_size
        top = height - MARGIN + HEADER_GAP - 12
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, top, left)
        canvas.drawRightString(width - MARGIN, top, right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 4, width - MARGIN, top - 4)
        canvas.restoreState()

    return draw
