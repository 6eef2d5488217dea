"""The needs confirmation sheet, checked on the text a reader (or pdftotext) gets out of it."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from app.reports.confirmation import ConfirmationLine, ConfirmationSheet, render_confirmation

TRICKY = "Smith & Sons <Élan> Łódź"


def sheet(lines: list[ConfirmationLine], name: str = "Moore County Schools") -> ConfirmationSheet:
    return ConfirmationSheet(
        consortium_name="NC K-12 Technology Purchasing Consortium", member_name=name,
        member_code="630", region="Region 4 (Sandhills)", funding_year=2026,
        lines=tuple(lines), coordinator_name="Dana Whitfield", official_name="Monica Jenkins",
        official_title="Superintendent", prepared_on=date(2026, 11, 2))


LINES = [
    ConfirmationLine("CB-STU-140", "Student Chromebook 14\", education build", Decimal("1850"),
                     "each", Decimal("402.90"), ("erate", "local")),
    ConfirmationLine("SVC-INSTALL-HR", "Installation labour, eligible network gear",
                     Decimal("100"), "per hour", Decimal("125.00"), ("local",)),
    ConfirmationLine("", "Interactive display 75\" A&B <wall> mount", Decimal("2.5"), "each",
                     Decimal("2499.99"), ()),
]


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_sheet_lists_member_lines_totals_and_signatures() -> None:
    data = render_confirmation(sheet(LINES))
    assert data.startswith(b"%PDF")
    text = flat(" ".join(pages_text(data)))
    for expected in ("Needs confirmation sheet", "Moore County Schools", "code 630",
                     "Region 4 (Sandhills)", "FY2026", "CB-STU-140", "1,850",
                     "$402.90", "$745,365.00", "SVC-INSTALL-HR", "$12,500.00",
                     "A&B <wall> mount", "2.5", "$6,249.98",
                     "Total", "$764,114.98", "E-rate + Local", "Not specified",
                     "Name", "Title", "Signature", "Date", "authorised official",
                     "regional coordinator", "Monica Jenkins", "Superintendent",
                     "Dana Whitfield", "confirms that the needs listed above"):
        assert expected in text, expected
    assert "Page 1 of 1" in text


def test_tricky_name_prints_exactly_with_embedded_font() -> None:
    data = render_confirmation(sheet(LINES, name=TRICKY))
    text = " ".join(pages_text(data))
    assert TRICKY in text
    assert "&amp;" not in text and "&lt;" not in text
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert any("DejaVuSans" in name for name in names)
    assert not any("Helvetica" in name for name in names)


def test_three_hundred_lines_paginate_with_repeated_headers() -> None:
    many = [ConfirmationLine(f"ITEM-{n:03d}", f"Line number {n} " + "long words " * 8,
                             Decimal(n), "each", Decimal("10.00"), ("erate",))
            for n in range(1, 301)]
    pages = pages_text(render_confirmation(sheet(many)))
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
    # The column header row is repeated on every page that carries need lines.
    line_pages = [t for t in pages if "ITEM-" in t]
    assert len(line_pages) >= 5
    for text in line_pages:
        assert "Unit price" in text and "Description" in text
    everything = flat(" ".join(pages))
    for n in (1, 150, 300):
        assert f"ITEM-{n:03d}" in everything
    assert "$451,500.00" in everything  # 10 × (1 + … + 300)


def test_no_confirmed_lines_says_so() -> None:
    text = flat(" ".join(pages_text(render_confirmation(sheet([])))))
    assert "no confirmed need lines" in text
    assert "Signature" in text


def test_the_total_an_official_signs_never_wraps() -> None:
    """Issue #12 item 9: a ten-million total printed as "$10,422,761.3 / 8"."""
    big = [ConfirmationLine("CB-STU-140", "Student Chromebook", Decimal("25869"), "each",
                            Decimal("402.90"), ("erate",)),
           ConfirmationLine("LT-STF-14", "Staff laptop", Decimal("1"), "each",
                            Decimal("141.28"), ("local",))]
    data = render_confirmation(sheet(big))
    lines = [line.strip() for page in pages_text(data) for line in page.splitlines()]
    total = "$10,422,761.38"
    assert any(total in line for line in lines), [x for x in lines if "10,42" in x]
    assert not any(line.endswith("$10,422,761.3") for line in lines)


def test_duplicates_and_missing_sources_are_flagged_before_signing() -> None:
    lines = [*LINES, ConfirmationLine("CB-STU-140", "Student Chromebook 14\"", Decimal("10"),
                                      "each", Decimal("402.90"), ("local",))]
    flagged = ConfirmationSheet(**{**vars(sheet(lines)), "duplicates": ((1, 4),)})
    text = flat(" ".join(pages_text(render_confirmation(flagged))))
    assert "Check before signing" in text
    assert "CB-STU-140 is on lines 1 and 4: the same item twice." in text
    assert "Line 3 does not name a funding source." in text
    clean = flat(" ".join(pages_text(render_confirmation(sheet(LINES[:2])))))
    assert "Check before signing" not in clean
