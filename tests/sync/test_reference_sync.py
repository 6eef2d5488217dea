"""Members and schools loaded from reference data on both sides are the same records: a
region's edit of one of its schools reaches the state as an update, not a second copy."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sync_helpers import Factory, exchange_keys

from app.models import Member, School
from app.models.db import Store
from app.services.schools import edit_school
from app.sync.export import export_bundle
from app.sync.service import import_bundle


def test_a_regions_edit_of_a_reference_school_updates_the_states_copy(
        make_store: Factory, state_store: Store, tmp_path: Path) -> None:
    region = make_store("region", 4)
    exchange_keys(region, state_store)
    with region.session() as session:
        school = session.scalars(select(School).join(Member).where(Member.code == "630")
                                 .order_by(School.code)).first()
        assert school is not None
        code, uid = school.code, school.uid
    with region.transaction() as session:
        edit_school(session, code, {"nslp_eligible": "123", "rural": "yes"})
    result = import_bundle(state_store, export_bundle(region, tmp_path / "r4.zip").path)

    assert result.counts["schools"]["updated"] == 1, result.counts["schools"]
    assert result.counts["schools"]["new"] == 0
    assert result.counts["schools"]["conflicts"] == 0
    with state_store.session() as session:
        copies = session.scalar(select(func.count()).select_from(School)
                                .where(School.code == code))
        school = session.scalar(select(School).where(School.uid == uid))
        assert copies == 1
        assert school is not None and school.nslp_eligible == 123 and school.rural is True


def test_a_reference_update_reaches_the_regions_like_any_state_edit(
        make_store: Factory, state_store: Store, tmp_path: Path) -> None:
    import csv

    from app.services.reference_data import read_schools
    from app.services.reference_update import apply_reference_update, plan_reference_update
    from app.sync.conflicts import list_conflicts

    rows = [dict(r) for r in read_schools()]
    camden = next(r for r in rows if r["school_code"] == "150304")
    camden["students"] = str(int(camden["students"]) + 100)
    rows.append({"member_code": "99Q", "school_code": "99Q000", "school_name":
                 "Triangle New Charter", "county": "Wake", "charter": "Y", "students": "300",
                 "econ_disadv": "30"})
    file = tmp_path / "schools_2025.csv"
    with file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with state_store.transaction() as session:
        apply_reference_update(session, plan_reference_update(session, file))
    region1, region3 = make_store("region", 1), make_store("region", 3)
    for region, scope in ((region1, "region:1"), (region3, "region:3")):
        exchange_keys(region, state_store)
        import_bundle(region, export_bundle(state_store, tmp_path / f"{scope[-1]}.zip",
                                            to=scope).path)
    with region1.session() as session:
        students = session.scalar(select(School.students).where(School.code == "150304"))
        pending = [c for c in list_conflicts(session) if "150304" in c.label]
    # The state's edit of a region's school reaches its owner as a change to accept.
    assert students == 436
    assert [(d.name, d.mine, d.theirs) for c in pending for d in c.diffs] == [
        ("students", 436, 536)]
    with region3.session() as session:
        charter = session.scalar(select(Member).where(Member.code == "99Q"))
        assert charter is not None and charter.region == 3
        assert session.scalar(select(School.students).where(School.code == "99Q000")) == 300
