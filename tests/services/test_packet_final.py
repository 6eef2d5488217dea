"""Issue #14's "done when", on the statewide demo: with every fact filled in and a passing
checklist the packet prints as final; the same procurement with one letter missing prints
only as a draft that names the gap; every date the packet prints is the calendar's."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.models.db import Store
from app.models.migrate import upgrade
from app.reports.packet.render import render_packet
from app.rules.packet_rules import PacketRefused
from app.services import packet_settings as ps
from app.services.demo import fill_demo
from app.services.figures import confirm_figures
from app.services.instance import init_instance
from app.services.letters import add_letter, remove_letter
from app.services.packets import build_packet
from app.services.procurement_detail import get_procurement
from app.services.procurements import create_procurement, edit_procurement

FACTS = {"form470_number": "260012345", "contact": "Dana Whitfield, State Coordinator",
         "contact_email": "bids@example.org", "contact_phone": "919-555-0100",
         "bid_due_time": "2:00 p.m. Eastern time",
         "opening_place": "the consortium's state office, 301 N. Wilmington St., Raleigh"}
# Bids due Tue 3 Feb 2026: questions would close Sat 24 Jan, so they close Fri 23 Jan.
DATES = {"form470_certified_on": "2026-01-05", "rfp_posted_on": "2026-01-05",
         "nc_advertised_on": "2026-01-06", "bid_due_on": "2026-02-03",
         "contract_on": "2026-02-20"}
LONG = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d{1,2}) ([A-Z][a-z]+) (\d{4})")
SHORT = re.compile(r"(?<![\w-])(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})")


@pytest.fixture(scope="module")
def statewide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str]]:
    """The statewide demo (SQLite: the demo is large), one Wi-Fi procurement, every fact
    set and a complete letter from every participant."""
    store = Store.for_data_dir(tmp_path_factory.mktemp("statewide") / "data")
    upgrade(store)
    init_instance(store, "state", None, "Dana Whitfield")
    fill_demo(store, seed=1)
    with store.transaction() as session:
        row = create_procurement(session, title="Statewide Wi-Fi",
                                 funding_year=2026, categories=["WIRELESS"])
        edit_procurement(session, row.ref, DATES)
        for name, value in FACTS.items():
            ps.set_fact(session, row.ref, name, value)
        for member in get_procurement(session, row.ref).participants:
            add_letter(session, member.code, {
                "lead_name": "NC K-12 Technology Purchasing Consortium",
                "first_funding_year": 2026, "last_funding_year": 2028,
                "official_name": "Pat Official", "official_title": "Superintendent",
                "signed_on": "2025-10-01", "services": "All E-rate eligible services"})
            # Every participant confirms its NSLP and rural figures for the year (issue 13).
            confirm_figures(session, member.code, 2026, "Pat Official")
    yield store, row.ref
    store.dispose()


def pages_of(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def printed_dates(text: str) -> set[date]:
    """Every weekday-named date in the text, except the letters' signing dates ("Signed …")
    and the day a deadline was moved from (its note says "moved from …")."""
    out = set()
    for pattern, month_format in ((LONG, "%B"), (SHORT, "%b")):
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 11):match.start()]
            if before.endswith(("Signed ", "moved from ")):
                continue
            day, month, year = match.groups()
            out.add(datetime.strptime(f"{day} {month} {year}", f"%d {month_format} %Y").date())
    return out


def test_complete_statewide_packet_prints_as_final_with_the_calendars_dates(
        statewide: tuple[Store, str]) -> None:
    store, ref = statewide
    with store.session() as session:
        detail = get_procurement(session, ref)
        packet = build_packet(session, ref)
    assert len(packet.members) > 100 and detail.passed
    assert packet.problems == () and packet.is_final
    pages = pages_of(render_packet(packet, final=True))
    text = " ".join(pages)
    assert "DRAFT" not in text
    calendar = {e.label: e.on for e in detail.calendar}
    assert calendar["Written questions close"] == date(2026, 1, 23)
    # Every date printed anywhere in the packet is one of the calendar's.
    printed = printed_dates(text)
    assert printed and printed <= {d for d in calendar.values() if d}, \
        printed - set(calendar.values())
    # …and the text's question deadline is the schedule table's (issue #14: they differed).
    assert "accepted until Friday, 23 January 2026" in text
    assert "Written questions close Fri 23 Jan 2026" in text
    # Section "Participating members" says every letter is complete, as the table shows.
    count = len(packet.members)
    assert f"Each of the {count:,} participating members has given" in text
    assert "Not complete" not in text


def test_one_missing_letter_prints_only_as_a_draft_naming_the_gap(
        statewide: tuple[Store, str], tmp_path: Path) -> None:
    store, ref = statewide
    with store.transaction() as session:
        gone = get_procurement(session, ref).participants[0].code
        letter = next(r for r in _letters(session, gone))
        remove_letter(session, letter)
    try:
        with store.session() as session:
            packet = build_packet(session, ref)
        assert len(packet.problems) == 1
        assert packet.problems[0].startswith("checklist: Letter of agency from every member")
        assert f"{gone}: no letter of agency on file" in packet.problems[0]
        with pytest.raises(PacketRefused, match=f"{gone}: no letter of agency"):
            render_packet(packet, final=True)
        pages = pages_of(render_packet(packet))
        assert pages[0].startswith("DRAFT — not for posting")
        assert f"{gone}: no letter of agency on file" in pages[0]
        assert all("DRAFT" in page for page in pages)
        text = " ".join(pages)
        count = len(packet.members)
        assert (f"{count - 1:,} of the {count:,} participating members have given" in text)
        assert f"1 member ({gone}) does not have a complete letter" in text
    finally:
        with store.transaction() as session:
            add_letter(session, gone, {
                "lead_name": "NC K-12 Technology Purchasing Consortium",
                "first_funding_year": 2026, "last_funding_year": 2028,
                "official_name": "Pat Official", "official_title": "Superintendent",
                "signed_on": "2025-10-01", "services": "All E-rate eligible services"})


def _letters(session, code: str) -> list[str]:  # noqa: ANN001
    from sqlalchemy import select

    from app.models import LetterOfAgency, Member

    return list(session.scalars(select(LetterOfAgency.uid).join(Member).where(
        Member.code == code, LetterOfAgency.deleted.is_(False))))
