"""The statewide merge (issue 20): the state imports the eight regions' bundles — one per
region, the stress set's ~100k need lines in all — into one store, beside what coordinators
did by hand: pandas reading the same lines from the eight regions' XLSX files.

Target: ours at least 8× faster than the baseline (ratio ≤ 0.125). The region stores, their
bundles and sheets are made once per work folder; each run imports into a fresh copy of a
state store that trusts the eight regions' keys.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from benchmarks.generate import SIZES, build_regions, open_new_store
from benchmarks.measure import Result, peak_rss_mb, timed

TARGET_SPEED_UP = 8


def _setup(workdir: Path, per_member: int) -> tuple[list[Path], list[Path], Path]:
    """The eight regions' full bundles and needs sheets, and a state store template."""
    from app.services.instance import init_instance
    from app.services.tabular_needs import export_needs
    from app.sync.export import export_bundle
    from app.sync.keys import own_key, trust_key

    root = workdir / f"merge-{per_member}"
    regions = build_regions(root, per_member)
    bundles, sheets = [], []
    try:
        for number, region in enumerate(regions, start=1):
            bundle, sheet = root / f"region{number}.zip", root / f"region{number}.xlsx"
            if not bundle.exists():
                export_bundle(region, bundle, full=True)
            if not sheet.exists():
                with region.session() as session:
                    export_needs(session, sheet)
            bundles.append(bundle)
            sheets.append(sheet)
        template = root / "state-template"
        if not template.exists():
            state = open_new_store(template)
            init_instance(state, "state", None, "Benchmark state")
            with state.transaction() as session:
                for region in regions:
                    trust_key(session, own_key(region.require_identity()))
            with state.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            state.dispose()
    finally:
        for region in regions:
            region.dispose()
    return bundles, sheets, template


def _fresh_state(template: Path, target: Path) -> Any:
    from app.models.db import Store

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(template, target)
    return Store.for_data_dir(target)


def _import_all(store: Any, bundles: list[Path]) -> int:
    from app.sync.service import import_bundle

    lines = 0
    for bundle in bundles:
        result = import_bundle(store, bundle)
        if result.refused:  # a refused record would make the figure meaningless
            raise RuntimeError(f"{bundle.name}: {len(result.refused)} records refused")
        lines += sum(result.counts.get("needs", {}).values())
    return lines


def run(workdir: Path, quick: bool) -> list[Result]:
    import pandas as pd

    per_member = SIZES["statewide"] if quick else SIZES["stress"]
    bundles, sheets, template = _setup(workdir, per_member)
    state = _fresh_state(template, workdir / "merge-state")  # untimed: the copy is set-up
    try:
        ours_s, lines = timed(lambda: _import_all(state, bundles))
    finally:
        state.dispose()
    baseline_s, read = timed(lambda: sum(len(pd.read_excel(s, dtype=str)) for s in sheets))
    return [Result("statewide merge: 8 region bundles into the state", f"{lines:,} need lines",
                   ours_s, baseline_s, f"≤ 1/{TARGET_SPEED_UP} baseline",
                   ours_s * TARGET_SPEED_UP <= baseline_s, peak_rss_mb(),
                   f"one run each; baseline: pandas.read_excel of the 8 regions' XLSX files "
                   f"({read:,} rows)")]

