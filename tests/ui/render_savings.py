"""Render the Dashboard's savings panel, to look at it as a user would: over the allocated
sample procurement of tests/allocation_samples.py (one region), and with eight regions'
figures put in directly (the statewide size).

    python tests/ui/render_savings.py OUT_DIR

Writes dashboard_savings.png (the page at 1280×800, scrolled to the panel) and
savings_panel_8_regions.png. (Not a test module.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from allocation_samples import awarded_scenario  # noqa: E402
from bid_samples import REF  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.rules.savings import SavingsFigures  # noqa: E402
from app.services.allocation import allocate  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.services.savings import SavingsReport, SavingsRow  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.widgets import savings_panel  # noqa: E402

SIZE = (1280, 800)
REGIONS = ("Northeast", "Southeast", "Central", "Sandhills", "Piedmont-Triad", "Southwest",
           "Northwest", "Western")


def _eight_regions(sample: SavingsReport) -> SavingsReport:
    regions = tuple(SavingsRow(str(n), name, SavingsFigures(
        300, Decimal(9_000_000 + n * 731_000), Decimal(7_600_000 + n * 600_000),
        Decimal(4_000_000 + n * 300_000), 40, 120)) for n, name in enumerate(REGIONS, start=1))
    return SavingsReport(sample.scope, ("P2026-001", "P2026-002", "P2026-003"),
                         SavingsFigures(2400, Decimal(112_345_678), Decimal(98_765_432),
                                        Decimal(50_000_000), 314, 960), regions)


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch_dir:
        root = Path(scratch_dir)
        store = open_store(root / "state")
        init_instance(store, "state", None, "S. Coordinator")
        awarded_scenario(store, root)
        with store.transaction() as session:
            allocate(session, REF)
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(store, root / "state", AppEvents(), settings))
        window.resize(*SIZE)
        window.show()
        window.show_page(0)
        app.processEvents()
        page = window.current_page()
        panel = page.savings_panel  # type: ignore[attr-defined]
        scroll = page.findChild(QScrollArea)
        scroll.ensureWidgetVisible(panel)
        app.processEvents()
        first = out_dir / "dashboard_savings.png"
        window.grab().save(str(first))
        window.resize(SIZE[0], 1100)  # the panel whole, with eight regions
        statewide = _eight_regions(panel.report)
        original = savings_panel.savings_report
        savings_panel.savings_report = lambda *_a, **_k: statewide  # type: ignore[assignment]
        try:
            page.refresh()
        finally:
            savings_panel.savings_report = original  # type: ignore[assignment]
        app.processEvents()
        second = out_dir / "savings_panel_8_regions.png"
        panel.grab().save(str(second))
        window.close()
        store.dispose()
    return [first, second]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
