"""Deterministic statewide data: the 115 LEAs, ~200 charters with schools, contacts and
need lines, written straight into one state store or as eight regional stores.

    python -m benchmarks.generate OUT_DIR [--lines-per-member 40] [--layout state|regions]

"statewide" ≈ 40 lines per member (~13k lines); "stress" ≈ 100k lines.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from app.models.db import Store
from app.models.migrate import upgrade
from app.services.demo import fill_demo
from app.services.instance import init_instance

# Lines per member; 334 members statewide (115 LEAs, 219 charters): ~12.4k and ~100k lines.
SIZES = {"statewide": 37, "stress": 300}


def open_new_store(data_dir: Path) -> Store:
    store = Store.for_data_dir(data_dir)
    upgrade(store)
    return store


def cached_state(workdir: Path, lines_per_member: int) -> Path:
    """A state store with `lines_per_member`, generated once per work folder and shared by
    the workloads that read the same data."""
    folder = workdir / f"state-{lines_per_member}"
    build_state(folder, lines_per_member).dispose()
    return folder


def build_state(data_dir: Path, lines_per_member: int, seed: int = 1) -> Store:
    """One state store holding every member's needs (as after all regions synced)."""
    store = open_new_store(data_dir)
    if store.identity() is None:
        init_instance(store, "state", None, "Benchmark")
        fill_demo(store, seed=seed, lines_per_member=lines_per_member)
    return store


def build_regions(root: Path, lines_per_member: int, seed: int = 1) -> list[Store]:
    """Eight regional stores, each with its own members' data (same seed → same uids as
    the state store, so bundles between them describe the same records)."""
    stores = []
    for region in range(1, 9):
        store = open_new_store(root / f"region{region}")
        if store.identity() is None:
            init_instance(store, "region", region, f"Region {region} benchmark")
            fill_demo(store, seed=seed, lines_per_member=lines_per_member)
        stores.append(store)
    return stores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="statewide")
    parser.add_argument("--lines-per-member", type=int)
    parser.add_argument("--layout", choices=["state", "regions"], default="state")
    args = parser.parse_args()
    lines = args.lines_per_member or SIZES[args.size]
    start = time.perf_counter()
    if args.layout == "state":
        build_state(args.out, lines).dispose()
    else:
        for store in build_regions(args.out, lines):
            store.dispose()
    print(f"generated {args.layout} data in {args.out} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
