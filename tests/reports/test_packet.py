"""The bid packet PDF, checked on what a reader (pypdf) gets out of it: every section, member
and lot quantity, exact names, bookmarks, metadata, refusal, and a statewide-size packet."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader
from synthetic_packet import synthetic_packet

from app.reports.packet.dto import SECTION_TITLES, BidPacket
from app.reports.packet.render import included_sections, render_packet, section_numbers
from app.reports.packet.sections import qty
from app.rules.packet_rules import PacketRefused

TRICKY = "Smith & Sons <Élan> Łódź"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def read(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, [flat(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def small() -> tuple[BidPacket, PdfReader, list[str]]:
    packet = synthetic_packet(members=24, lots=5, member_name=TRICKY, lots_per_member=3)
    reader, pages = read(render_packet(packet))
    return packet, reader, pages


def test_every_section_member_and_lot_quantity_prints(small) -> None:  # noqa: ANN001
    packet, _reader, pages = small
    text = " ".join(pages)
    numbers = section_numbers(included_sections(packet))
    for section in included_sections(packet):
        if section.key not in ("forms_erate", "forms_federal", "terms_federal"):
            assert f"{numbers[section.key]} {SECTION_TITLES[section.key]}" in text, section.key
    for member in packet.members:
        assert member.name in text, member.name
        assert member.code in text
    for lot in packet.lots:
        assert f"Lot {lot.number} — {lot.name}" in text
        for item in lot.items:
            assert f"{item.line} {item.item_code}" in text
            assert qty(item.quantity) in text, (item.line, item.quantity)
    for cell in packet.member_quantities[:50]:
        assert qty(cell.quantity) in text
    assert "Contents" in pages[1]
    assert re.search(r"Page 2 of \d+", pages[1])


def test_tricky_member_name_prints_exactly(small) -> None:  # noqa: ANN001
    _packet, _reader, pages = small
    members_pages = [p for p in pages if "Participating members and letters of agency" in p]
    assert any(TRICKY in p for p in members_pages)
    assert "Smith &amp;" not in " ".join(pages) and "Smith & Sons;" not in " ".join(pages)


def test_bookmarks_and_metadata(small) -> None:  # noqa: ANN001
    packet, reader, _pages = small

    def titles(outline: list) -> list[str]:  # type: ignore[type-arg]
        out = []
        for entry in outline:
            if isinstance(entry, list):
                out += titles(entry)
            else:
                out.append(entry.title)
        return out

    bookmarks = titles(reader.outline)
    assert "Contents" in bookmarks
    assert "1 The consortium and its purpose" in bookmarks
    assert any(b.startswith("4.2 Lot 1 — ") for b in bookmarks)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"{packet.title} — bid packet {packet.ref}"
    assert meta.author == packet.lead_name
    assert packet.ref in (meta.subject or "")
    fonts = {str(f["/BaseFont"]) for page in reader.pages[:3]
             for f in page["/Resources"]["/Font"].get_object().values()}
    assert all("DejaVu" in font for font in fonts), fonts


def test_table_headers_repeat_on_every_page_of_a_long_table(small) -> None:  # noqa: ANN001
    _packet, _reader, pages = small
    member_pages = [p for p in pages if "BEN 1600" in p]
    assert len(member_pages) >= 2
    assert all("Code Member Kind Region Letter of agency" in p for p in member_pages)


def test_sections_for_federal_and_erate_money_only_when_they_apply() -> None:
    packet = dataclasses.replace(synthetic_packet(members=4, lots=2), erate=False,
                                 federal=False)
    keys = [s.key for s in included_sections(packet)]
    assert "forms_erate" not in keys and "forms_federal" not in keys
    assert "terms_federal" not in keys and "forms" in keys


def test_a_packet_with_problems_is_refused_as_final_and_prints_as_a_draft() -> None:
    reasons = ("criterion 'Fit' (55) equals the price",
               "the contact's phone is not set (packet fact contact_phone)")
    packet = dataclasses.replace(synthetic_packet(members=3, lots=1), problems=reasons)
    with pytest.raises(PacketRefused, match="Fit") as caught:
        render_packet(packet, final=True)
    assert caught.value.reasons == reasons
    reader, pages = read(render_packet(packet))
    # The first page lists every reason; the watermark is on every page.
    assert pages[0].startswith("DRAFT — not for posting")
    assert all(reason in pages[0] for reason in reasons)
    assert all("DRAFT" in page for page in pages)
    assert reader.metadata is not None and reader.metadata.title.startswith("DRAFT — ")
    final_pages = read(render_packet(dataclasses.replace(packet, problems=()),
                                     final=True))[1]
    assert not any("DRAFT" in page for page in final_pages)


def test_statewide_packet_300_members_60_lots_renders_with_progress() -> None:
    packet = synthetic_packet(members=300, lots=60)
    calls: list[tuple[int, int]] = []
    data = render_packet(packet, lambda done, total, _m: calls.append((done, total)))
    reader, pages = read(data)
    assert len(reader.pages) > 60  # a long document even with the compact exhibit B
    assert calls and calls[-1][0] == len(reader.pages)
    text = " ".join(pages)
    assert "Lot 60 — " in text
    assert packet.members[-1].name in text
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_progress_can_stop_the_rendering() -> None:
    class Stop(Exception):
        pass

    def stop(done: int, _total: int, _message: str) -> None:
        if done >= 3:
            raise Stop

    with pytest.raises(Stop):
        render_packet(synthetic_packet(members=40, lots=6), stop)


def test_exhibit_b_prints_long_item_codes_whole() -> None:
    """Issue #12 item 9: item codes such as CB-STU-116-CNV broke over two lines in the
    exhibit-by-member header."""
    packet = synthetic_packet(members=6, lots=1, lots_per_member=1)
    long_codes = ["CB-STU-116-CNV", "WLC-APPLIANCE", "AP-WIFI6E-OUT", "SW-CORE-48P-10G",
                  "DOC-CAM-4K-PRO"]
    lot = packet.lots[0]
    items = tuple(dataclasses.replace(item, item_code=code)
                  for item, code in zip(lot.items, long_codes, strict=False))
    packet = dataclasses.replace(packet, lots=(dataclasses.replace(lot, items=items),))
    reader = PdfReader(io.BytesIO(render_packet(packet)))
    text = "\n".join(line.strip() for page in reader.pages
                     for line in page.extract_text().splitlines())
    for item in items:
        code = item.item_code
        broken = [k for k in range(1, len(code)) if f"{code[:k]}\n{code[k:]}" in text]
        assert not broken, (code, broken)
