"""Run one workload in this (fresh) process and print its results as JSON lines."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path


def main() -> None:
    name, workdir, quick = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "quick"
    workdir.mkdir(parents=True, exist_ok=True)
    module = importlib.import_module(f"benchmarks.workloads.{name}")
    for result in module.run(workdir, quick):
        print("RESULT " + json.dumps(result.as_json()), flush=True)


if __name__ == "__main__":
    main()
