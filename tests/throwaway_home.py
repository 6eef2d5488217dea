"""What the test run keeps away from the user's real home (see the `throwaway_home`
fixture in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

# Where the app keeps per-user files (QSettings, platformdirs): redirected for every test
# and every subprocess a test starts, so a test run never moves the user's real window.
HOME_VARIABLES = {"HOME": "", "XDG_CONFIG_HOME": ".config", "XDG_DATA_HOME": ".local/share",
                  "XDG_CACHE_HOME": ".cache"}
APP_FOLDER = "ConsortiumBuying"


def real_app_folders() -> list[Path]:
    """The app's folders under the real home: settings, data and cache."""
    home = Path(os.environ.get("HOME") or Path.home())
    bases = [os.environ.get(var) or home / sub for var, sub in HOME_VARIABLES.items()
             if var != "HOME"]
    return [Path(base) / APP_FOLDER for base in bases]


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under the folders with its size and modification time."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.exists() else []:
            if path.is_file():
                stat = path.stat()
                seen[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return seen
