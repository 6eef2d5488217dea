"""Issue #16's done-when, "a region imports the state's bundle and prints its members' award
letters": Region 5 sends its members' confirmed lines (010 and 01B are Region 5 members),
the state awards and allocates, and after importing the state's bundle the region's
`consortium allocate letters` writes both members' letters with the state's figures."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from allocation_samples import LINES, add_need_lines, awarded_scenario
from bid_samples import REF
from pypdf import PdfReader
from sqlalchemy import select
from sync_helpers import Factory, exchange_keys

from app.launcher import main
from app.models import Member
from app.reports.award_letter import day
from app.services.allocation import allocate, list_allocations
from app.services.award_letters import award_letter, award_letter_pdf
from app.services.packet_settings import set_fact
from app.sync.export import export_bundle
from app.sync.service import import_bundle

TODAY = date(2026, 3, 20)


def _text(pdf: bytes, issued: date) -> str:
    """The letter's words, its date (the day it is printed) left out."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace(issued.isoformat(), "DATE").replace(day(issued), "DATE")


def test_a_region_prints_its_members_award_letters(make_store: Factory, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    state = make_store("state", None)
    region = make_store("region", 5)
    exchange_keys(region, state)
    with region.session() as session:
        assert {m.region for m in session.scalars(select(Member).where(
            Member.code.in_(list(LINES))))} == {5}
    add_need_lines(region)  # the region owns its members' lines and sends them first
    result = import_bundle(state, export_bundle(region, tmp_path / "r5.zip").path)
    assert result.totals()["refused"] == 0

    awarded_scenario(state, tmp_path, needs=False)
    with state.transaction() as session:
        set_fact(session, REF, "form470_number", "261000123")
        sent = allocate(session, REF)
    assert {a.member_code for a in sent} == set(LINES) and len(sent) == 5
    with state.session() as session:
        letters = {code: award_letter(session, REF, code, TODAY) for code in LINES}
        pdfs = {code: award_letter_pdf(session, REF, code, TODAY) for code in LINES}
    assert letters["01B"].over_budget > 0

    result = import_bundle(region, export_bundle(state, tmp_path / "to-r5.zip",
                                                 to="region:5").path)
    assert result.totals()["refused"] == 0, [r.as_json() for r in result.refused]
    with region.session() as session:
        assert list_allocations(session, REF) == sent
        for code in LINES:
            assert award_letter(session, REF, code, TODAY) == letters[code]

    folder = tmp_path / "meeting"
    folder.mkdir()
    code = main(["--data-dir", str(region.data_dir), "allocate", "letters", REF,
                 "--out", str(folder)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"wrote 2 award letter(s) (region 5) to {folder}:")
    for member in LINES:
        printed = _text((folder / f"award-letter-{REF}-{member}.pdf").read_bytes(),
                        date.today())
        assert printed == _text(pdfs[member], TODAY)
        assert "261000123" in printed
