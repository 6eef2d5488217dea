"""Cold start, offscreen, with a statewide store, beside a minimal PySide6 window script.

Each run is a fresh process; times run from spawn to the milestones the app prints when
CONSORTIUM_TRACE_STARTUP is set: "window shown" (the main window's frame — navigation, size,
"Opening…" — is on screen) and "ready" (store open, pages built, dashboard filled).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import SIZES, cached_state
from benchmarks.measure import Result

READY_LIMIT_S = 0.6  # issue 20

BASELINE_CHILD = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
window.show()
app.processEvents()
print("startup: window shown", flush=True)
"""


def _milestones(command: list[str]) -> dict[str, float]:
    # A home of its own: the app saves its window geometry on closing, and a benchmark must
    # not rewrite the user's settings (nor a test run's check that nothing did).
    home = tempfile.mkdtemp(prefix="bench-home-")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONSORTIUM_TRACE_STARTUP": "exit",
           "HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=env)
    assert process.stdout is not None
    times = {}
    for line in process.stdout:
        if line.startswith("startup: "):
            times[line[9:].strip()] = time.perf_counter() - start
    process.wait(timeout=120)
    if "window shown" not in times:
        raise RuntimeError(f"no start-up milestones from {command}")
    return times


def run(workdir: Path, quick: bool) -> list[Result]:
    folder = cached_state(workdir, SIZES["statewide"])
    repeat = 3 if quick else 5
    app = [sys.executable, "-m", "app", "--data-dir", str(folder)]
    runs = [_milestones(app) for _ in range(repeat)]
    baseline = min(_milestones([sys.executable, "-c", BASELINE_CHILD])["window shown"]
                   for _ in range(repeat))
    shown = min(r["window shown"] for r in runs)
    ready = min(r["ready"] for r in runs)
    note = f"best of {repeat} fresh processes; baseline: minimal PySide6 window script"
    return [
        Result("cold start: main window shown", "statewide store", shown, baseline,
               "≤ 3× baseline", shown <= 3 * baseline, None, note),
        Result("cold start: ready (store open, dashboard filled)", "statewide store", ready,
               None, f"≤ {READY_LIMIT_S:g} s", ready <= READY_LIMIT_S, None,
               "SQLAlchemy, the services and the pages load after the window is shown"),
    ]
