"""Render the Vendors page to PNG at 1280×800 as the state coordinator sees it: four
vendors, one on the Treasurer's Iran Divestment list, the lists loaded and dated, and the
planned Wi-Fi procurement chosen for the failing vendor (vendors.png); and the Compliance
lists tab (vendors_lists.png).

    python -m tests.ui.render_vendor_screens docs/screenshots

Builds the state store of render_procurement_screens in a temporary folder; nothing else is
touched. (Not a test module.)
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.services.compliance import import_list, set_list_date  # noqa: E402
from app.services.vendors import add_vendor  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.pages.vendors import VendorsPage  # noqa: E402
from tests.ui.render_procurement_screens import SIZE, planned_state  # noqa: E402

VENDORS = [
    {"name": "Carolina Network Solutions, Inc.", "dba": "CNS", "spin_498": "143028811",
     "nc_vendor_number": "56-2231907", "e_verify_affidavit": True, "e_verify_on": "2025-08-14",
     "form_473_years": "2025, 2026", "w9_on_file": True, "w9_on": "2025-08-14",
     "hub_certified": True, "hub_class": "Woman-owned (WBE)",
     "address": "4120 Six Forks Rd, Suite 300\nRaleigh, NC 27609",
     "contact_name": "Renee Whitaker", "contact_email": "bids@carolinanetsol.example",
     "contact_phone": "919-555-0143"},
    {"name": "Piedmont Technology Partners LLC", "spin_498": "143051270",
     "nc_vendor_number": "56-1874420", "e_verify_affidavit": True, "e_verify_on": "2026-01-09",
     "form_473_years": "2026", "w9_on_file": True,
     "address": "801 W Trade St\nCharlotte, NC 28202", "contact_name": "Marcus Greene",
     "contact_email": "erate@piedmonttech.example"},
    {"name": "Blue Ridge Data Systems Corp.", "dba": "BRDS", "spin_498": "143066002",
     "e_verify_affidavit": True, "e_verify_on": "2024-11-02", "form_473_years": "2026",
     "w9_on_file": False, "address": "22 Haywood St\nAsheville, NC 28801",
     "contact_name": "Lena Osei"},
    {"name": "Gulfstream Telecom Holdings Ltd", "spin_498": "143090115",
     "e_verify_affidavit": True, "e_verify_on": "2025-05-20", "form_473_years": "2026",
     "w9_on_file": True, "address": "1200 Brickell Ave\nMiami, FL 33131",
     "contact_name": "Jorge Ramírez", "contact_email": "sales@gulfstreamtel.example"},
]


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        store = planned_state(root / "state")
        iran, israel = root / "iran-divestment.csv", root / "israel-boycott.csv"
        iran.write_text("name\n\"GULFSTREAM TELECOM HOLDINGS, LTD.\"\nPersian Gulf Petroleum "
                        "Co\nKish Shipping Lines\n", encoding="utf-8")
        israel.write_text("name\nNorthwind Outdoor Gear\nHarbor Lane Apparel Inc\n",
                          encoding="utf-8")
        with store.transaction() as session:
            for values in VENDORS:
                add_vendor(session, values)
            import_list(session, "iran_divestment", iran, date(2026, 4, 15),
                        "nctreasurer.gov — Iran Divestment Act list")
            import_list(session, "israel_boycott", israel, date(2026, 4, 15),
                        "nctreasurer.gov — Divestment from Companies that Boycott Israel")
            set_list_date(session, "covered_list", date(2026, 3, 1))
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(store, root / "state", AppEvents(), settings))
        for page in window.pages:  # as render_procurement_screens: keep the window 1280 wide
            if page.minimumSizeHint().width() > SIZE[0] - 200:
                page.setMinimumSize(1, 1)
        window.resize(*SIZE)
        window.show()
        page = window.show_page_of(VendorsPage)
        assert isinstance(page, VendorsPage)
        app.processEvents()
        failing = next(r.vendor.uid for r in page.table.model.rows()
                       if r.vendor.name.startswith("Gulfstream"))
        page.select_vendor(failing)
        page.procurement.setCurrentIndex(1)
        for _ in range(3):  # the table fits its columns once it is shown
            app.processEvents()
        written.append(_save(window, out_dir / "vendors.png"))
        page.tabs.setCurrentIndex(1)
        app.processEvents()
        written.append(_save(window, out_dir / "vendors_lists.png"))
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
