"""Cold start to the main window shown, offscreen, with a statewide store, beside a minimal
PySide6 window. Each runs as a fresh process; time runs from spawn to the first turn of the
event loop after the window is shown."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import SIZES, build_state
from benchmarks.measure import Result

# Patch QApplication.exec so the first event-loop turn reports and quits: the window has
# been shown and its first events processed by then.
_REPORT = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
_exec = QApplication.exec
def _exec_once(*_args):
    QTimer.singleShot(0, lambda: (print("SHOWN", flush=True), QApplication.instance().quit()))
    return _exec()
QApplication.exec = _exec_once
"""
APP_CHILD = _REPORT + """
from app.launcher import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""
BASELINE_CHILD = _REPORT + """
from PySide6.QtWidgets import QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
"""


def _time_child(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "SHOWN":
            elapsed = time.perf_counter() - start
            process.wait(timeout=60)
            return elapsed
    _, err = process.communicate(timeout=60)
    raise RuntimeError(f"child never showed its window: {err[-2000:]}")


def run(workdir: Path, quick: bool) -> list[Result]:
    lines = SIZES["statewide"]
    store = build_state(workdir / f"startup-{lines}", lines)
    store.dispose()
    repeat = 2 if quick else 3
    ours = min(_time_child(APP_CHILD, str(workdir / f"startup-{lines}")) for _ in range(repeat))
    baseline = min(_time_child(BASELINE_CHILD) for _ in range(repeat))
    return [Result("cold start to main window (offscreen)", "statewide store", ours, baseline,
                   "≤ 3× baseline", ours <= 3 * baseline, None,
                   "baseline: minimal PySide6 window script; best of "
                   f"{repeat} fresh processes")]
