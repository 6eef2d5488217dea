"""The all-needs grid with the stress data set (~100k lines): load, sort, filter one
keystroke — absolute times, offscreen. Then, in a fresh process, the whole app with those
lines loaded, for its peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import SIZES, cached_state
from benchmarks.measure import Result, peak_rss_mb, timed

# Issue 20's targets: the machine's limit rather than merely usable.
LOAD_LIMIT_S, SORT_LIMIT_S, KEYSTROKE_LIMIT_S = 0.6, 0.15, 0.05
MEMORY_LIMIT_MB = 300


def _stress_store(workdir: Path, quick: bool) -> tuple[Path, int]:
    lines = SIZES["statewide"] if quick else SIZES["stress"]
    return cached_state(workdir, lines), lines


def median_of_three(action: Callable[[], None], reset: Callable[[], None]) -> float:
    """Seconds of `action`, the median of three runs with `reset` (untimed) before each."""
    times = []
    for _ in range(3):
        reset()
        times.append(timed(action)[0])
    return sorted(times)[1]


def run(workdir: Path, quick: bool) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from app.cli.context import open_store
    from app.ui.context import AppContext, AppEvents
    from app.ui.pages.all_needs import AllNeedsTab

    folder, _ = _stress_store(workdir, quick)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = open_store(folder)
    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    tab = AllNeedsTab(AppContext(store, folder, AppEvents(), settings))
    tab.resize(1280, 800)
    tab.show()
    app.processEvents()

    def load() -> None:
        tab.refresh()
        app.processEvents()

    # The median of three loads: one load is a single sample on a noisy shared machine
    # (1.6–2.2 s for the same code within minutes).
    loads = [timed(load)[0]]
    load_peak = peak_rss_mb()  # one load's memory: later loads briefly hold two copies
    loads += [timed(load)[0] for _ in range(2)]
    load_s = sorted(loads)[1]
    count = tab.table.model.rowCount()
    amount = next(i for i, c in enumerate(tab.table.model.columns) if c.header == "Amount")

    def sort() -> None:
        tab.table.view.sortByColumn(amount, Qt.SortOrder.DescendingOrder)
        app.processEvents()

    def unsort() -> None:  # untimed, so each timed sort starts from another order
        tab.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        app.processEvents()

    def keystroke() -> None:
        tab.table.filter_edit.setText("w")
        tab.table.apply_filter()  # what the typing pause triggers
        app.processEvents()

    def clear() -> None:  # untimed: back to every line before the next keystroke
        tab.table.filter_edit.setText("")
        tab.table.apply_filter()
        app.processEvents()

    sort_s = median_of_three(sort, unsort)
    key_s = median_of_three(keystroke, clear)
    keystroke()
    shown = tab.table.proxy.rowCount()
    clear()
    load()  # untimed: each column's first sort after a load, its keys built then
    columns = tab.table.model.columns
    firsts = {}
    for column in [*range(1, len(columns)), 0]:
        firsts[columns[column].header] = timed(lambda c=column: (
            tab.table.view.sortByColumn(c, Qt.SortOrder.AscendingOrder),
            app.processEvents()))[0]
    slowest = max(firsts, key=firsts.__getitem__)
    size = f"{count:,} lines"
    results = [
        Result("all-needs grid: load", size, load_s, None, f"≤ {LOAD_LIMIT_S:g} s",
               load_s <= LOAD_LIMIT_S, load_peak,
               "median of 3; database read, model, column sizing"),
        Result("all-needs grid: sort by amount", size, sort_s, None,
               f"≤ {SORT_LIMIT_S * 1000:g} ms", sort_s <= SORT_LIMIT_S, None,
               "median of 3; keys built once per load"),
        Result("all-needs grid: first sort of each column, the slowest", size,
               firsts[slowest], None, f"≤ {SORT_LIMIT_S * 1000:g} ms",
               firsts[slowest] <= SORT_LIMIT_S, None,
               f"one sort of each column after a load (keys built then); slowest: "
               f"{slowest}"),
        Result("all-needs grid: filter one keystroke", size, key_s, None,
               f"≤ {KEYSTROKE_LIMIT_S * 1000:g} ms", key_s <= KEYSTROKE_LIMIT_S, None,
               f"median of 3; 'w' leaves {shown:,} lines"),
    ]
    store.dispose()
    results.append(_app_memory(folder, size))
    return results


APP_MEMORY_CHILD = """
import resource, sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from app.cli.context import open_store
from app.ui.context import AppContext, AppEvents
from app.ui.main_window import MainWindow
from app.ui.pages.needs import NeedsPage
app = QApplication(sys.argv[:1])
store = open_store(__import__("pathlib").Path(sys.argv[1]))
settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
window = MainWindow(AppContext(store, sys.argv[1], AppEvents(), settings))
window.show()
page = window.show_page_of(NeedsPage)
page.tabs.setCurrentWidget(page.all_needs)
app.processEvents()
print("ROWS", page.all_needs.table.model.rowCount())
print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _app_memory(folder: Path, size: str) -> Result:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", APP_MEMORY_CHILD, str(folder)],
                          capture_output=True, text=True, env=env, timeout=600)
    values = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    if "PEAK" not in values:
        raise RuntimeError(done.stderr[-2000:])
    peak = float(values["PEAK"])
    return Result("app peak memory, all needs loaded", size, None, None,
                  f"≤ {MEMORY_LIMIT_MB} MB", peak <= MEMORY_LIMIT_MB, peak,
                  f"whole main window, {int(values['ROWS']):,} lines in the grid")
