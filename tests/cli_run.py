"""Running `consortium` in-process as a person types it, for the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.launcher import main


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of `consortium --data-dir DATA ARGS`."""
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err
