"""`consortium evaluate` as a purchasing officer types it: refused while sealed, scores and
consensus entered (bad ones exit 2, nothing stored), the ranking as text and JSON, and the
criteria refused once the final packet is issued."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from bid_samples import REF, add_scenario
from cli_run import run
from pypdf import PdfReader

from app.cli.context import open_store
from app.services.packet_issue import record_issue


def test_sealed_bids_are_not_evaluated(state: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(state)
    add_scenario(store, tmp_path / "iran.csv", open_them=False)
    store.dispose()
    code, out, err = run(capsys, state, "evaluate", "show", REF)
    assert code == 2 and "sealed until the opening" in err and "$" not in out


def test_score_consensus_rank_and_frozen_criteria(state: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(state)
    add_scenario(store, tmp_path / "iran.csv")
    store.dispose()
    code, _out, err = run(capsys, state, "packet", "criteria", REF, "--set", "Price=60",
                          "--set", "Technical fit=30", "--set", "Support=10",
                          "--price", "Price")
    assert code == 0, err
    store = open_store(state)
    with store.transaction() as session:
        record_issue(session, REF, b"%PDF final")
    store.dispose()
    code, _out, err = run(capsys, state, "packet", "criteria", REF, "--set", "Price=50",
                          "--set", "Technical fit=40", "--set", "Support=10",
                          "--price", "Price")
    assert code == 2 and "post-hoc re-weighting is not accepted" in err
    code, out, err = run(capsys, state, "evaluate", "score", REF, "--lot", "1", "--vendor",
                         "Acme", "--criterion", "Technical fit", "--points", "28", "--by",
                         "Kim Evans", "--comment", "meets every specification")
    assert code == 0, err
    assert "Technical fit 28 (Kim Evans)" in out
    code, _out, err = run(capsys, state, "evaluate", "score", REF, "--lot", "1", "--vendor",
                          "Acme", "--criterion", "Technical fit", "--points", "31", "--by",
                          "Kim Evans")
    assert code == 2 and "outside 0..30" in err
    code, _out, err = run(capsys, state, "evaluate", "consensus", REF, "--lot", "1",
                          "--vendor", "Acme", "--criterion", "Price", "--points", "50")
    assert code == 2 and "scored by the packet's formula" in err
    for vendor, fit, support in (("Acme", "27", "10"), ("Blue Ridge", "20", "6")):
        for criterion, points in (("Technical fit", fit), ("Support", support)):
            code, _out, err = run(capsys, state, "evaluate", "consensus", REF, "--lot", "1",
                                  "--vendor", vendor, "--criterion", criterion, "--points",
                                  points, "--comment", "panel")
            assert code == 0, err
    code, out, err = run(capsys, state, "evaluate", "show", REF)
    assert code == 0, err
    assert "frozen by the final packet issued" in out
    assert "lowest responsive lot total ÷ bidder's lot total × 60 points" in out
    assert "96.05" in out and "86.00" in out and "not responsive" in out
    assert "no consensus score for Technical fit, Support" in out  # lot 2's Acme
    code, out, err = run(capsys, state, "evaluate", "show", REF, "--lot", "1", "--json")
    data = json.loads(out)
    assert code == 0 and [lot["lot"] for lot in data["lots"]] == [1]
    first = data["lots"][0]["vendors"][0]
    assert first["vendor"] == "Acme Networks Inc" and first["rank"] == 1
    assert first["evaluator_scores"][0]["comment"] == "meets every specification"
    code, _out, err = run(capsys, state, "evaluate", "show", REF, "--lot", "9")
    assert code == 2 and "has no lot 9" in err
    pdf = tmp_path / "scores.pdf"
    code, out, err = run(capsys, state, "evaluate", "sheet", REF, "--out", str(pdf))
    assert code == 0 and "wrote" in out, err
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages))
    assert "59,990.00 ÷ 60,950.00 × 60" in text and "59.05" in text and "96.05" in text
    assert "meets every specification" in text and "Kim Evans" in text
    assert "Signature" in text and "keep 10 years" in text
    code, _out, err = run(capsys, state, "evaluate", "sheet", REF, "--out",
                          str(tmp_path / "scores.txt"))
    assert code == 2 and "is a PDF" in err


def test_packet_build_final_records_the_issue_and_freezes_the_criteria(
        state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from packet_samples import add_packet_samples

    from app.services import packet_settings as ps
    from app.services.figures import confirm_figures
    from app.services.letters import add_letter

    store = open_store(state)
    ref = add_packet_samples(store)
    with store.transaction() as session:
        for name, value in {"form470_number": "260012345", "contact": "Dana Whitfield",
                            "contact_email": "bids@example.org",
                            "contact_phone": "919-555-0100", "bid_due_time": "2:00 p.m.",
                            "opening_place": "the state office, Raleigh"}.items():
            ps.set_fact(session, ref, name, value)
        ps.set_award_basis(session, ref, "multiple within 10%")
        add_letter(session, "010", {
            "lead_name": "NC K-12 Technology Purchasing Consortium",
            "first_funding_year": 2026, "last_funding_year": 2026,
            "official_name": "Pat Official", "official_title": "Superintendent",
            "signed_on": "2025-10-01", "services": "All E-rate eligible services"})
        for code in ("010", "600", "920"):
            confirm_figures(session, code, 2026, "Pat Official")
    store.dispose()
    draft = tmp_path / "draft.pdf"
    assert run(capsys, state, "packet", ref, "--out", str(draft))[0] == 0
    # A packet printed without --final is not the one posted: nothing is frozen.
    code, _out, err = run(capsys, state, "packet", "criteria", ref, "--set", "Price=55",
                          "--set", "Fit=25", "--set", "Refs=20", "--price", "Price")
    assert code == 0, err
    final = tmp_path / "final.pdf"
    code, out, err = run(capsys, state, "packet", ref, "--final", "--out", str(final))
    assert code == 0 and "final packet" in out, err
    code, _out, err = run(capsys, state, "packet", "criteria", ref, "--set", "Price=60",
                          "--set", "Fit=20", "--set", "Refs=20", "--price", "Price")
    assert code == 2 and "post-hoc re-weighting is not accepted" in err
    assert "with these weights: Price 55, Fit 25, Refs 20" in err
    code, out, _err = run(capsys, state, "packet", "criteria", ref, "--json")
    assert [c["weight"] for c in json.loads(out)["criteria"]] == [55, 25, 20]
