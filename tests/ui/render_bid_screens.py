"""Render the Bids page, the Receive dialog with a refused file, and a bid receipt to PNG:

    python -m tests.ui.render_bid_screens docs/screenshots

A state store with the packet samples' procurement and the demo's four vendors' bids, in a
temporary folder (needs `pdftoppm` for the receipt). Not a test module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from packet_samples import add_packet_samples  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.reports.bid_receipt import render_bid_receipt  # noqa: E402
from app.services import packet_settings as ps  # noqa: E402
from app.services.bids import bid_deadline, bid_receipt  # noqa: E402
from app.services.demo_bids import demo_bids  # noqa: E402
from app.services.erate import find_procurement  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.ui.context import AppContext, AppEvents  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.pages.bids import BidsPage  # noqa: E402

SIZE = (1280, 800)


def render(out_dir: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        store = open_store(root / "state")
        init_instance(store, "state", None, "Dana Whitfield")
        ref = add_packet_samples(store)
        with store.transaction() as session:
            ps.set_fact(session, ref, "bid_due_time", "2:00 PM")
            result = demo_bids(session, ref, root / "bids")
            due = bid_deadline(session, find_procurement(session, ref))
        settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(store, root / "state", AppEvents(), settings))
        window.resize(*SIZE)
        window.show()
        page = window.show_page_of(BidsPage)
        assert isinstance(page, BidsPage)
        app.processEvents()
        page.select_row("Blue Ridge Data Systems, Inc.", 1)
        app.processEvents()
        written.append(_save(window, out_dir / "bids.png"))
        dialog = page.open_receive()
        assert dialog is not None
        dialog.vendor.setCurrentIndex(dialog.vendor.findText("Coastal Plain Computers, LLC"))
        dialog.set_received_at(due - timedelta(hours=3))
        bad = next(p for p in result.folder.glob("*-v1.xlsx"))
        dialog.file_edit.setText(str(bad))
        dialog.receive()
        app.processEvents()
        written.append(_save(dialog, out_dir / "bid_receive.png"))
        dialog.reject()
        with store.session() as session:
            receipt = bid_receipt(session, ref, "Carolina Network Solutions")
        pdf = root / "receipt.pdf"
        pdf.write_bytes(render_bid_receipt(receipt))
        target = out_dir / "bid_receipt.png"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(target.with_suffix(""))], check=True)
        written.append(target)
        window.close()
        store.dispose()
    return written


def _save(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    return path


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(path)
