"""The bid packet's data from the store, its criteria and text edits, the print-time rules,
the vendors' pricing workbook, and the region needs summary."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from packet_samples import QUANTITIES, TRICKY, add_packet_samples
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import NotFoundError, UserError, ValidationError
from app.models import STATE_OWNER, CatalogItem, Member
from app.models.db import Store
from app.models.packet import EvaluationCriterion
from app.models.procurement import Procurement
from app.reports.packet.render import render_packet
from app.reports.region_summary import render_region_summary
from app.rules.packet_rules import PacketRefused
from app.services import packet_settings as ps
from app.services.packets import build_packet
from app.services.region_summary_data import region_summary
from app.services.tabular_pricing import write_pricing_form


@pytest.fixture
def ref(state_store: Store) -> str:
    return add_packet_samples(state_store)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_packet_data_from_the_procurement(state_store: Store, ref: str) -> None:
    with state_store.session() as session:
        packet = build_packet(session, ref)
    # A draft: 010 has no letter, no member has confirmed its E-rate figures, and none of
    # the facts a bidder needs is set yet.
    assert packet.problems == (
        "checklist: Letter of agency from every member (five elements, FY covered, signed "
        "before the 470) — 010: no letter of agency on file",
        "checklist: Members' NSLP/CEP and rural figures confirmed for FY2026 — discounts rest "
        "on unconfirmed figures of 3 member(s): 010 (38 of 38 schools); 600 (185 of 185 "
        "schools); 920 (198 of 198 schools)",
        "the FCC Form 470 number is not set (packet fact form470_number)",
        "the contact's e-mail is not set (packet fact contact_email)",
        "the contact's phone is not set (packet fact contact_phone)",
        "the time bids are due is not set (packet fact bid_due_time)",
        "where formal bids are opened is not set (packet fact opening_place)")
    assert packet.erate and packet.federal
    assert [m.code for m in packet.members] == ["010", "600", "920"]
    by_code = {m.code: m for m in packet.members}
    assert by_code["600"].name == TRICKY
    assert by_code["920"].loa_ok and by_code["920"].loa_official == "Pat Official"
    assert by_code["920"].loa_years == "FY2026–FY2028"
    assert not by_code["010"].loa_ok and by_code["010"].loa_problems
    lines = {i.item_code: i for i in packet.lot_lines}
    assert lines["AP-WIFI6-IN"].quantity == Decimal(170)
    assert lines["CB-STU-116"].quantity == Decimal(1275)
    assert lines["AP-WIFI6-IN"].erate_category == "C2" and lines["AP-WIFI6-IN"].spec
    cells = {(c.member_code, c.line): c.quantity for c in packet.member_quantities}
    wifi = lines["AP-WIFI6-IN"].line
    assert cells[("920", wifi)] == 100 and cells[("600", wifi)] == 20
    regions = packet.region_quantities()[wifi]
    assert sum(regions.values()) == 170
    labels = [s.label for s in packet.schedule]
    assert "Bids due / opening" in labels and "Allowable contract date" in labels
    consortium = packet.section("consortium")
    assert consortium is not None and "{" not in consortium.text
    assert ref in consortium.text and "3 participating members" in consortium.text


def test_rendered_packet_shows_members_quantities_and_exact_names(state_store: Store,
                                                                  ref: str) -> None:
    with state_store.session() as session:
        packet = build_packet(session, ref)
    text = pdf_text(render_packet(packet))
    assert TRICKY in text
    for quantity in QUANTITIES.values():
        assert quantity in text
    for title in ("The consortium and its purpose", "Schedule", "Instructions to bidders",
                  "Scope and specifications", "Aggregated quantities",
                  "Line-item pricing form", "Evaluation criteria and weights",
                  "Required forms and certifications", "E-Verify affidavit",
                  "Iran Divestment Act certification", "E-rate terms",
                  "Federal certifications", "Terms and conditions",
                  "Participating members and letters of agency", "Bidder's signature page"):
        assert title in text, title


def test_criteria_default_set_and_validation(state_store: Store, ref: str) -> None:
    with state_store.transaction() as session:
        rows, default = ps.list_criteria(session, ref)
        assert default and rows == list(ps.DEFAULT_CRITERIA)
        ps.set_criteria(session, ref, [
            {"name": "Price", "weight": "50", "is_price_of_eligible": True},
            {"name": "Fit", "weight": 30}, {"name": "References", "weight": 20}])
        rows, default = ps.list_criteria(session, ref)
        assert not default and [(r.name, r.weight) for r in rows] == [
            ("Price", 50), ("Fit", 30), ("References", 20)]
        ps.set_criteria(session, ref, [{"name": "Price", "weight": 60,
                                        "is_price_of_eligible": "yes"},
                                       {"name": "Fit", "weight": 40}])
        assert len(ps.list_criteria(session, ref)[0]) == 2
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        ps.set_criteria(session, ref, [{"name": "A", "weight": 0}, {"name": "a", "weight": 5},
                                       {"name": "", "weight": "x"}])
    message = str(caught.value)
    assert "criterion 1 weight" in message and "listed twice" in message
    assert "criterion 3 name" in message


def test_bad_weights_are_refused_when_set_and_nothing_is_stored(state_store: Store,
                                                                ref: str) -> None:
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        ps.set_criteria(session, ref, [
            {"name": "Price of eligible items", "weight": 50, "is_price_of_eligible": True},
            {"name": "Understanding of needs", "weight": 50}])
    assert "'Understanding of needs' (50) equals" in str(caught.value)
    # The set: totals 100 but price (30) does not outweigh technical fit (40).
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        ps.set_criteria(session, ref, [
            {"name": "Price", "weight": 30, "is_price_of_eligible": True},
            {"name": "Technical fit", "weight": 40}, {"name": "Experience", "weight": 30}])
    assert "'Technical fit' (40) outweighs" in str(caught.value)
    with pytest.raises(ValidationError, match="total 110, not 100"), \
            state_store.transaction() as session:
        ps.set_criteria(session, ref, [
            {"name": "Price", "weight": 40, "is_price_of_eligible": True},
            {"name": "Technical fit", "weight": 35}, {"name": "Experience", "weight": 35}])
    with state_store.session() as session:
        assert ps.list_criteria(session, ref)[1]  # still the defaults: nothing stored


def test_weights_stored_before_the_check_draft_the_packet_and_shares_add_up(
        state_store: Store, ref: str) -> None:
    """Weights of 110 saved by an older version: the packet names them as a reason it is a
    draft, and its share column sums to the total it prints."""
    with state_store.transaction() as session:
        procurement = session.scalar(select(Procurement).where(Procurement.ref == ref))
        # The case: rounded one by one the shares were 36 + 36 + 27 = 99 %.
        for order, (name, weight) in enumerate((("Price", 40), ("Technical fit", 40),
                                                ("Experience", 30))):
            session.add(EvaluationCriterion(procurement=procurement, name=name, weight=weight,
                                            is_price_of_eligible=order == 0, order=order,
                                            owner=STATE_OWNER))
    with state_store.session() as session:
        packet = build_packet(session, ref)
    assert any("weights total 110, not 100" in p for p in packet.problems)
    with pytest.raises(PacketRefused, match="total 110"):
        render_packet(packet, final=True)
    text = pdf_text(render_packet(packet))
    table = re.search(r"Price.*?Total 110 (\d+) %", text)
    assert table is not None and table.group(1) == "100"
    printed = [int(x) for x in re.findall(r"(?:Price|Technical fit|Experience) (?:\(.*?\) )?"
                                          r"\d+ (\d+) %", table.group(0))]
    assert printed == [37, 36, 27] and sum(printed) == 100


def test_brand_name_in_a_specification_refuses_the_packet(state_store: Store,
                                                          ref: str) -> None:
    with state_store.transaction() as session:
        item = session.scalar(select(CatalogItem).where(CatalogItem.code == "AP-WIFI6-IN"))
        item.spec = "Cisco Meraki MR46, cloud managed."
    with state_store.session() as session:
        problems = build_packet(session, ref).problems
    brands = [p for p in problems if "names" in p]
    assert len(brands) == 1
    assert "(AP-WIFI6-IN) specification names 'Cisco', 'Meraki'" in brands[0]
    with state_store.transaction() as session:
        item = session.scalar(select(CatalogItem).where(CatalogItem.code == "AP-WIFI6-IN"))
        item.spec = "Cisco Meraki MR46 or equivalent, cloud managed."
    with state_store.session() as session:
        assert not [p for p in build_packet(session, ref).problems if "names" in p]


def test_section_override_placeholders_and_reset(state_store: Store, ref: str) -> None:
    with state_store.transaction() as session:
        ps.set_section_text(session, ref, "terms", "## Venue\n\nCourts of {procurement_ref}; "
                                                   "literal {{braces}}.")
        ps.set_fact(session, ref, "form470_number", "260012345")
    with state_store.session() as session:
        packet = build_packet(session, ref)
    terms = packet.section("terms")
    assert terms is not None and terms.overridden
    assert terms.text == f"## Venue\n\nCourts of {ref}; literal {{braces}}."
    assert packet.form470_number == "260012345"
    with pytest.raises(ValidationError, match=r"unknown placeholder\(s\) \{bidder\}"), \
            state_store.transaction() as session:
        ps.set_section_text(session, ref, "terms", "Dear {bidder}")
    with pytest.raises(UserError, match="digits only"), state_store.transaction() as session:
        ps.set_fact(session, ref, "form470_number", "12-34")
    with pytest.raises(NotFoundError), state_store.transaction() as session:
        ps.set_section_text(session, ref, "nonsense", "x")
    with state_store.transaction() as session:
        ps.set_section_text(session, ref, "terms", None)
    with state_store.session() as session:
        terms = build_packet(session, ref).section("terms")
    assert terms is not None and not terms.overridden and "Governing law" in terms.text


def test_regions_cannot_edit_packets(region3_store: Store) -> None:
    with pytest.raises(UserError, match="state coordinator"), \
            region3_store.transaction() as session:
        ps.set_section_text(session, "P2026-001", "terms", "x")


def test_pricing_form_has_locked_formulas_and_unlocked_price_cells(state_store: Store,
                                                                   ref: str,
                                                                   tmp_path: Path) -> None:
    with state_store.session() as session:
        packet = build_packet(session, ref)
    path = tmp_path / "pricing.xlsx"
    assert write_pricing_form(packet, path) == len(packet.lot_lines)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Instructions", "Pricing", "Lot totals", "Volume tiers",
                               "_form"]
    sheet = book["Pricing"]
    assert sheet.protection.sheet
    header = [c.value for c in sheet[5]]
    col = {name: i + 1 for i, name in enumerate(header)}
    rows = list(range(6, 6 + len(packet.lot_lines)))
    for row in rows:
        extended = sheet.cell(row, col["Extended price"])
        assert str(extended.value).startswith("=IF(") and extended.protection.locked
        assert sheet.cell(row, col["Unit price (USD)"]).protection.locked is False
        assert sheet.cell(row, col["Quantity"]).protection.locked
    quantities = {sheet.cell(r, col["Item"]).value: sheet.cell(r, col["Quantity"]).value
                  for r in rows}
    assert quantities == {"AP-WIFI6-IN": 170, "CB-STU-116": 1275}
    assert book["_form"]["B3"].value == ref and book["_form"].sheet_state == "hidden"
    with pytest.raises(UserError, match=r"\*\.xlsx"):
        write_pricing_form(packet, tmp_path / "pricing.csv")


def test_region_summary(state_store: Store, ref: str) -> None:
    with state_store.session() as session:
        region = session.scalar(select(Member.region).where(Member.code == "920"))
        summary = region_summary(session, region, 2026)
        with pytest.raises(NotFoundError):
            region_summary(session, 9)
    assert summary.region_label.startswith(f"Region {region}")
    rows = {m.code: m for m in summary.members}
    wake = rows["920"]
    assert (wake.confirmed_lines, wake.draft_lines) == (2, 0)
    assert wake.confirmed_amount == Decimal("350000.00")  # 100 × 650 + 1000 × 285
    assert wake.status == "All confirmed"
    assert all(m.status == "No needs" for m in summary.members
               if m.code not in ("920", "010", "600"))
    text = pdf_text(render_region_summary(summary))
    assert f"Needs summary — Region {region}" in text and "By category" in text
    assert "$350,000.00" in text and "Page 1 of" in text


def test_a_questions_date_set_for_the_packet_is_the_schedules_and_the_texts(
        state_store: Store, ref: str) -> None:
    """Issue #14: the text said 2026-01-27 while the schedule said Sat 31 Jan. The fact is
    now a date that goes through the calendar, which both print from."""
    with pytest.raises(ValidationError, match="is not a date"), \
            state_store.transaction() as session:
        ps.set_fact(session, ref, "question_deadline", "end of November")
    with state_store.transaction() as session:
        # Sat 29 Nov 2025 → Fri 28 Nov is the day after Thanksgiving → Wed 26 Nov.
        ps.set_fact(session, ref, "question_deadline", "11/29/2025")
    with state_store.session() as session:
        packet = build_packet(session, ref)
    item = next(s for s in packet.schedule if s.label == "Written questions close")
    assert item.on == date(2025, 11, 26) and "moved from Sat 29 Nov 2025" in item.note
    schedule, instructions = packet.section("schedule"), packet.section("instructions")
    assert schedule is not None and instructions is not None
    assert "until **Wednesday, 26 November 2025**" in schedule.text
    assert "by Wednesday, 26 November 2025" in instructions.text


def test_the_users_holiday_list_moves_the_packets_deadlines(state_store: Store, ref: str,
                                                            tmp_path: Path) -> None:
    """Holidays are data: a list installed in the data folder replaces the shipped one and
    the calendar (and so the packet) follows it."""
    from app.services.holidays import install_holidays

    def questions() -> date | None:
        with state_store.session() as session:
            packet = build_packet(session, ref)
        return next(s.on for s in packet.schedule if s.label == "Written questions close")

    assert questions() == date(2025, 11, 26)  # Fri 28 Nov (shipped holiday) → Wed 26 Nov
    own = tmp_path / "holidays.csv"
    own.write_text("date,holiday\n2025-11-26,Consortium closure\n2025-11-27,Thanksgiving\n"
                   "2025-11-28,Day after Thanksgiving\n", encoding="utf-8")
    with state_store.session() as session:
        install_holidays(session, own)
    assert questions() == date(2025, 11, 25)


def test_member_exhibit_marks_unconfirmed_figures(state_store: Store, ref: str) -> None:
    from app.services.figures import confirm_figures

    with state_store.transaction() as session:
        confirm_figures(session, "920", 2026, "Pat Official")
    with state_store.session() as session:
        packet = build_packet(session, ref)
    by_code = {m.code: m for m in packet.members}
    assert by_code["920"].figures_confirmed and by_code["920"].unconfirmed_schools == 0
    assert not by_code["010"].figures_confirmed and by_code["010"].unconfirmed_schools > 0
    text = pdf_text(render_packet(packet))
    assert "† 2 member(s) have not yet confirmed their E-rate figures" in text
    assert "FY2026" in text
