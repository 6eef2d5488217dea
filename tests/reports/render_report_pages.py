"""Render the pages of the bid packet and region summary that carry the exhibit by member and
the charts to PNG, on the statewide demo data, to look at them as a reader would.

    python -m tests.reports.render_report_pages docs/screenshots

Builds a state store in a temporary folder (demo data, a statewide Wi-Fi procurement and one
for all demand) and writes packet_exhibit.png (the grid), packet_exhibit_list.png (the list
form, all demand), packet_demand_chart.png and region_summary_chart.png. Needs `pdftoppm`.
Nothing else is touched. (Not a test module.)
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

from app.cli.context import open_store
from app.reports.packet.render import render_packet
from app.reports.region_summary import render_region_summary
from app.services.demo import fill_demo
from app.services.instance import init_instance
from app.services.packets import build_packet
from app.services.procurements import create_procurement, edit_procurement
from app.services.region_summary_data import region_summary

DPI = 100  # 850 × 1100 for a Letter page, as the other packet pictures


def _page(pdf: bytes, text: str, after: int = 2) -> int:
    """The first page (1-based) past the contents whose text holds `text`."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return next(i + 1 for i, p in enumerate(pages) if i >= after and text in p.extract_text())


def _png(pdf: bytes, page: int, scratch: Path, target: Path) -> Path:
    source = scratch / f"{target.stem}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                    "-singlefile", str(source), str(target.with_suffix(""))], check=True)
    return target


def render(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        store = open_store(scratch / "state")
        init_instance(store, "state", None, "S. Coordinator")
        fill_demo(store, seed=1)
        refs = {}
        with store.transaction() as session:
            for key, title, categories in (("wifi", "Statewide wireless LAN FY2026",
                                            ["WIRELESS"]),
                                           ("all", "Statewide technology FY2026", [])):
                row = create_procurement(session, title=title, funding_year=2026,
                                         categories=categories, lot_basis="item")
                edit_procurement(session, row.ref, {
                    "form470_certified_on": "2026-01-05", "rfp_posted_on": "2026-01-05",
                    "bid_due_on": "2026-02-03"})
                refs[key] = row.ref
        with store.session() as session:
            wifi = render_packet(build_packet(session, refs["wifi"]))
            every = render_packet(build_packet(session, refs["all"]))
            summary = render_region_summary(region_summary(session, 4, 2026))
        store.dispose()
        # The page after the heading's: a whole page of the grid.
        exhibit = _page(wifi, "Exhibit B — quantities by member") + 1
        return [
            _png(wifi, exhibit, scratch, out_dir / "packet_exhibit.png"),
            _png(every, _page(every, "Lot lines and quantities") + 1, scratch,
                 out_dir / "packet_exhibit_list.png"),
            _png(wifi, _page(wifi, "Participating members per region"), scratch,
                 out_dir / "packet_demand_chart.png"),
            _png(summary, 1, scratch, out_dir / "region_summary_chart.png"),
        ]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(path)
