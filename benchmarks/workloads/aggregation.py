"""Demand aggregation of the statewide need lines by item × region (app.services.demand)
beside a plain SQL GROUP BY over the same table, in the same run on the same store.

Target (issue 7): within 1.5× the baseline and under 200 ms for 100k lines.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from benchmarks.generate import SIZES, build_state, cached_state
from benchmarks.measure import Result, peak_rss_mb, ratio_result, timed

DEMO_MEMBERS = 334  # the statewide members: 115 LEAs and 219 charters
BASELINE_SQL = text("""
    SELECT n.item_id, m.region, SUM(n.quantity), SUM(n.quantity * n.unit_price),
           COUNT(DISTINCT n.member_id), COUNT(*)
    FROM needs n JOIN members m ON m.id = n.member_id
    WHERE n.deleted = :deleted AND n.status = 'confirmed'
    GROUP BY n.item_id, m.region
""")


def measure(workdir: Path, lines: int = 100_000, repeat: int = 5) -> dict[str, Any]:
    """Seconds (best of `repeat`) for `aggregate` (the service, item × region, names and
    totals included) and `baseline` (the plain GROUP BY), plus what was measured."""
    from app.models import Need
    from app.services.demand import aggregate_demand

    per_member = max(1, math.ceil(lines / DEMO_MEMBERS))
    store = build_state(cached_state(workdir, per_member), per_member)
    try:
        with store.session() as session:
            total_lines = session.scalar(select(func.count()).select_from(Need)) or 0

        def ours() -> int:
            with store.session() as session:
                return len(aggregate_demand(session, "item,region").rows)

        def baseline() -> int:
            with store.session() as session:
                return len(session.execute(BASELINE_SQL, {"deleted": False}).all())

        ours()
        baseline()  # warm the page cache for both alike
        aggregate_s, groups = timed(ours, repeat)
        baseline_s, baseline_groups = timed(baseline, repeat)
    finally:
        store.dispose()
    return {"aggregate": aggregate_s, "baseline": baseline_s, "lines": int(total_lines),
            "groups": groups, "baseline_groups": baseline_groups,
            "ratio": aggregate_s / baseline_s if baseline_s else None,
            "passed": aggregate_s <= 1.5 * baseline_s and aggregate_s < 0.2,
            "peak_mb": peak_rss_mb()}


def run(workdir: Path, quick: bool) -> list[Result]:
    """The harness's entry point."""
    # quick: the statewide store the other workloads share (40 lines per member)
    result = measure(workdir, DEMO_MEMBERS * SIZES["statewide"] if quick else 100_000)
    return [ratio_result("demand aggregation (item × region)", f"{result['lines']:,} lines",
                         result["aggregate"], result["baseline"], 1.5,
                         f"{result['groups']} groups; baseline: plain SQL GROUP BY",
                         absolute_limit=0.2)]
