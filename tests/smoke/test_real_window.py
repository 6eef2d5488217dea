"""The app shows a real X11 window (Qt's xcb plugin) on a virtual screen under Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_self_test_under_xvfb(tmp_path):
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run missing in CI: scripts/test.sh should install xvfb")
        pytest.skip("xvfb-run not installed (apt-get install xvfb xauth)")
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # let Qt pick xcb on the virtual screen
    result = subprocess.run(
        [
            xvfb_run,
            "-a",
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(tmp_path / "data"),
            "--self-test",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "self-test passed" in output, output
