"""Start-up shows the main window's frame before the database layer is even imported, then
opens the store and fills the window in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.launcher import main as cli_main

CHILD = """
import os, sys
import app.ui.main as gui
shown_before = []
trace = gui._trace
def spy(step):
    if step == "window shown":
        shown_before.append("sqlalchemy" in sys.modules)
        print("SQLALCHEMY_LOADED", shown_before[0], flush=True)
    trace(step)
gui._trace = spy
from app.launcher import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def test_window_frame_first_then_ready(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert cli_main(["--data-dir", str(tmp_path), "init", "--role", "region", "--region", "4",
                     "--operator", "Kent Eklund"]) == 0
    capsys.readouterr()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONSORTIUM_TRACE_STARTUP": "exit"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert lines == ["SQLALCHEMY_LOADED False", "startup: window shown", "startup: ready"]
