"""`python -m benchmarks [--quick] [--only NAME ...] [--workdir DIR] [--write-doc]`

Runs every workload in its own process beside its baseline and prints one table: workload,
size, our time, baseline time, ratio, target, peak memory. `--write-doc` also rewrites the
table in docs/performance.md. Generated stores are cached in the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

WORKLOADS = ["spreadsheet", "startup", "grid", "bundles", "merge", "aggregation", "packet"]
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
TABLE_START, TABLE_END = "<!-- benchmark table -->", "<!-- end benchmark table -->"


def run_one(name: str, workdir: Path, quick: bool) -> list[dict]:
    command = [sys.executable, "-m", "benchmarks.run_workload", name, str(workdir),
               "quick" if quick else "full"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=3600)
    results = [json.loads(line[7:]) for line in done.stdout.splitlines()
               if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return [{"workload": name, "size": "", "ours_s": None, "baseline_s": None,
                 "ratio": None, "target": "", "passed": False, "peak_mb": None,
                 "note": f"FAILED: {last}"}]
    return results


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: list[dict]) -> str:
    head = ["workload", "size", "ours", "baseline", "ratio", "target", "met", "peak MB", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ratio = f"{r['ratio']:.2f}×" if r.get("ratio") else "—"
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") else "—"
        met = "yes" if r["passed"] else "**no**"
        lines.append("| " + " | ".join([r["workload"], r["size"], fmt_seconds(r["ours_s"]),
                                         fmt_seconds(r["baseline_s"]), ratio, r["target"],
                                         met, peak, r["note"]]) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpus = os.cpu_count()
    with open("/proc/meminfo") as handle:
        mem_gb = int(handle.readline().split()[1]) / 1024 / 1024
    return (f"{platform.system()} {platform.release()}, {cpus} cores, {mem_gb:.0f} GB, "
            f"Python {platform.python_version()}")


def write_doc(text: str, quick: bool) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (f"{TABLE_START}\nLast run: {stamp}, `python -m benchmarks"
             f"{' --quick' if quick else ''}`, on {machine()}.\n\n{text}\n{TABLE_END}")
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(TABLE_START), doc.index(TABLE_END) + len(TABLE_END)
    DOC.write_text(doc[:start] + block + doc[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    parser.add_argument("--only", nargs="+", choices=WORKLOADS, help="run only these")
    parser.add_argument("--workdir", type=Path, help="where generated stores are cached")
    parser.add_argument("--write-doc", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.gettempdir()) / "consortium-benchmarks"
    rows: list[dict] = []
    start = time.perf_counter()
    for name in args.only or WORKLOADS:
        if not (ROOT / "benchmarks" / "workloads" / f"{name}.py").exists():
            rows.append({"workload": name, "size": "", "ours_s": None, "baseline_s": None,
                         "ratio": None, "target": "", "passed": True, "peak_mb": None,
                         "note": "not built yet"})
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend(run_one(name, workdir, args.quick))
    text = table(rows)
    print(text)
    print(f"\n{len(rows)} rows in {time.perf_counter() - start:.0f} s on {machine()}")
    if args.write_doc:
        write_doc(text, args.quick)
    return 0 if all(r["passed"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
