"""A member's award letter built from the stored allocation: the same figures as
`list_allocations`, one funding request per vendor contract and E-rate category, the
over-budget flag, a member that joined later (piggyback), and the PDF as a reader sees it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import UserError
from app.models import CatalogItem, Member, Need
from app.models.allocation import PiggybackJoin
from app.reports.award_letter import over_budget_sentence
from app.services.allocation import allocate, list_allocations
from app.services.award_letters import award_letter, award_letter_pdf, write_letters
from app.services.erate import find_procurement
from app.services.packet_settings import set_fact

TODAY = date(2026, 3, 20)


def _allocated(store) -> None:  # noqa: ANN001
    with store.transaction() as session:
        allocate(session, REF)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letter_carries_the_allocation_figures(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    _allocated(state_store)
    with state_store.session() as session:
        stored = list_allocations(session, REF, "010")
        letter = award_letter(session, REF, "010", TODAY)
    assert (letter.member_code, letter.member_name) == ("010", "Alamance-Burlington Schools")
    assert letter.region == "Region 5 (Piedmont-Triad)"
    assert [(v.vendor, v.contract) for v in letter.vendors] == [
        ("Blue Ridge Technology LLC", "NC-2026-001"), ("Acme Networks Inc", "NC-2026-002")]
    assert letter.vendors[0].contract_signed_on == date(2026, 3, 12)
    lines = {x.line: x for x in letter.lines}
    for a in stored:
        x = lines[a.line]
        assert (x.quantity, x.unit_price, x.own_unit_price, x.amount, x.savings,
                x.erate_share, x.member_share, x.over_budget) == (
            a.quantity, a.unit_price, a.own_unit_price, a.amount, a.savings, a.erate_share,
            a.member_share, a.over_budget)
    assert letter.amount == sum(a.amount for a in stored)
    assert letter.savings == sum(a.savings for a in stored)
    assert letter.erate_share == sum(a.erate_share for a in stored)
    assert letter.member_share == letter.amount - letter.erate_share
    assert letter.over_budget == 0 and letter.form470_number == ""
    # Installation has no preference: the lowest evaluated awarded vendor, said so.
    assert lines["1.2"].how_chosen == "lowest evaluated awarded vendor"
    assert lines["1.1"].how_chosen == ""  # its preferred vendor


def test_one_funding_request_per_contract_and_category(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    _allocated(state_store)
    with state_store.session() as session:
        letter = award_letter(session, REF, "010", TODAY)
    # Blue Ridge's contract: the access points and the installation (both C2) in one
    # request; Acme's Chromebooks are not E-rate eligible: no request.
    requests = letter.funding_requests
    assert [(f.number, f.vendor, f.contract, f.category) for f in requests] == [
        (1, "Blue Ridge Technology LLC", "NC-2026-001", "C2")]
    c2 = [x for x in letter.lines if x.erate_category == "C2"]
    assert requests[0].pre_discount == sum(x.amount for x in c2)
    assert requests[0].erate_share == letter.erate_share
    assert requests[0].discount == letter.discounts["C2"] > 0


def test_category_2_beyond_the_budget_is_flagged(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    _allocated(state_store)
    with state_store.transaction() as session:
        set_fact(session, REF, "form470_number", "261000123")
    with state_store.session() as session:
        stored = list_allocations(session, REF, "01B")
        letter = award_letter(session, REF, "01B", TODAY)
        pdf = award_letter_pdf(session, REF, "01B", TODAY)
    over = sum(a.over_budget for a in stored)
    assert letter.over_budget == over > 0
    request = letter.funding_requests[0]
    assert request.over_budget == over and request.eligible == request.pre_discount - over
    text = _text(pdf)
    assert over_budget_sentence(letter) in text
    assert f"${over:,.2f} of Category 2 is beyond your remaining budget" in text
    for expected in ("River Mill Academy", "NC-2026-001", "NC-2026-002", "143012345",
                     "261000123", "For your Form 471",
                     "lowest evaluated: your preferred vendor Dell was not awarded"):
        assert expected in text, expected


def test_the_pdf_says_when_the_form_470_number_is_not_recorded(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    _allocated(state_store)
    with state_store.session() as session:
        text = _text(award_letter_pdf(session, REF, "010", TODAY))
    assert "Alamance-Burlington Schools" in text and "Blue Ridge Technology LLC" in text
    assert "Form 470 number not recorded" in text
    assert "beyond your remaining budget" not in text


def test_a_member_that_joined_later_gets_a_letter_without_e_rate(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        member = session.scalars(select(Member).where(Member.code == "020")).one()
        item = session.scalars(select(CatalogItem).where(CatalogItem.code == "AP-WIFI6-IN")
                               ).one()
        session.add(Need(member=member, item=item, description=item.name, unit=item.unit,
                         quantity=Decimal(20), unit_price=item.reference_price,
                         funding_year=2026, funding_sources="erate,local", status="confirmed",
                         confirmed_by="Bo", owner=member.owner,
                         confirmed_at=datetime(2026, 4, 1, tzinfo=UTC)))
        session.add(PiggybackJoin(procurement=find_procurement(session, REF), member=member,
                                  notice_on=date(2026, 4, 1), board_approved_on=date(2026, 4, 14),
                                  joined_on=date(2026, 4, 15), owner="state"))
        session.flush()
        allocate(session, REF)
    with state_store.session() as session:
        letter = award_letter(session, REF, "020", TODAY)
        text = _text(award_letter_pdf(session, REF, "020", TODAY))
    assert letter.piggyback and letter.erate_share == 0 and letter.funding_requests == ()
    assert letter.piggyback_joined_on == date(2026, 4, 15)
    assert "G.S. 143-129(g)" in text and "no E-rate" in text
    assert "No funding request" in text


def test_refused_when_nothing_is_allocated(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    with state_store.session() as session:
        with pytest.raises(UserError, match="nothing is allocated to member 010"):
            award_letter(session, REF, "010")
        with pytest.raises(UserError, match="No member with code 'ZZZ'"):
            award_letter(session, REF, "ZZZ")
        with pytest.raises(UserError, match="nothing is allocated"):
            write_letters(session, REF, tmp_path)
    assert not list(tmp_path.glob("*.pdf"))


def test_write_letters_one_pdf_per_member(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    awarded_scenario(state_store, tmp_path)
    _allocated(state_store)
    out = tmp_path / "letters"
    out.mkdir()
    with state_store.session() as session:
        written = write_letters(session, REF, out, today=TODAY)
        assert write_letters(session, REF, out, region=5, today=TODAY) == written
        with pytest.raises(UserError, match="nothing is allocated to members of region 3"):
            write_letters(session, REF, out, region=3)
    assert [p.name for p in written] == [f"award-letter-{REF}-010.pdf",
                                         f"award-letter-{REF}-01B.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
