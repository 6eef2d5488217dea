"""Render every page and the first-run dialog to PNG, to look at them as a user would.

    python -m tests.ui.render_screenshots docs/screenshots

Builds a Region 4 store with the demo data in a temporary folder (Moore County Schools, 630,
chosen on the Members page); nothing else is touched. Also writes the first page of Moore's
confirmation sheet as confirmation_sheet.png (needs `pdftoppm`).
(Not a test module: pytest collects only test_*.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.reports.confirmation import render_confirmation  # noqa: E402
from app.services.demo import fill_demo  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.services.letters import add_letter  # noqa: E402
from app.services.reports_data import confirmation_sheet  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.dialogs.first_run import FirstRunDialog  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.pages.bids import BidsPage  # noqa: E402
from app.ui.pages.catalog import CatalogPage  # noqa: E402
from app.ui.pages.demand import DemandPage  # noqa: E402
from app.ui.pages.members import MembersPage  # noqa: E402
from app.ui.pages.needs import NeedsPage  # noqa: E402
from app.ui.pages.procurements import ProcurementsPage  # noqa: E402
from app.ui.pages.reports import ReportsPage  # noqa: E402
from app.ui.pages.vendors import VendorsPage  # noqa: E402

# The state's pages: render_procurement_screens.py shows them with a planned procurement
# (and the Catalog as the state keeps it); a region's copy of them would overwrite those
# pictures with empty or read-only pages (render_vendor_screens.py draws the Vendors page).
STATE_PAGES = (DemandPage, ProcurementsPage, ReportsPage, CatalogPage, VendorsPage, BidsPage)

SIZE = (1280, 800)
MEMBER = "630"  # Moore County Schools


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

        store = open_store(root / "region4")
        init_instance(store, "region", 4, "Dana Whitfield")
        fill_demo(store, seed=1)  # the data a new user sees after `consortium demo`
        _add_sample_letter(store)
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(store, root / "region4", AppEvents(), settings))
        window.resize(*SIZE)
        window.show()
        app.processEvents()
        _warn_oversized(window)
        for index, page in enumerate(window.pages):
            if isinstance(page, STATE_PAGES):
                continue
            window.show_page(index)
            app.processEvents()
            if isinstance(page, MembersPage):
                page.select_member(MEMBER)
                app.processEvents()
            if isinstance(page, NeedsPage):
                page.entry.select_member(MEMBER, focus=False)
                app.processEvents()
            name = page.title.lower().replace(" ", "_")
            written.append(_save(window, out_dir / f"{name}.png"))
            if isinstance(page, NeedsPage):
                written += _needs_extras(app, window, page, root, out_dir)
            if isinstance(page, MembersPage):
                page.detail.tabs.setCurrentWidget(page.detail.letters)
                for _ in range(3):  # the tab fits its columns once it is shown
                    app.processEvents()
                written.append(_save(window, out_dir / "member_detail.png"))
                page.detail.tabs.setCurrentIndex(0)
        window.close()
        written.append(_confirmation_png(store, root, out_dir / "confirmation_sheet.png"))
        store.dispose()
    return written


def _add_sample_letter(store) -> None:  # noqa: ANN001
    with store.transaction() as session:
        add_letter(session, MEMBER, {
            "lead_name": "Sandhills Regional Technology Consortium",
            "first_funding_year": "2026", "last_funding_year": "2028",
            "official_name": "Monica Jenkins", "official_title": "Superintendent",
            "signed_on": "2025-10-14", "services": "All E-rate eligible services"})
        add_letter(session, MEMBER, {"first_funding_year": "2025",
                                     "last_funding_year": "2025",
                                     "official_name": "Monica Jenkins"})


def _confirmation_png(store, root: Path, target: Path) -> Path:  # noqa: ANN001
    with store.session() as session:
        pdf = render_confirmation(confirmation_sheet(session, MEMBER))
    source = root / "confirmation.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(target.with_suffix(""))], check=True)
    return target


def _warn_oversized(window: MainWindow) -> None:
    """A page whose minimum size exceeds 1280×800 widens every screenshot: name it."""
    if (window.width(), window.height()) == SIZE:
        return
    for page in window.pages:
        hint = page.minimumSizeHint()
        print(f"warning: the window is {window.width()}×{window.height()}, not "
              f"{SIZE[0]}×{SIZE[1]}; {page.title} needs at least {hint.width()}×"
              f"{hint.height()}", file=sys.stderr)


def _needs_extras(app, window, page, root: Path, out_dir: Path) -> list[Path]:  # noqa: ANN001
    """The All needs tab, and the import preview of a file with a changed line, a new one
    and two bad rows."""
    import csv
    import time

    from app.services.tabular_needs import export_needs
    from app.ui.dialogs.needs_import import NeedsImportDialog

    page.tabs.setCurrentWidget(page.all_needs)
    app.processEvents()
    shots = [_save(window, out_dir / "needs_all.png")]
    page.tabs.setCurrentWidget(page.entry)
    path = root / "moore-needs.csv"
    with page.ctx.store.session() as session:
        export_needs(session, path, member_code=MEMBER)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    head = rows[0]
    rows[1][head.index("quantity")] = "250"
    for values in ({"item": "DOC-CAM-4K", "quantity": "12"},
                   {"description": "Interactive display 75in", "quantity": "four",
                    "unit": "each", "unit_price": "2499"},
                   {"item": "NO-SUCH-ITEM", "quantity": "3"}):
        values = {"member": MEMBER, **values}
        rows.append([values.get(k, "") for k in head])
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    dialog = NeedsImportDialog(page.ctx, page.entry.runner, path, window)
    dialog.show()
    dialog.start()
    deadline = time.monotonic() + 30
    while dialog.preview is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    shots.append(_save(dialog, out_dir / "needs_import.png"))
    dialog.close()
    return shots


def _save(widget, path: Path) -> Path:  # noqa: ANN001
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for written in render(target):
        print(written)
