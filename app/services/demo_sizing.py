"""How much a demo member asks for: quantities a coordinator who knows NC would believe.

A demo line's quantity comes from the member's real enrolment and number of schools:
- devices are a year's refresh, shared among the member's device lines: students' devices for
  part of the enrolment (a three-to-four-year cycle), staff laptops for part of the staff
  (`STAFF_PER_STUDENT`), hotspots for a few students; so no member ever orders more devices
  than it has students and staff;
- circuits and recurring services scale with the number of schools (12 months each);
- Category 2 equipment is cut back to a share of the member's five-year C2 budget, never more;
- unit prices stay within `PRICE_SPREAD` of the catalog's reference price.

Pure: the caller supplies the random generator, the member's figures and the C2 budget.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# About one teacher per 15 students in NC, plus the other staff who carry a laptop.
STAFF_PER_STUDENT = 0.09
STUDENT_REFRESH = (0.15, 0.35)  # share of students given a new device this year
STAFF_REFRESH = (0.2, 0.5)
HOTSPOTS = (0.01, 0.05)  # share of students without home internet who borrow one
C2_SHARE = (0.25, 0.85)  # share of the five-year C2 budget a member plans this year
PRICE_SPREAD = (0.9, 1.15)
DEVICES_PER_CART = 30


@dataclass(frozen=True)
class DemoItem:
    """What sizing needs to know of a catalog item."""

    code: str
    name: str
    unit: str
    category: str  # the catalog category code (DEVICES, WIRELESS, …)
    erate_category: str
    reference_price: Decimal


def device_pool(item: DemoItem) -> str | None:
    """Which device pool an item's quantity is drawn from, or None for other items."""
    if item.category != "DEVICES":
        return None
    if item.code.startswith("HOTSPOT"):
        return "hotspots"
    return "staff" if "teacher" in item.name.lower() else "students"


def device_pools(rng: random.Random, students: int) -> dict[str, float]:
    """This year's devices by pool, for a member of `students` students."""
    return {"students": students * rng.uniform(*STUDENT_REFRESH),
            "staff": students * STAFF_PER_STUDENT * rng.uniform(*STAFF_REFRESH),
            "hotspots": students * rng.uniform(*HOTSPOTS)}


def unit_price(rng: random.Random, item: DemoItem) -> Decimal:
    factor = Decimal(str(round(rng.uniform(*PRICE_SPREAD), 2)))
    return (item.reference_price * factor).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _other_quantity(rng: random.Random, item: DemoItem, students: int, schools: int,
                    devices: float) -> float:
    """Quantity of an item that is not a device: by students, devices or schools."""
    name, unit = item.name.lower(), item.unit
    if unit == "per month":
        circuits = 1 if item.code.startswith(("INET", "SVC")) else \
            max(1, round(schools * rng.uniform(0.5, 1.0)))
        return 12 * circuits
    if unit == "per student-year":
        return students * rng.uniform(0.8, 1.0)
    if item.category == "DEVICE-ACC":
        return devices / DEVICES_PER_CART if "cart" in name else devices * rng.uniform(0.3, 1)
    if unit in ("per device-year", "licence") and item.erate_category != "C2":
        return devices * rng.uniform(0.5, 1)
    if unit in ("per device-year", "licence"):
        return schools * rng.uniform(5, 30)  # network gear under support, not student devices
    if unit == "per mile":
        return rng.uniform(1, 3) if item.reference_price >= 10000 else \
            schools * rng.uniform(0.3, 1.5)
    if unit == "per hour":
        return schools * rng.uniform(4, 20)
    if unit == "per drop":
        return schools * rng.randint(8, 40)
    if unit == "per foot":
        return schools * rng.randint(2, 10) * 100
    if unit in ("lot", "per year"):
        return rng.randint(1, max(1, min(12, schools)))
    if "access point" in name:
        return schools * rng.uniform(8, 30)  # roughly one per classroom
    if item.reference_price >= 10000:
        return rng.randint(1, max(1, min(4, schools // 10)))  # core switches, big firewalls
    if item.reference_price >= 2000:
        return schools * rng.uniform(0.3, 1.5)
    return schools * rng.uniform(1, 6)


def quantities(rng: random.Random, items: Sequence[DemoItem], students: int, schools: int
               ) -> list[int]:
    """One quantity per item line (0: leave the line out): device lines share their pool,
    accessories and device licences follow the devices, the rest follows schools."""
    pools = device_pools(rng, students)
    weights = [rng.uniform(0.5, 1.5) for _ in items]
    shares: dict[str, float] = {}
    for item, weight in zip(items, weights, strict=True):
        pool = device_pool(item)
        if pool is not None:
            shares[pool] = shares.get(pool, 0) + weight
    devices = pools["students"] + pools["staff"]
    result = []
    for item, weight in zip(items, weights, strict=True):
        pool = device_pool(item)
        value = pools[pool] * weight / shares[pool] if pool is not None else \
            _other_quantity(rng, item, students, schools, devices)
        result.append(int(value))
    return result


def fit_c2_budget(rng: random.Random, amounts: Sequence[Decimal], budget: Decimal | None,
                  quantities_: Sequence[int]) -> list[int]:
    """Cut the Category 2 lines (their `amounts` at the quantities given) down to a share of
    the member's five-year `budget`: every quantity scaled alike and rounded down, so the
    lines never total more than the budget. Lines cut to 0 drop out."""
    total = sum(amounts, start=Decimal(0))
    if budget is None or total <= 0:
        return list(quantities_)
    target = budget * Decimal(str(round(rng.uniform(*C2_SHARE), 3)))
    if total <= target:
        return list(quantities_)
    factor = target / total
    return [int(q * factor) for q in quantities_]
