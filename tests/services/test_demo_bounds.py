"""The statewide demo is believable: bounded by each member's real enrolment, schools and C2
budget, priced around the catalog, and its totals are the ones the user guide prints."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import CatalogItem, Member, Need, School
from app.models.db import Store
from app.models.migrate import upgrade
from app.services.demand import aggregate_demand
from app.services.demo import fill_demo
from app.services.demo_sizing import PRICE_SPREAD, STAFF_PER_STUDENT
from app.services.erate import c2_budget_for
from app.services.instance import init_instance

GUIDE = Path(__file__).parents[2] / "docs" / "user-guide.md"


@pytest.fixture(scope="module")
def statewide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.for_data_dir(tmp_path_factory.mktemp("state"))
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    fill_demo(store, seed=1)
    yield store
    store.dispose()


def test_no_member_orders_more_devices_than_students_and_staff(statewide: Store) -> None:
    devices: dict[str, Decimal] = defaultdict(Decimal)
    students: dict[str, int] = {}
    with statewide.session() as session:
        for member, need, item in session.execute(
                select(Member, Need, CatalogItem).join(Need, Need.member_id == Member.id)
                .join(CatalogItem, Need.item_id == CatalogItem.id)):
            students[member.code] = member.students or 0
            if item.category.code == "DEVICES":
                devices[member.code] += need.quantity
    assert len(students) > 300
    over = {code: (count, students[code]) for code, count in devices.items()
            if count > students[code] * (1 + Decimal(str(STAFF_PER_STUDENT)))}
    assert over == {}


def test_no_member_plans_more_category_2_than_its_budget(statewide: Store) -> None:
    with statewide.session() as session:
        c2: dict[str, Decimal] = defaultdict(Decimal)
        for code, need in session.execute(
                select(Member.code, Need).join(Need, Need.member_id == Member.id)
                .join(CatalogItem, Need.item_id == CatalogItem.id)
                .where(CatalogItem.erate_category == "C2")):
            c2[code] += need.quantity * need.unit_price
        assert len(c2) > 300
        over = {code: (amount, budget.remaining) for code, amount in c2.items()
                if amount > (budget := c2_budget_for(session, code).budget).remaining}
    assert over == {}


def test_circuits_follow_schools_and_prices_follow_the_catalog(statewide: Store) -> None:
    with statewide.session() as session:
        schools = dict(session.execute(select(School.member_id, func.count())
                                       .group_by(School.member_id)).all())
        low, high = (Decimal(str(f)) for f in PRICE_SPREAD)
        for need, item in session.execute(
                select(Need, CatalogItem).join(CatalogItem, Need.item_id == CatalogItem.id)):
            assert low * item.reference_price <= need.unit_price <= \
                high * item.reference_price + Decimal("0.01"), item.code
            if item.unit == "per month":
                # 12 months a circuit, at most one circuit a school
                assert need.quantity <= 12 * max(1, schools.get(need.member_id, 1)), item.code


def _guide_rows() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split("<!-- demo-totals -->")[1].split("<!-- /demo-totals -->")[0]
    return [line for line in block.splitlines()
            if line.startswith(("| Region ", "| State")) and "$" in line]


def test_the_user_guide_prints_the_demo_totals_the_code_makes(statewide: Store) -> None:
    with statewide.session() as session:
        report = aggregate_demand(session, "region", with_effort=False)
        students = dict(session.execute(select(Member.region, func.sum(Member.students))
                                        .group_by(Member.region)).all())
    rows = sorted(((row.key[0], row.amount, row.members, row.lines, students[row.key[0]])
                   for row in report.rows), key=lambda r: r[0])
    rows.append(("Statewide", report.amount, report.members, report.lines,
                 sum(students.values())))
    made = [f"| {'Region ' if isinstance(name, int) else ''}{name} | ${amount:,.0f} | "
            f"{members} | {lines:,} | {pupils:,} | ${amount / pupils:,.0f} |"
            for name, amount, members, lines, pupils in rows]
    assert _guide_rows() == made, "update the demo totals table in docs/user-guide.md"
