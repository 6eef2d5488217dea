"""Realistic, deterministic demo data for the instance's members: contacts and need lines
across the catalog, sized by each member's real schools and enrolment (reference data, see
`demo_sizing` for the bounds); a member added by hand with no schools gets invented ones.

The same seed gives the same data (and the same uids) on every instance, so demos on a
region and on the state describe the same members. Rows go in with Core bulk inserts.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.models import CatalogItem, Contact, Member, Need, School
from app.models.bulk import insert_synced
from app.models.db import Store
from app.rules.erate import c2_budget
from app.services import demo_names as names
from app.services import demo_sizing as sizing
from app.services.erate import year_params
from app.services.needs import default_funding_year
from app.services.scope import current_identity

DEMO_NAMESPACE = uuid.UUID("6b1f0c39-8d5e-4c55-9a43-2a7d1f0e6c11")


@dataclass(frozen=True)
class DemoResult:
    members: int
    schools: int
    contacts: int
    needs: int


def demo_uid(seed: int, *parts: object) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(map(str, (seed, *parts)))))


def fill_demo(store: Store, seed: int = 1, lines_per_member: int | None = None) -> DemoResult:
    """Add demo data for every member in this instance's scope that has none yet.

    `lines_per_member` fixes the number of need lines each member gets (items may then
    repeat); by default LEAs get 25–45 lines and charters 12, as at a real meeting.
    """
    with store.transaction() as session:
        identity = current_identity(session)
        region = identity.region if identity.role == "region" else None
        query = select(Member).where(Member.deleted.is_(False)).order_by(Member.code)
        if region is not None:
            query = query.where(Member.region == region)
        has_schools = set(session.scalars(select(School.member_id).distinct()))
        has_needs = set(session.scalars(select(Need.member_id).distinct()))
        members = [m for m in session.scalars(query) if m.id not in has_needs]
        items = list(session.scalars(select(CatalogItem).where(CatalogItem.active.is_(True))
                                     .order_by(CatalogItem.code)))
        year = default_funding_year(session) or 2026
        counts = [0, 0, 0]
        for member in members:
            rng = random.Random(f"{seed}/{member.code}")
            if member.id not in has_schools:
                counts[0] += _add_schools(session, rng, seed, member)
            counts[1] += _add_contacts(session, rng, seed, member)
            counts[2] += _add_needs(session, rng, seed, member, items, year,
                                    lines_per_member)
    return DemoResult(len(members), *counts)


def _students_for(rng: random.Random, member: Member) -> int:
    if member.kind == "charter":
        return int(rng.triangular(180, 1800, 600))
    return max(700, min(40000, int(math.exp(rng.gauss(math.log(8000), 0.8)))))


def _add_schools(session: Session, rng: random.Random, seed: int, member: Member) -> int:
    students = _students_for(rng, member)
    count = 1 if member.kind == "charter" else max(2, round(students / 680))
    rural_share = 0.15 if students > 30000 else rng.choice((0.3, 0.7, 0.9, 1.0))
    poverty = min(0.95, max(0.08, rng.gauss(0.55, 0.17)))
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    rows, total_students, total_eligible = [], 0, 0
    for index, weight in enumerate(weights):
        enrolled = max(60, int(students * weight / sum(weights)))
        eligible = int(enrolled * min(0.99, max(0.02, rng.gauss(poverty, 0.08))))
        level = rng.choices([lv for lv, _ in names.LEVELS], [w for _, w in names.LEVELS])[0]
        code = f"{member.code}{index + 300:03d}" if len(member.code) == 3 else \
            f"{member.code}{index:03d}"
        rows.append({"uid": demo_uid(seed, "school", code), "member_id": member.id,
                     "code": code, "name": f"{rng.choice(names.PLACES)} {level}",
                     "students": enrolled, "nslp_eligible": eligible,
                     "rural": rng.random() < rural_share, "owner": member.owner})
        total_students += enrolled
        total_eligible += eligible
    insert_synced(session, School, rows, [{"member": member.uid}] * len(rows))
    member.students, member.nslp_eligible = total_students, total_eligible
    member.rural = sum(r["rural"] for r in rows) * 2 > len(rows)
    member.ben = member.ben or str(rng.randint(120000, 17099999))
    return len(rows)


def _add_contacts(session: Session, rng: random.Random, seed: int, member: Member) -> int:
    roles = (("Technology Director", "technology"), ("Finance Officer", "finance"),
             ("Superintendent", "authorised official"))
    if member.kind == "charter":
        roles = (("Operations Director", "technology"), ("Head of School",
                                                         "authorised official"))
    rows = []
    for title, role in roles:
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        rows.append({"uid": demo_uid(seed, "contact", member.code, role), "member_id": member.id,
                     "name": f"{first} {last}", "title": title, "role": role,
                     "email": f"{first}.{last}@{member.code.lower()}.k12.nc.us".lower(),
                     "phone": f"({rng.randint(252, 919)}) 555-{rng.randint(1000, 9999)}",
                     "owner": member.owner})
    insert_synced(session, Contact, rows, [{"member": member.uid}] * len(rows))
    return len(rows)


def _demo_item(item: CatalogItem) -> sizing.DemoItem:
    return sizing.DemoItem(item.code, item.name, item.unit, item.category.code,
                           item.erate_category, item.reference_price)


def _c2_budget(session: Session, member: Member, year: int) -> Decimal | None:
    """The member's five-year C2 budget for `year` (None when it has no schools or the year
    has no parameters)."""
    students = list(session.scalars(select(School.students).where(
        School.member_id == member.id, School.deleted.is_(False))))
    try:
        params = year_params(session, year)
    except NotFoundError:
        return None
    return c2_budget(students, params).remaining if students else None


def _add_needs(session: Session, rng: random.Random, seed: int, member: Member,
               items: list[CatalogItem], year: int, lines: int | None = None) -> int:
    students = member.students or 0
    schools = session.scalar(select(func.count()).select_from(School)
                             .where(School.member_id == member.id)) or 1
    if lines is None:
        count = min(len(items), 12 if member.kind == "charter" else rng.randint(25, 45))
        chosen = rng.sample(items, count)
    else:
        chosen = rng.choices(items, k=lines)
    demo_items = [_demo_item(item) for item in chosen]
    amounts = sizing.quantities(rng, demo_items, students, schools)
    prices = [sizing.unit_price(rng, item) for item in demo_items]
    c2 = [i for i, item in enumerate(demo_items) if item.erate_category == "C2"]
    fitted = sizing.fit_c2_budget(rng, [amounts[i] * prices[i] for i in c2],
                                  _c2_budget(session, member, year), [amounts[i] for i in c2])
    for index, quantity in zip(c2, fitted, strict=True):
        amounts[index] = quantity
    rows: list[dict[str, Any]] = []
    parents = []
    for index, item in enumerate(chosen):
        quantity = amounts[index] if lines is None else max(1, amounts[index])
        if quantity < 1:
            continue  # too small a member for this item this year
        vendors = names.VENDORS_BY_CATEGORY.get(item.category.code, (("Vendor direct", 1),))
        preferred = rng.choices([v for v, _ in vendors], [w for _, w in vendors])[0]
        current = preferred if rng.random() < 0.75 else rng.choice(vendors)[0]
        sources = "erate,local" if item.erate_category in ("C1", "C2") else rng.choice(
            ("local", "local", "federal,local", "state", "federal"))
        status = rng.choices(("confirmed", "draft", "withdrawn"), (60, 35, 5))[0]
        rows.append({"uid": demo_uid(seed, "need", member.code, index),
                     "member_id": member.id, "item_id": item.id, "description": item.name,
                     "unit": item.unit, "quantity": Decimal(quantity),
                     "unit_price": prices[index], "funding_year": year,
                     "funding_sources": sources,
                     "current_vendor": current, "preferred_vendor": preferred,
                     "status": status, "owner": member.owner,
                     "confirmed_by": "demo" if status == "confirmed" else "",
                     # A confirmed line says who confirmed it and when (the checker's rule);
                     # a fixed time keeps demo data alike on every instance.
                     "confirmed_at": datetime(year - 1, 11, 1, 9, tzinfo=UTC)
                     if status == "confirmed" else None})
        parents.append({"member": member.uid, "item": item.uid})
    insert_synced(session, Need, rows, parents)
    return len(rows)
