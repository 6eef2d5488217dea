"""The launcher tells the GUI path from a CLI command without loading the CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.launcher import gui_args


@pytest.mark.parametrize("argv,gui", [
    ([], True),
    (["--data-dir", "/tmp/x"], True),
    (["--data-dir=/tmp/x", "--self-test"], True),
    (["--db", "sqlite:///x.db", "--self-test"], True),
    (["info"], False),
    (["--data-dir", "/tmp/x", "needs", "list"], False),
    (["--help"], False),
    (["--version"], False),
    (["--data-dir"], False),
])
def test_gui_args(argv: list[str], gui: bool) -> None:
    assert (gui_args(argv) is not None) is gui


def test_gui_path_does_not_load_the_cli() -> None:
    code = ("import sys, app.launcher as l\n"
            "assert l.gui_args(['--data-dir', '/tmp/x']) is not None\n"
            "assert 'app.cli' not in sys.modules, 'CLI loaded'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
