"""The PyInstaller-built app starts, migrates a new store, shows its window and exits 0.

scripts/test.sh builds it (when CI is set or with --with-frozen) and exports FROZEN_APP.
"""

from __future__ import annotations

import os
import subprocess

import pytest

pytestmark = pytest.mark.slow


def test_frozen_app_self_test(tmp_path):
    frozen_app = os.environ.get("FROZEN_APP")
    if not frozen_app:
        if os.environ.get("CI"):
            pytest.fail("CI is set but FROZEN_APP is not: scripts/test.sh should have built it")
        pytest.skip("FROZEN_APP not set (run scripts/test.sh --with-frozen)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [frozen_app, "--data-dir", str(tmp_path / "data"), "--self-test"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "self-test passed" in output, output
