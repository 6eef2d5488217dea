"""The state board's savings summary stays on one page at the statewide size (8 regions,
many lots with long names, big figures), and says its figures in words."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from app.reports.savings_summary import BoardRow, BoardSummary, render_board_summary, sentence
from app.rules.savings import SavingsFigures

REGIONS = ("Northeast", "Southeast", "Central", "Sandhills", "Piedmont-Triad", "Southwest",
           "Northwest", "Western")


def _figures(own: int, paid: int, members: int = 12) -> SavingsFigures:
    return SavingsFigures(lines=members * 3, own_amount=Decimal(own), amount=Decimal(paid),
                          erate_share=Decimal(paid) * Decimal("0.6"), members=members,
                          separate_procurements=members * 2)


def statewide_summary(lots: int = 45) -> BoardSummary:
    regions = tuple(BoardRow(f"Region {n}", name, _figures(9_000_000 + n * 731_000,
                                                           7_600_000 + n * 600_000))
                    for n, name in enumerate(REGIONS, start=1))
    rows = tuple(BoardRow(f"P2026-00{1 + n % 3} lot {n}",
                          f"Wireless access points, controllers and licences, lot {n} "
                          "(indoor and outdoor, with installation)",
                          _figures(4_000_000 - n * 50_000, 3_300_000 - n * 45_000, 40))
                 for n in range(1, lots + 1))
    return BoardSummary("NC K-12 Technology Purchasing Consortium",
                        "All awarded procurements", ("P2026-001", "P2026-002", "P2026-003"),
                        _figures(112_345_678, 98_765_432, 314), 7_412, regions, rows, 3)


def test_the_statewide_summary_is_one_page_with_its_figures() -> None:
    pdf = render_board_summary(statewide_summary())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "$13,580,246" in text  # saved, statewide
    assert "7,412" in text and "314" in text
    assert "Region 8" in text and "33 other lots" in text
    assert "3 requested lines were not awarded" in text


def test_a_small_summary_and_the_sentence() -> None:
    summary = statewide_summary(lots=2)
    assert len(PdfReader(io.BytesIO(render_board_summary(summary))).pages) == 1
    words = sentence(summary)
    assert words.startswith("By buying together through 3 consortium procurements, 314 "
                            "members will pay $98,765,432")
    assert "(12.1 %)" in words
