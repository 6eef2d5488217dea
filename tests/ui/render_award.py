"""Render the Bids page's Award tab on the sample bids of tests/award_samples.py (lot 1
"multiple within 2% per line": line 1.1 awarded to both bidders, line 1.2 proposed; lot 2
single, proposed), to look at it as a user would.

    python tests/ui/render_award.py docs/screenshots

Writes award.png. (Not a test module.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from award_samples import ranked_scenario  # noqa: E402
from bid_samples import REF  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.services.award import record_award  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.pages.bids import BidsPage  # noqa: E402

SIZE = (1280, 800)


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "award.png"
    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        store = open_store(root / "state")
        init_instance(store, "state", None, "S. Coordinator")
        ranked_scenario(store, root, bases={1: "multiple within 2% per line"})
        with store.transaction() as session:
            record_award(session, REF, 1, contract="NC-2026-WIFI", signed_on="2026-03-12",
                         term_months=36, renewals=2, board_approved_on="2026-03-10",
                         line="1.1")
        window = MainWindow(AppContext(store, root / "state", AppEvents(),
                                       QSettings(str(root / "ui.ini"),
                                                 QSettings.Format.IniFormat)))
        window.resize(*SIZE)
        window.show()
        page = window.show_page_of(BidsPage)
        assert isinstance(page, BidsPage)
        page.tabs.setCurrentWidget(page.award)
        for _ in range(3):  # the table fits its rows once it is shown
            app.processEvents()
        if not window.grab().save(str(target)):
            raise RuntimeError(f"could not write {target}")
        window.close()
        store.dispose()
    return [target]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(f"wrote {path}")
