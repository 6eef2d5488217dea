"""The region needs summary: money columns hold their widest figure on one line (issue #12
item 9: "money figures never wrap anywhere")."""

from __future__ import annotations

from decimal import Decimal

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.region_summary import (
    RegionCategoryRow,
    RegionMemberRow,
    RegionSummary,
    _categories,
    _members,
    money,
    render_region_summary,
)
from app.reports.styles import CELL_PADDING, FONT, register_fonts

BIG = Decimal("123456789.12")
SUMMARY = RegionSummary(
    "NC K-12 Technology Purchasing Consortium", "Region 4 (Sandhills)", 2026,
    (RegionMemberRow("260", "Cumberland County Schools", "lea", 400, 12, BIG, BIG),
     RegionMemberRow("630", "Moore County Schools", "lea", 20, 0, Decimal("99.00"),
                     Decimal(0))),
    (RegionCategoryRow("Student and staff devices", 2, 420, 12, BIG, BIG),))


def test_money_columns_fit_their_widest_figure() -> None:
    register_fonts()
    total = money(SUMMARY.total("confirmed_amount"))  # $123,456,888.12
    for table, columns, size in ((_members(SUMMARY, 500), (5, 6), 8),
                                 (_categories(SUMMARY, 500), (4, 5), 8.5)):
        for column in columns:
            assert table._colWidths[column] >= stringWidth(total, FONT, size) + CELL_PADDING
    assert render_region_summary(SUMMARY).startswith(b"%PDF")
