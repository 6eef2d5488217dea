"""The real NC members ship as reference data: every LEA and charter with its schools and
enrolment, loaded at init; a member's students are the sum of its schools."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from app import paths
from app.models import Member, School
from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.services.reference_data import reference_uid


def _rows(name: str) -> list[dict[str, str]]:
    with paths.reference_file(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _new_store(folder: Path, role: str, region: int | None) -> Store:
    store = Store.for_data_dir(folder)
    upgrade(store)
    init_instance(store, role, region, "Tester")
    return store


def test_the_state_starts_with_every_member_and_school(tmp_path: Path) -> None:
    store = _new_store(tmp_path / "state", "state", None)
    with store.session() as session:
        kinds = Counter(session.scalars(select(Member.kind)))
        schools = session.scalar(select(func.count()).select_from(School))
    assert kinds == {"lea": 115, "charter": 219}
    assert schools == len(_rows("nc_schools_2024.csv")) == 2701
    store.dispose()


def test_a_region_gets_its_leas_and_the_charters_of_its_counties(tmp_path: Path) -> None:
    store = _new_store(tmp_path / "r4", "region", 4)
    leas = {r["lea_code"] for r in _rows("nc_leas.csv") if r["region"] == "4"}
    charters = {r["charter_code"] for r in _rows("nc_charters_2024.csv") if r["region"] == "4"}
    schools = {r["school_code"] for r in _rows("nc_schools_2024.csv")
               if r["member_code"] in leas | charters}
    with store.session() as session:
        held = {m.code: m.kind for m in session.scalars(select(Member))}
        held_schools = set(session.scalars(select(School.code)))
    assert {c for c, k in held.items() if k == "lea"} == leas
    assert {c for c, k in held.items() if k == "charter"} == charters
    assert held_schools == schools
    store.dispose()


def test_a_members_students_are_the_sum_of_its_schools(tmp_path: Path) -> None:
    store = _new_store(tmp_path / "r4", "region", 4)
    expected: Counter[str] = Counter()
    for row in _rows("nc_schools_2024.csv"):
        expected[row["member_code"]] += int(row["students"])
    with store.session() as session:
        members = list(session.scalars(select(Member)))
        for member in members:
            total = session.scalar(select(func.sum(School.students))
                                   .where(School.member_id == member.id))
            assert member.students == total == expected[member.code], member.code
    moore = next(m for m in members if m.code == "630")
    assert moore.kind == "lea" and 10_000 < (moore.students or 0) < 15_000
    store.dispose()


def test_every_instance_gives_reference_records_the_same_uids(tmp_path: Path) -> None:
    state = _new_store(tmp_path / "state", "state", None)
    region = _new_store(tmp_path / "r4", "region", 4)
    with region.session() as session:
        region_uids = {m.code: m.uid for m in session.scalars(select(Member))}
        region_schools = {s.code: s.uid for s in session.scalars(select(School))}
    with state.session() as session:
        state_uids = {m.code: m.uid for m in session.scalars(select(Member))
                      if m.code in region_uids}
        state_schools = {s.code: s.uid for s in session.scalars(select(School))
                         if s.code in region_schools}
    assert region_uids == state_uids
    assert region_schools == state_schools
    assert region_uids["630"] == reference_uid("member", "630")
    state.dispose()
    region.dispose()


def test_reference_figures_are_marked_as_such_and_a_hand_edit_as_entered(
        tmp_path: Path) -> None:
    # DPI's economically-disadvantaged count is a starting figure, not the NSLP count.
    from app.services.members import edit_member
    from app.services.schools import edit_school

    store = _new_store(tmp_path / "r4", "region", 4)
    with store.session() as session:
        assert set(session.scalars(select(Member.figures_source))) == {"reference"}
        assert set(session.scalars(select(School.figures_source))) == {"reference"}
        code = session.scalar(select(School.code).join(Member).where(Member.code == "630")
                              .order_by(School.code))
    with store.transaction() as session:
        edit_school(session, code, {"nslp_eligible": "5"})
        edit_member(session, "630", {"rural": "yes"})
        edit_member(session, "470", {"notes": "not a figure"})
    with store.session() as session:
        assert session.scalar(select(School.figures_source).where(School.code == code)) \
            == "entered"
        sources = dict(session.execute(select(Member.code, Member.figures_source)
                                       .where(Member.code.in_(["630", "470"]))).all())
        assert sources == {"630": "entered", "470": "reference"}
    store.dispose()
