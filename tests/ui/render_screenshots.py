"""Render every page and the first-run dialog to PNG, to look at them as a user would.

    python -m tests.ui.render_screenshots docs/screenshots

Builds a Region 3 store with the demo data in a temporary folder; nothing else is touched.
(Not a test module: pytest collects only test_*.py.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.services.demo import fill_demo  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.dialogs.first_run import FirstRunDialog  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

SIZE = (1280, 800)


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        fresh = open_store(root / "fresh")
        dialog = FirstRunDialog(fresh, Path("~/.local/share/ConsortiumBuying").expanduser())
        dialog.show()
        app.processEvents()
        written.append(_save(dialog, out_dir / "first_run.png"))
        dialog.close()
        fresh.dispose()

        store = open_store(root / "region3")
        init_instance(store, "region", 3, "A. Coordinator")
        fill_demo(store, seed=1)  # the data a new user sees after `consortium demo`
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(store, root / "region3", AppEvents(), settings))
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        for index, page in enumerate(window.pages):
            window.show_page(index)
            app.processEvents()
            name = page.title.lower().replace(" ", "_")
            written.append(_save(window, out_dir / f"{name}.png"))
        window.close()
        store.dispose()
    return written


def _save(widget, path: Path) -> Path:  # noqa: ANN001
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for written in render(target):
        print(written)
