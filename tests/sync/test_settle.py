"""State → region sync settles (issue #11, hole 8): a region gets only what it may hold, so
nothing is held back, the bundle is acknowledged, and the next one carries nothing."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

from sqlalchemy import select
from sync_helpers import Factory, exchange_keys

from app.models import Member
from app.models.db import Store
from app.services.needs import create_need, set_status
from app.services.procurements import create_procurement
from app.sync.export import export_bundle
from app.sync.service import bundle_history, import_bundle


def confirmed_need(region: Store, number: int) -> tuple[str, int]:
    with region.transaction() as session:
        code = session.scalars(select(Member.code).where(Member.region == number)
                               .order_by(Member.code)).first()
        need = create_need(session, {"member": code, "item": "CB-STU-116", "quantity": "30"})
        set_status(session, need.uid, "confirmed", by="Ann")
    return code, need.funding_year


def lines(path: Path, name: str) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        if name not in archive.namelist():
            return []
        return [json.loads(line) for line in archive.read(name).splitlines()]


def test_state_bundle_settles_after_a_procurement(make_store: Factory, state_store: Store,
                                                  tmp_path: Path) -> None:
    r3, r4 = make_store("region", 3), make_store("region", 4)
    codes = {}
    for number, region in ((3, r3), (4, r4)):
        exchange_keys(region, state_store)
        codes[number], year = confirmed_need(region, number)
        import_bundle(state_store, export_bundle(region, tmp_path / f"r{number}.zip").path)
    with state_store.transaction() as session:
        create_procurement(session, title="Chromebooks", funding_year=year)
        ids = {u: c for u, c in session.execute(select(Member.uid, Member.code))}

    first = export_bundle(state_store, tmp_path / "s1.zip", to="region:3")
    participants = lines(first.path, "records/procurement_members.jsonl")
    assert [ids[p["member_uid"]] for p in participants] == [codes[3]]  # not Region 4's
    assignments = lines(first.path, "member_assignments.jsonl")
    assert {a["region"] for a in assignments} == {3}
    result = import_bundle(r3, first.path)
    assert result.refused == [] and result.counts["procurement_members"]["new"] == 1

    # The region's next bundle acknowledges it; the state's next one carries nothing.
    import_bundle(state_store, export_bundle(r3, tmp_path / f"{uuid.uuid4()}.zip").path)
    with state_store.session() as session:
        out = {b.bundle_uid: b for b in bundle_history(session) if b.direction == "out"}
    assert out[first.bundle_uid].acknowledged
    second = export_bundle(state_store, tmp_path / "s2.zip", to="region:3")
    assert second.counts == {}
    assert import_bundle(r3, second.path).refused == []


def test_a_moved_members_participant_line_follows_it(make_store: Factory, state_store: Store,
                                                     tmp_path: Path) -> None:
    from app.models import ProcurementMember
    from app.services.member_regions import move_member

    r3, r4 = make_store("region", 3), make_store("region", 4)
    for number, region in ((3, r3), (4, r4)):
        exchange_keys(region, state_store)
        code, year = confirmed_need(region, number)
        import_bundle(state_store, export_bundle(region, tmp_path / f"r{number}.zip").path)
    with state_store.transaction() as session:
        create_procurement(session, title="Chromebooks", funding_year=year)
    for number, region in ((3, r3), (4, r4)):
        import_bundle(region, export_bundle(state_store, tmp_path / f"s{number}.zip",
                                            to=f"region:{number}").path)
        import_bundle(state_store, export_bundle(region, tmp_path / f"a{number}.zip").path)
    with r3.session() as session:
        [moving] = session.scalars(select(Member.code).join(
            ProcurementMember, ProcurementMember.member_id == Member.id)).all()
    with state_store.transaction() as session:
        move_member(session, moving, 4)
    arrived = import_bundle(r4, export_bundle(state_store, tmp_path / "s4b.zip",
                                              to="region:4").path)
    assert arrived.refused == [] and arrived.counts["procurement_members"]["new"] == 1
    import_bundle(r3, export_bundle(state_store, tmp_path / "s3b.zip", to="region:3").path)
    with r3.session() as session:
        assert session.scalars(select(ProcurementMember)).all() == []
    with r4.session() as session:
        codes = set(session.scalars(select(Member.code).join(
            ProcurementMember, ProcurementMember.member_id == Member.id)))
    assert moving in codes and len(codes) == 2
