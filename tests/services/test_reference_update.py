"""A newer year's schools file: the preview lists new, closed and changed schools and members;
the update makes exactly those changes, never overwrites a confirmed figure, and reaches the
regions like any other state edit."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import UserError, ValidationError
from app.models import Member, School
from app.models.db import Store
from app.services.reference_data import read_schools
from app.services.reference_update import (
    CHANGED,
    CLOSED,
    NEW,
    apply_reference_update,
    plan_reference_update,
)

COLUMNS = ["member_code", "school_code", "school_name", "county", "charter", "students",
           "econ_disadv"]
# Camden County Schools (Region 1): three schools in the 2023-24 file.
LEA = "150"


def write_file(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def newer_year(tmp_path: Path) -> tuple[Path, dict[str, dict[str, str]]]:
    """The shipped file, a year on: Camden's first school grows, its last one closes, a new
    school opens, a new charter opens in Wake County."""
    rows = [dict(r) for r in read_schools()]
    camden = [r for r in rows if r["member_code"] == LEA]
    assert len(camden) >= 2
    grown, closed = camden[0], camden[-1]
    grown["students"] = str(int(grown["students"] or 0) + 100)
    rows.remove(closed)
    rows.append({"member_code": LEA, "school_code": f"{LEA}999", "school_name":
                 "Camden Early College", "county": "Camden", "charter": "N",
                 "students": "150", "econ_disadv": "40"})
    rows.append({"member_code": "99Q", "school_code": "99Q000", "school_name":
                 "Triangle New Charter", "county": "Wake", "charter": "Y",
                 "students": "300", "econ_disadv": "30"})
    return write_file(tmp_path / "schools_2025.csv", rows), {"grown": grown, "closed": closed}


def test_the_same_file_changes_nothing(state_store: Store, tmp_path: Path) -> None:
    file = write_file(tmp_path / "same.csv", read_schools())
    with state_store.session() as session:
        plan = plan_reference_update(session, file)
    assert plan.summary == "nothing to change"
    assert plan.unchanged_schools == 2701


def test_preview_lists_new_closed_and_changed_then_the_update_makes_them(
        state_store: Store, tmp_path: Path) -> None:
    file, rows = newer_year(tmp_path)
    with state_store.session() as session:
        before = session.scalar(select(Member.students).where(Member.code == LEA))
        plan = plan_reference_update(session, file)
        assert session.scalar(select(func.count()).select_from(School)) == 2701  # unchanged
    actions = {(u.action, u.code) for u in plan.schools}
    assert actions == {(CHANGED, rows["grown"]["school_code"]),
                       (CLOSED, rows["closed"]["school_code"]), (NEW, f"{LEA}999")}
    assert {(u.action, u.code) for u in plan.members} == {(NEW, "99Q"), (CHANGED, LEA)}
    camden = next(u for u in plan.members if u.code == LEA)
    expected = before + 100 - int(rows["closed"]["students"] or 0) + 150
    assert [(c.field, c.new) for c in camden.changes][0] == ("students", expected)
    with state_store.transaction() as session:
        apply_reference_update(session, plan)
    with state_store.session() as session:
        member = session.scalar(select(Member).where(Member.code == LEA))
        schools = session.scalars(select(School).where(School.member_id == member.id,
                                                        School.deleted.is_(False))).all()
        assert member.students == sum(s.students for s in schools) == expected
        charter = session.scalar(select(Member).where(Member.code == "99Q"))
        assert (charter.kind, charter.region, charter.students) == ("charter", 3, 300)
        assert charter.figures_source == "reference"
        again = plan_reference_update(session, file)
    assert again.summary == "nothing to change"


def test_a_confirmed_figure_is_never_overwritten(state_store: Store, tmp_path: Path) -> None:
    file, rows = newer_year(tmp_path)
    code = rows["grown"]["school_code"]
    with state_store.transaction() as session:
        school = session.scalar(select(School).where(School.code == code))
        school.figures_source, school.confirmed_for_year = "confirmed", 2026
        school.confirmed_by, school.confirmed_at = "Dr. Lane", datetime(2026, 1, 5, tzinfo=UTC)
        kept = school.students
    with state_store.transaction() as session:
        plan = plan_reference_update(session, file)
        update = next(u for u in plan.schools if u.code == code)
        assert update.changes == () and "confirmed by Dr. Lane for FY2026 kept" in update.kept
        apply_reference_update(session, plan)
    with state_store.session() as session:
        assert session.scalar(select(School.students).where(School.code == code)) == kept


def test_a_partial_file_closes_nothing(state_store: Store, tmp_path: Path) -> None:
    only_camden = [r for r in read_schools() if r["member_code"] == LEA]
    with state_store.session() as session:
        plan = plan_reference_update(session, write_file(tmp_path / "part.csv", only_camden))
    assert plan.count("schools", CLOSED) == 0
    # Members the file lacks are listed, never removed.
    assert plan.count("members", CLOSED) == 333


def test_bad_rows_are_refused_with_row_and_field(state_store: Store, tmp_path: Path) -> None:
    rows = [dict(r) for r in read_schools()[:3]]
    rows[1]["students"] = "many"
    rows[2]["school_code"] = rows[0]["school_code"]
    with state_store.session() as session, pytest.raises(ValidationError) as caught:
        plan_reference_update(session, write_file(tmp_path / "bad.csv", rows))
    text = str(caught.value)
    assert "row 3" in text and "students" in text
    assert f"{rows[0]['school_code']} is also on row 2" in text


def test_a_region_cannot_update_reference_data(sqlite_region4: Store, tmp_path: Path) -> None:
    file = write_file(tmp_path / "same.csv", read_schools()[:2])
    with sqlite_region4.session() as session, pytest.raises(UserError, match="state"):
        plan_reference_update(session, file)
