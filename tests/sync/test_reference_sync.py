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
