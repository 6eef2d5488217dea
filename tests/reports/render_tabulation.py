"""Render the public bid tabulation PDF (first pages) and the Bids page's tabulation panel
to PNG, on the sample bids of tests/bid_samples.py, to look at them as a reader would.

    python tests/reports/render_tabulation.py docs/screenshots

Writes bid_tabulation_pdf.png (page 2: the first lot's table and responsiveness; other
pages as bid_tabulation_pdf_N.png when asked for) and bid_tabulation.png (the panel,
offscreen Qt). Needs `pdftoppm`. (Not a test module.)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bid_samples import REF, add_scenario  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.reports.bid_tabulation import render_bid_tabulation  # noqa: E402
from app.services.bid_tabulation import tabulate  # noqa: E402
from app.services.instance import init_instance  # noqa: E402

DPI = 90


def render(out_dir: Path, pages: tuple[int, ...] = (2,)) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        store = open_store(scratch / "state")
        init_instance(store, "state", None, "S. Coordinator")
        add_scenario(store, scratch / "iran.csv")
        with store.session() as session:
            pdf = render_bid_tabulation(tabulate(session, REF))
        source = scratch / "tab.pdf"
        source.write_bytes(pdf)
        for page in pages:
            target = out_dir / ("bid_tabulation_pdf.png" if page == 2
                                else f"bid_tabulation_pdf_{page}.png")
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l",
                            str(page), "-singlefile", str(source),
                            str(target.with_suffix(""))], check=True)
            written.append(target)
        written.append(_panel(store, out_dir / "bid_tabulation.png"))
        store.dispose()
    return written


def _panel(store: object, target: Path) -> Path:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.ui.context import AppContext, AppEvents
    from app.ui.pages.bids_tabulation import TabulationPanel

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(target.with_suffix(".ini")), QSettings.Format.IniFormat)
    ctx = AppContext(store, store.data_dir, AppEvents(), settings)  # type: ignore[attr-defined, arg-type]
    panel = TabulationPanel(ctx)
    panel.set_procurement(REF)
    panel.resize(1280, 780)
    panel.show()
    app.processEvents()
    panel.grab().save(str(target))
    target.with_suffix(".ini").unlink(missing_ok=True)
    return target


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tab")):
        print(path)
