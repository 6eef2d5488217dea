"""Issue #16's "done when", on the statewide demo continuing from the tabulation: the packet's
bases give two multi-awarded lots and single awards on the others; every participating
member's confirmed lines are allocated, to its preferred vendor wherever that vendor won;
member 630's award letter and the statewide savings summary are generated; a member whose
Category 2 goes beyond its remaining budget has its E-rate share capped and flagged; and
Region 4 imports the state's bundle and prints its members' award letters with the state's
figures.

Region 4 runs the same demo as the state (the demo makes the same members and lines on
every instance), and types one more line at a meeting: a small charter's order of access
points far beyond its five-year Category 2 budget, sent to the state before the procurement
is planned."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from demo_samples import dated_procurement
from pypdf import PdfReader
from sqlalchemy import func, select
from sync_helpers import exchange_keys

from app.models import CatalogItem, Member, Need, School
from app.models.db import Store
from app.models.migrate import upgrade
from app.models.procurement import Lot, LotItem, ProcurementMember
from app.reports.savings_summary import render_board_summary
from app.rules.allocation import NOT_AWARDED, PREFERRED
from app.rules.compliance import normalise_name
from app.services import packet_settings as ps
from app.services.allocation import AllocatedLine, allocate, list_allocations
from app.services.award import list_awards
from app.services.award_letters import award_letter, award_letter_pdf, write_letters
from app.services.demo import fill_demo
from app.services.demo_award import demo_award
from app.services.demo_bids import demo_bids
from app.services.erate import c2_budgets_left, find_procurement, year_params
from app.services.instance import init_instance
from app.services.needs import create_need, set_status
from app.services.savings import board_summary, savings_report
from app.sync.export import export_bundle
from app.sync.service import import_bundle

TODAY = date(2026, 2, 2)
AP = "Wireless access point, Wi-Fi 6, indoor"


@dataclass
class World:
    state: Store
    region: Store
    ref: str
    over_member: str
    root: Path


def _store(folder: Path, role: str, region: int | None) -> Store:
    store = Store.for_data_dir(folder)
    upgrade(store)
    init_instance(store, role, region, "Dana Whitfield" if role == "state" else "Ray Oxendine")
    fill_demo(store, seed=1)
    return store


def _small_charter(session) -> Member:  # noqa: ANN001
    """Region 4's charter with the fewest students (one school): a small C2 budget."""
    return session.scalars(
        select(Member).join(School, School.member_id == Member.id)
        .where(Member.region == 4, Member.kind == "charter")
        .group_by(Member.id).having(func.count(School.id) == 1)
        .order_by(func.sum(School.students), Member.code)).first()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("award-done-when")
    state = _store(root / "state", "state", None)
    region = _store(root / "region4", "region", 4)
    exchange_keys(region, state)
    with region.transaction() as session:  # typed at a Region 4 meeting
        member = _small_charter(session)
        item = session.scalars(select(CatalogItem).where(CatalogItem.name == AP)).one()
        need = create_need(session, {"member": member.code, "item": item.code,
                                     "quantity": "900", "funding_year": "2026",
                                     "preferred_vendor": "Piedmont Technology Group"})
        set_status(session, need.uid, "confirmed", by="Ray Oxendine")
        over_member = member.code
    sent = import_bundle(state, export_bundle(region, root / "r4.zip").path)
    assert sent.totals()["refused"] == 0
    ref = dated_procurement(state)
    with state.transaction() as session:
        ps.set_fact(session, ref, "form470_number", "261000456")
    with state.transaction() as session:  # the tabulation's demo, then the award's
        demo_bids(session, ref, root / "returned")
    with state.transaction() as session:
        demo_award(session, ref)
    with state.transaction() as session:
        allocate(session, ref)
    yield World(state, region, ref, over_member, root)
    state.dispose()
    region.dispose()


def _lines(store: Store, ref: str, member: str | None = None) -> list[AllocatedLine]:
    with store.session() as session:
        return list_allocations(session, ref, member)


def test_two_lots_multi_awarded_the_others_single_by_the_packets_basis(world: World) -> None:
    with world.state.session() as session:
        awards = list_awards(session, world.ref)
        _default, per_lot = ps.award_bases(session, world.ref)
    vendors: dict[int, set[str]] = {}
    for award in awards:
        vendors.setdefault(award.lot, set()).add(award.vendor or "")
    assert {lot for lot, names in vendors.items() if len(names) > 1} == {1, 2}
    assert all(len(vendors[lot]) == 1 for lot in vendors if lot not in (1, 2))
    assert len(vendors) == 7  # every lot decided: two multiple awards, five single
    assert {a.lot: a.basis for a in awards if a.lot in (1, 2)} == {
        lot: per_lot[lot].text for lot in (1, 2)}


def test_every_participating_members_lines_are_allocated_preferred_where_it_won(
        world: World) -> None:
    lines = _lines(world.state, world.ref)
    with world.state.session() as session:
        procurement = find_procurement(session, world.ref)
        items = select(LotItem.item_id).join(Lot).where(Lot.procurement_id == procurement.id)
        members = select(ProcurementMember.member_id).where(
            ProcurementMember.procurement_id == procurement.id)
        confirmed = session.scalar(select(func.count()).select_from(Need).where(
            Need.deleted.is_(False), Need.status == "confirmed", Need.funding_year == 2026,
            Need.item_id.in_(items), Need.member_id.in_(members)))
        preferred = {i: v for i, v in session.execute(select(Need.id, Need.preferred_vendor))}
        awarded = {(a.lot, normalise_name(a.vendor or "")) for a in list_awards(session,
                                                                                 world.ref)}
    assert len(lines) == confirmed > 400
    assert all(a.how != NOT_AWARDED and a.vendor for a in lines)
    kept = 0
    with world.state.session() as session:
        for row in _allocation_rows(session):
            wanted = normalise_name(preferred[row.need_id])
            lot = row.lot_item.lot.number
            if (lot, wanted) in awarded:  # its preferred vendor won this lot
                assert row.how == PREFERRED and normalise_name(row.award.vendor.name) == wanted
                kept += 1
    assert kept >= 20  # members of both demo bidders keep them


def _allocation_rows(session):  # noqa: ANN001, ANN202
    from app.models.allocation import Allocation

    return list(session.scalars(select(Allocation).where(Allocation.deleted.is_(False))))


def test_the_over_budget_member_is_capped_and_flagged(world: World) -> None:
    over = [a for a in _lines(world.state, world.ref, world.over_member) if a.over_budget > 0]
    assert len(over) == 1
    line = over[0]
    with world.state.session() as session:
        procurement = find_procurement(session, world.ref)
        member = session.scalars(select(Member).where(Member.code == world.over_member)).one()
        left = c2_budgets_left(session, procurement, year_params(session, 2026),
                               [member.id])[member.id].remaining
        earlier = sum((a.eligible for a in _lines(world.state, world.ref, world.over_member)
                       if a.erate_category == "C2" and a is not line
                       and (a.lot, a.line) < (line.lot, line.line)), Decimal(0))
        letter = award_letter(session, world.ref, world.over_member, TODAY)
        pdf = award_letter_pdf(session, world.ref, world.over_member, TODAY)
    assert line.eligible == left - earlier  # what the budget still covers
    assert line.over_budget == line.amount - line.eligible
    assert line.erate_share == (line.eligible * line.discount / 100).quantize(Decimal("0.01"))
    assert letter.over_budget == line.over_budget
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "beyond your remaining budget" in " ".join(text.split())


def test_history_tells_the_meeting_lines_story_to_its_award(world: World) -> None:
    """Issue #17 (history): the line typed at Region 4's meeting, on the state, arrived in
    Region 4's bundle and was allocated to a vendor under its contract."""
    from app.services.history import history

    with world.state.session() as session:
        member = session.scalars(select(Member).where(Member.code == world.over_member)).one()
        need = session.scalars(select(Need).where(Need.member_id == member.id,
                                                  Need.quantity == 900)).one()
        story = history(session, record_uid=need.uid)
        awarded = [a for a in list_awards(session, world.ref) if a.vendor]
    assert [(e.action, e.where, e.entity) for e in story] == [
        ("arrived (new)", "bundle from Region 4", "needs"),
        ("created", "this instance", "allocations")]
    assert story[0].record == f"need {world.over_member} · {AP}"
    allocated = story[1].record
    assert any(f"→ {a.vendor} under contract {a.contract}" in allocated for a in awarded)


def test_member_630s_letter_and_the_statewide_savings_summary(world: World) -> None:
    with world.state.session() as session:
        pdf = award_letter_pdf(session, world.ref, "630", TODAY)
        report = savings_report(session)
        summary = render_board_summary(board_summary(session, report))
    (world.root / "award-letter-630.pdf").write_bytes(pdf)
    (world.root / "savings-summary.pdf").write_bytes(summary)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    for words in ("Moore County Schools", "261000456", "For your Form 471",
                  f"NC-{world.ref}-L"):
        assert words in text, words
    for line in _lines(world.state, world.ref, "630"):
        assert line.vendor_498 in text and line.contract in text
    assert len(PdfReader(io.BytesIO(summary)).pages) == 1
    assert report.statewide.savings > 0 and report.statewide.members > 200


def test_region_4_imports_the_states_bundle_and_prints_its_members_letters(
        world: World) -> None:
    result = import_bundle(world.region, export_bundle(
        world.state, world.root / "to-r4.zip", to="region:4").path)
    assert result.totals()["refused"] == 0, [r.as_json() for r in result.refused][:3]
    on_state = [a for a in _lines(world.state, world.ref) if a.region == 4]
    assert _lines(world.region, world.ref) == on_state
    folder = world.root / "meeting"
    folder.mkdir()
    with world.region.session() as session:
        written = write_letters(session, world.ref, folder, region=4, today=TODAY)
        here = award_letter(session, world.ref, "630", TODAY)
    with world.state.session() as session:
        assert here == award_letter(session, world.ref, "630", TODAY)
    assert {p.name for p in written} == {f"award-letter-{world.ref}-{code}.pdf"
                                         for code in {a.member_code for a in on_state}}
    assert f"award-letter-{world.ref}-630.pdf" in {p.name for p in written}
    assert f"award-letter-{world.ref}-{world.over_member}.pdf" in {p.name for p in written}
