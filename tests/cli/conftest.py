"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run


@pytest.fixture
def state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A state instance's data folder, initialised from the command line."""
    data = tmp_path / "state"
    assert run(capsys, data, "init", "--role", "state", "--operator", "Ann Lee")[0] == 0
    return data
