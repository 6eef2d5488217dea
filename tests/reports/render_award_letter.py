"""Render the over-budget member's award letter (01B River Mill Academy, on the awarded
sample procurement of tests/allocation_samples.py) to PNG, first page, to look at it as the
member would.

    python tests/reports/render_award_letter.py docs/screenshots

Writes award_letter.png. Needs `pdftoppm`. (Not a test module.)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from allocation_samples import awarded_scenario  # noqa: E402
from bid_samples import REF  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.services.allocation import allocate  # noqa: E402
from app.services.award_letters import award_letter_pdf  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.services.packet_settings import set_fact  # noqa: E402

DPI = 90


def render(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "award_letter.png"
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        store = open_store(scratch / "state")
        init_instance(store, "state", None, "S. Coordinator")
        awarded_scenario(store, scratch)
        with store.transaction() as session:
            set_fact(session, REF, "form470_number", "261000123")
            set_fact(session, REF, "contact", "Dana Whitfield, State E-rate Coordinator")
            allocate(session, REF)
        with store.session() as session:
            pdf = award_letter_pdf(session, REF, "01B", date(2026, 3, 20))
        store.dispose()
        source = scratch / "letter.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1",
                        "-singlefile", str(source), str(target.with_suffix(""))], check=True)
    return [target]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(f"wrote {path}")
