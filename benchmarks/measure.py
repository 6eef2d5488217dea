"""Shared helpers for workloads: timing, and one result row."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Result:
    workload: str
    size: str
    ours_s: float | None
    baseline_s: float | None
    target: str  # e.g. "≤ 2.0× baseline", "< 0.2 s"
    passed: bool
    peak_mb: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours_s is None or self.baseline_s in (None, 0):
            return None
        return self.ours_s / self.baseline_s  # type: ignore[operator]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best of `repeat` wall-clock runs (the least disturbed by other load)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ratio_result(workload: str, size: str, ours: float, baseline: float, limit: float,
                 note: str = "", absolute_limit: float | None = None) -> Result:
    passed = ours <= limit * baseline
    target = f"≤ {limit:g}× baseline"
    if absolute_limit is not None:
        passed = passed and ours < absolute_limit
        target += f" and < {absolute_limit * 1000:g} ms"
    return Result(workload, size, ours, baseline, target, passed, peak_rss_mb(), note)
