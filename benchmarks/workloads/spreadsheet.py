"""Spreadsheet import of the statewide needs, beside `pandas.read_excel` of the same file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.generate import SIZES, build_state, cached_state
from benchmarks.measure import Result, peak_rss_mb, timed


def run(workdir: Path, quick: bool) -> list[Result]:
    from app.services.tabular_needs import export_needs, import_needs

    lines = SIZES["statewide"] // (8 if quick else 1)
    sheet = workdir / f"statewide-needs-{lines}.xlsx"
    if not sheet.exists():
        source = build_state(cached_state(workdir, lines), lines)
        with source.session() as session:
            export_needs(session, sheet)
        source.dispose()
    target = build_state(workdir / "sheet-target", 0)  # the same members, no needs

    def ours() -> int:
        with target.transaction() as session:
            report = import_needs(session, sheet)
            session.rollback()  # keep the target empty for the next repeat
        return report.added

    ours_s, added = timed(ours, repeat=2)  # best of 2, as the baseline
    baseline_s, frame = timed(lambda: pd.read_excel(sheet, dtype=str), repeat=2)
    target.dispose()
    return [Result("spreadsheet import (XLSX)", f"{added:,} lines", ours_s, baseline_s,
                   "≤ 1× baseline", ours_s <= baseline_s, peak_rss_mb(),
                   f"best of 2 each; baseline: pandas.read_excel of the same {len(frame):,}-row "
                   "file")]
