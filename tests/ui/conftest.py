"""UI fixtures: a main window over a store, with settings kept in the test's folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from ui_samples import add_sample_data

from app.models.db import Store
from app.ui.context import AppContext, AppEvents
from app.ui.main_window import MainWindow


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_context(ui_settings: QSettings) -> Callable[[Store], AppContext]:
    def make(store: Store) -> AppContext:
        assert store.data_dir is not None
        return AppContext(store, store.data_dir, AppEvents(), ui_settings)

    return make


@pytest.fixture
def region3_window(qtbot, region3_store: Store, make_context) -> MainWindow:  # noqa: ANN001
    add_sample_data(region3_store)
    window = MainWindow(make_context(region3_store))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
