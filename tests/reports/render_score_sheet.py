"""Render the evaluation score sheet PDF's first page to PNG, on the sample bids of
tests/bid_samples.py with two evaluators' scores, to look at it as a reader would.

    python tests/reports/render_score_sheet.py docs/screenshots

Writes score_sheet.png. Needs `pdftoppm`. (Not a test module.)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bid_samples import REF, add_scenario  # noqa: E402

from app.cli.context import open_store  # noqa: E402
from app.models.db import Store  # noqa: E402
from app.reports.score_sheet import render_score_sheet  # noqa: E402
from app.services.evaluation import enter_score, evaluate  # noqa: E402
from app.services.instance import init_instance  # noqa: E402
from app.services.packet_issue import record_issue  # noqa: E402
from app.services.packet_settings import set_criteria  # noqa: E402

DPI = 90
FIT, SUPPORT = "Technical fit", "Support in North Carolina"
# (vendor, evaluator or None for the consensus, fit, support, comment)
SCORES = (("Acme", "Kim Evans", "28", "9", "Meets every specification; cloud management."),
          ("Acme", "Lou Park", "26", "10", "Good references from two NC districts."),
          ("Blue Ridge", "Kim Evans", "20", "6", "Ruckus substitution equivalent; weaker "
                                                 "management tools."),
          ("Blue Ridge", "Lou Park", "21", "5", ""),
          ("Acme", None, "27", "9.5", "Panel agreed on the average."),
          ("Blue Ridge", None, "20.5", "5.5", "Panel agreed."))


def add_scores(store: Store) -> None:
    with store.transaction() as session:
        set_criteria(session, REF, [
            {"name": "Price of eligible goods and services", "weight": 60,
             "is_price_of_eligible": True},
            {"name": FIT, "weight": 30}, {"name": SUPPORT, "weight": 10}])
        record_issue(session, REF, b"%PDF final packet",
                     now=datetime(2026, 1, 6, 15, 0, tzinfo=UTC))
    with store.transaction() as session:
        for vendor, evaluator, fit, support, comment in SCORES:
            enter_score(session, REF, 1, vendor, FIT, fit, evaluator, comment)
            enter_score(session, REF, 1, vendor, SUPPORT, support, evaluator)


def render(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "score_sheet.png"
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        store = open_store(scratch / "state")
        init_instance(store, "state", None, "S. Coordinator")
        add_scenario(store, scratch / "iran.csv")
        add_scores(store)
        with store.session() as session:
            pdf = render_score_sheet(evaluate(session, REF))
        store.dispose()
        source = scratch / "sheet.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1",
                        "-singlefile", str(source), str(target.with_suffix(""))], check=True)
    return [target]


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")):
        print(f"wrote {path}")
