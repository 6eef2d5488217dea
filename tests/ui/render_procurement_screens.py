"""Render the Demand and Procurements pages and the funding-year editor to PNG at 1280×800
on the statewide demo data, to look at them as the state coordinator would; and the Catalog
page with its import preview (catalog.png, catalog_import.png) on a fresh state instance.

    python -m tests.ui.render_procurement_screens docs/screenshots

Builds a state store in a temporary folder: demo data, one planned Wi-Fi procurement with
some milestones and letters of agency. Nothing else is touched. (Not a test module.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.models.db import Store  # noqa: E402
from app.services.catalog import edit_item, set_item_retired  # noqa: E402
from app.services.demo import fill_demo  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.services.letters import add_letter  # noqa: E402
from app.services.procurements import create_procurement, edit_procurement  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.dialogs.funding_year_editor import FundingYearEditor  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.pages.catalog import CatalogPage  # noqa: E402
from app.ui.pages.demand import DemandPage  # noqa: E402
from app.ui.pages.procurements import ProcurementsPage  # noqa: E402

SIZE = (1280, 800)


def planned_state(root: Path) -> Store:
    """A state store with demo data and one planned procurement (P2026-001)."""
    store = open_store(root)
    init_instance(store, "state", None, "S. Coordinator")
    fill_demo(store, seed=1)
    with store.transaction() as session:
        row = create_procurement(session, title="Statewide wireless LAN FY2026",
                                 funding_year=2026, categories=["WIRELESS"], lot_basis="item")
        for code in ("010", "020", "030", "040", "050"):
            add_letter(session, code, {
                "lead_name": "NC K-12 Consortium", "first_funding_year": 2026,
                "last_funding_year": 2027, "official_name": "A. Official",
                "official_title": "Superintendent", "signed_on": "2025-11-03",
                "services": "All E-rate eligible services"})
        edit_procurement(session, row.ref, {
            "form470_certified_on": "2026-01-05", "rfp_posted_on": "2026-01-05",
            "nc_advertised_on": "2026-01-06", "bid_due_on": "2026-02-03",
            "status": "bidding"})
    return store


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        store = planned_state(root / "state")
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        ctx = AppContext(store, root / "state", AppEvents(), settings)
        window = MainWindow(ctx)
        for page in window.pages:
            # Another page too wide for 1280 px would widen the whole window; these shots
            # are about the Demand and Procurements pages at the size users have.
            if page.minimumSizeHint().width() > SIZE[0] - 200:
                page.setMinimumSize(1, 1)
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        for page_class, name in ((DemandPage, "demand"), (ProcurementsPage, "procurements")):
            window.show_page_of(page_class)
            app.processEvents()
            written.append(_save(window, out_dir / f"{name}.png"))
        editor = FundingYearEditor(ctx, window)
        editor.resize(*SIZE)
        editor.show()
        app.processEvents()
        written.append(_save(editor, out_dir / "funding_years.png"))
        editor.close()
        window.close()
        store.dispose()
    return written + render_catalog(out_dir)


def render_catalog(out_dir: Path) -> list[Path]:
    """The Catalog page as the state keeps it (an item with a brand chosen, a retired item
    shown) and the preview of a price-list import."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        store = open_store(root / "state")
        init_instance(store, "state", None, "S. Coordinator")
        with store.transaction() as session:
            edit_item(session, "AP-WIFI6-IN", {"brand": "Cisco Meraki"})
            edit_item(session, "CB-STU-122", {"brand": "Lenovo"})
            set_item_retired(session, "CB-STU-116", True)
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        settings.setValue("catalog/show_retired", "true")
        window = MainWindow(AppContext(store, root / "state", AppEvents(), settings))
        window.resize(*SIZE)
        window.show()
        page = window.show_page_of(CatalogPage)
        assert isinstance(page, CatalogPage)
        app.processEvents()
        page.select_item("AP-WIFI6-IN")
        app.processEvents()
        written.append(_save(window, out_dir / "catalog.png"))
        prices = root / "prices-2027.csv"
        prices.write_text("code,reference_price,brand,retired\nCB-STU-122,309.00,,\n"
                          "AP-WIFI6-IN,,Aruba,\nCB-STU-116,,,no\n", encoding="utf-8")
        page.choose_and_import(str(prices))
        for _ in range(3):  # the preview fits its columns once it is shown
            app.processEvents()
        written.append(_save(page.import_dialog, out_dir / "catalog_import.png"))
        page.import_dialog.reject()
        window.close()
        store.dispose()
    return written


def _save(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for written in render(target):
        print(written)
