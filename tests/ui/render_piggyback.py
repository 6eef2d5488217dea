"""Render the "Join a contract (piggyback)…" dialog on tests/piggyback_samples.py: member
630 joined, and a second join refused with its reasons, to look at it as a user would.

    python tests/ui/render_piggyback.py docs/screenshots

Writes piggyback_join.png. (Not a test module.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bid_samples import REF  # noqa: E402
from piggyback_samples import BOARD, JOINED, JOINER, NOTICE, joinable_scenario  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.services.piggyback import join_contract  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.dialogs.piggyback_join import PiggybackJoinDialog  # noqa: E402


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "piggyback_join.png"
    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        store = open_store(root / "state")
        init_instance(store, "state", None, "S. Coordinator")
        joinable_scenario(store, root)
        with store.transaction() as session:
            join_contract(session, REF, JOINER, NOTICE, BOARD, JOINED,
                          "regular meeting of 14 April, item 7")
        dialog = PiggybackJoinDialog(AppContext(store, root / "state", AppEvents(),
                                                QSettings(str(root / "ui.ini"),
                                                          QSettings.Format.IniFormat)), REF)
        dialog.show()
        dialog.set_dates(date(2026, 5, 1), date(2026, 5, 6), date(2026, 5, 4))
        dialog.record_join()  # refused: the reasons show under the form
        for _ in range(3):
            app.processEvents()
        if not dialog.grab().save(str(target)):
            raise RuntimeError(f"could not write {target}")
        dialog.close()
        store.dispose()
    return [target]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(f"wrote {path}")
