"""The test run never touches the user's real settings or data (issue #12 item 8): the
start-up test once saved its window geometry into the real ~/.config, and the next real
start opened at 716×541."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from throwaway_home import APP_FOLDER, HOME_VARIABLES

CHILD = """
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from app.ui.main import _application
app = _application()
settings = QSettings()
settings.setValue("probe", 1)
settings.sync()
print(settings.fileName())
"""


def test_home_and_xdg_folders_are_throwaway(throwaway_home: Path) -> None:
    for var in HOME_VARIABLES:
        assert Path(os.environ[var]).is_relative_to(throwaway_home), var


def test_subprocess_settings_land_in_the_throwaway_home(throwaway_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip().splitlines()[-1])
    assert written.is_relative_to(throwaway_home), written
    assert APP_FOLDER in written.parts


def test_default_data_folder_is_throwaway(throwaway_home: Path) -> None:
    from app.paths import default_data_dir

    saved = os.environ.pop("CONSORTIUM_DATA_DIR", None)
    try:
        assert default_data_dir().is_relative_to(throwaway_home)
    finally:
        if saved is not None:
            os.environ["CONSORTIUM_DATA_DIR"] = saved
