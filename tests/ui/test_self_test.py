"""`python -m app --self-test` in a fresh process, as the installer's smoke test runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CONSORTIUM_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_self_test_on_a_new_folder(tmp_path: Path) -> None:
    data = tmp_path / "new"
    result = _run("--data-dir", str(data), "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed: Consortium Buying — State coordinator" in result.stdout
    again = _run("--data-dir", str(data), "--self-test")  # now initialised: opens as it is
    assert again.returncode == 0, again.stdout + again.stderr


def test_self_test_refuses_to_initialise_a_used_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("someone's files", encoding="utf-8")
    result = _run("--data-dir", str(tmp_path), "--self-test")
    assert result.returncode == 1
    assert "self-test FAILED" in result.stdout
    assert "not initialised" in result.stdout
