"""Render the Bids page's Allocation tab on the awarded samples of
tests/allocation_samples.py (allocated; 01B over its Category 2 budget; 010 chose Acme for
lot 2), to look at it as a user would.

    python tests/ui/render_allocation.py docs/screenshots

Writes allocation.png. (Not a test module.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from allocation_samples import awarded_scenario  # noqa: E402
from bid_samples import REF  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.services.allocation import allocate, choose_vendor  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.pages.bids import BidsPage  # noqa: E402

SIZE = (1280, 800)


def render(out_dir: Path, size: tuple[int, int] = SIZE) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "allocation.png"
    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        store = open_store(root / "state")
        init_instance(store, "state", None, "S. Coordinator")
        awarded_scenario(store, root)
        with store.transaction() as session:
            allocate(session, REF)
            choose_vendor(session, REF, "010", 2, "Acme")  # how a member's choice looks
        window = MainWindow(AppContext(store, root / "state", AppEvents(),
                                       QSettings(str(root / "ui.ini"),
                                                 QSettings.Format.IniFormat)))
        window.resize(*size)
        window.show()
        page = window.show_page_of(BidsPage)
        assert isinstance(page, BidsPage)
        page.tabs.setCurrentWidget(page.allocation)
        page.allocation.select_line("010", "1.1")
        for _ in range(3):  # the table fits its columns once it is shown
            app.processEvents()
        if not window.grab().save(str(target)):
            raise RuntimeError(f"could not write {target}")
        window.close()
        store.dispose()
    return [target]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(f"wrote {path}")
