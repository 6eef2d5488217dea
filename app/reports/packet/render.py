"""Put the bid packet together: cover, contents, numbered sections with bookmarks, running
header and "page X of Y", document metadata. Returns the PDF as bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.platypus import NextPageTemplate, PageBreak, Spacer

from app.reports.document import (
    Heading,
    OutlinedDocTemplate,
    ProgressFn,
    TocPlaceholder,
    estimate_pages,
    packet_canvas,
    toc_pages_needed,
)
from app.reports.packet import exhibit, tables
from app.reports.packet import sections as sec
from app.reports.packet.dto import SECTION_TITLES, BidPacket, Section
from app.reports.styles import register_fonts
from app.rules.packet_rules import PacketRefused

# Sections whose text continues the one before (their `## ` subsections carry on its
# numbering) rather than starting a numbered section of their own.
CONTINUES = {"forms_erate": "forms", "forms_federal": "forms", "terms_federal": "terms"}
Extra = Callable[[sec.Ctx, int], list[Any]]
# Tables drawn from data before a section's text.
BEFORE_TEXT: dict[str, list[Extra]] = {
    "evaluation": [lambda ctx, _n: sec.criteria_table(ctx)],
}
# Tables drawn from data after a section's text.
AFTER_TEXT: dict[str, list[Extra]] = {
    "consortium": [lambda ctx, _n: sec.consortium_facts(ctx)],
    "schedule": [lambda ctx, _n: sec.schedule_table(ctx)],
    "scope": [tables.scope_lots],
    "quantities": [tables.demand_chart, tables.quantity_summary, tables.exhibit_by_region,
                   exhibit.exhibit_by_member],
    "pricing": [tables.pricing_form],
    "evaluation": [lambda ctx, _n: sec.award_table(ctx)],
    "members": [lambda ctx, _n: sec.members_table(ctx)],
}
DRAFT = "DRAFT"


def included_sections(packet: BidPacket) -> list[Section]:
    """The packet's sections that apply: E-rate terms only with E-rate money, federal
    certifications and Appendix II clauses only with federal money."""
    out = []
    for section in packet.sections:
        if section.key == "forms_erate" and not packet.erate:
            continue
        if section.key in ("forms_federal", "terms_federal") and not packet.federal:
            continue
        out.append(section)
    return out


def section_numbers(sections: list[Section]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for section in sections:
        parent = CONTINUES.get(section.key)
        if parent is not None and parent in numbers:
            numbers[section.key] = numbers[parent]
        else:
            numbers[section.key] = max(numbers.values(), default=0) + 1
    return numbers


def body_story(packet: BidPacket, width: float) -> list[Any]:
    """Every numbered section, in order (no cover, no contents)."""
    sections = included_sections(packet)
    ctx = sec.Ctx(packet, width, section_numbers(sections))
    story: list[Any] = []
    for section in sections:
        number = ctx.numbers[section.key]
        continued = section.key in CONTINUES and CONTINUES[section.key] in ctx.numbers
        if not continued:
            story.append(PageBreak())
            story.extend(sec.section_heading(ctx, section))
        for extra in BEFORE_TEXT.get(section.key, []):
            story.extend(extra(ctx, number))
        story.extend(sec.text_flowables(ctx, number, section.text))
        for extra in AFTER_TEXT.get(section.key, []):
            story.extend(extra(ctx, number))
    return story


def headings(flowables: list[Any]) -> list[Heading]:
    """Every Heading in the story, including those inside KeepTogether blocks."""
    out: list[Heading] = []
    for flowable in flowables:
        if isinstance(flowable, Heading):
            out.append(flowable)
        elif isinstance(getattr(flowable, "_content", None), list):
            out.extend(headings(flowable._content))
    return out


def metadata(packet: BidPacket) -> dict[str, str]:
    return {"title": ("" if packet.is_final else "DRAFT — ")
            + f"{packet.title} — bid packet {packet.ref}",
            "author": packet.author or packet.lead_name or packet.consortium_name,
            "subject": f"Request for bids {packet.ref}, funding year {packet.funding_year}: "
                       f"{len(packet.lots)} lots for {len(packet.members)} members of the "
                       f"{packet.consortium_name}",
            "creator": "Consortium Buying",
            "keywords": "bid packet, RFP" + (", E-rate, FCC Form 470" if packet.erate else "")}


def render_packet(packet: BidPacket, progress: ProgressFn | None = None, *,
                  final: bool = False) -> bytes:
    """The packet as PDF bytes. A packet with problems prints as a DRAFT (a watermark on
    every page, a first page listing every reason); asked for as `final` it is refused
    (PacketRefused, every reason named). `progress(done, total, message)` is called per
    page and may raise to stop."""
    if final and packet.problems:
        raise PacketRefused(packet.problems)
    draft = not packet.is_final
    register_fonts()
    buffer = io.BytesIO()
    # Exhibit B takes about two rows per member, however many lines each takes.
    rows = 3 * len(packet.members) + 3 * len(packet.lot_lines) + 4 * len(packet.lots)
    doc = OutlinedDocTemplate(
        buffer, header_left=f"{packet.ref} · {packet.title}",
        header_right=packet.consortium_name, progress=progress,
        estimated_pages=estimate_pages(rows) + 2 * len(SECTION_TITLES), **metadata(packet))
    width = doc.width - 12  # the frame pads its content by 6 pt on each side
    body = body_story(packet, width)
    levels = [h.outline_level for h in headings(body) if h.in_toc]
    toc: list[Any] = []
    for _ in range(toc_pages_needed(levels, doc.frame_height)):
        toc += [TocPlaceholder(), Spacer(1, 1), PageBreak()]
    notice = sec.draft_notice(sec.Ctx(packet, width)) if draft else []
    story = [*notice, *sec.cover(sec.Ctx(packet, width)), NextPageTemplate("body"),
             PageBreak(), *toc[:-1], *body]
    footer = f"{packet.consortium_name} · {packet.ref}" + (" · DRAFT" if draft else "")
    doc.build(story, canvasmaker=packet_canvas(footer, DRAFT if draft else ""))
    if progress is not None:
        progress(doc.page, doc.page, f"Wrote {doc.page} pages")
    return buffer.getvalue()
