"""Evaluation: the criteria frozen by the final packet's issue, price points by the packet's
formula from the tabulation, evaluators' and consensus scores, the ranking per lot and the
E-rate check on the frozen criteria."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from bid_samples import REF, add_scenario, make_procurement
from sqlalchemy import select

from app.errors import UserError
from app.models.db import Store
from app.models.evaluation import EvaluationScore, PacketIssue
from app.models.instance import AuditEntry
from app.models.procurement import Procurement
from app.services.evaluation import enter_score, evaluate
from app.services.packet_issue import frozen_criteria, record_issue
from app.services.packet_settings import list_criteria, set_criteria

D = Decimal
ISSUED = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)
CRITERIA = [{"name": "Price", "weight": "60", "is_price_of_eligible": True},
            {"name": "Technical fit", "weight": "30"}, {"name": "Support", "weight": "10"}]


def test_the_final_packet_freezes_its_criteria(state_store: Store) -> None:
    make_procurement(state_store)
    with state_store.transaction() as session:
        set_criteria(session, REF, CRITERIA)
        issue = record_issue(session, REF, b"%PDF final", now=ISSUED)
    assert issue.sha256 == hashlib.sha256(b"%PDF final").hexdigest()
    assert [c["weight"] for c in json.loads(issue.criteria_json)] == [60, 30, 10]
    changed = [dict(c) for c in CRITERIA]
    changed[0]["weight"], changed[1]["weight"] = "50", "40"
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="post-hoc re-weighting is not accepted") as error:
            set_criteria(session, REF, changed)
    assert "2026-01-06 10:00 EST" in str(error.value) and "Price 60" in str(error.value)
    assert "2 CFR 200.320" in str(error.value)
    with state_store.session() as session:
        assert [r.weight for r in list_criteria(session, REF)[0]] == [60, 30, 10]
        rows, frozen = frozen_criteria(session, REF)
        assert frozen is not None and [r.name for r in rows] == ["Price", "Technical fit",
                                                                  "Support"]
        assert session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "packet_issues")).one().operator


def test_without_an_issue_the_criteria_may_change_and_defaults_are_snapshotted(
        state_store: Store) -> None:
    make_procurement(state_store)
    with state_store.transaction() as session:
        set_criteria(session, REF, CRITERIA)  # no issue yet: allowed
        set_criteria(session, REF, CRITERIA)
    with state_store.session() as session:
        assert frozen_criteria(session, REF)[1] is None


def _scenario(store: Store, tmp_path: Path, issued: bool = True) -> None:
    add_scenario(store, tmp_path / "iran.csv")
    with store.transaction() as session:
        set_criteria(session, REF, CRITERIA)
        if issued:
            record_issue(session, REF, b"%PDF final", now=ISSUED)


def test_price_points_by_the_formula_scores_and_ranking(state_store: Store,
                                                        tmp_path: Path) -> None:
    _scenario(state_store, tmp_path)
    with state_store.session() as session:
        lot1 = evaluate(session, REF, lot=1).lots[0]
    by = {v.vendor: v for v in lot1.vendors}
    # Lot 1 totals: Acme 60,950.00, Blue Ridge 59,990.00 (lowest responsive).
    assert lot1.lowest_total == D("59990.00")
    assert by["Blue Ridge Technology LLC"].price_points == D("60.00")
    assert by["Acme Networks Inc"].price_points == D("59.05")  # 59990 / 60950 × 60
    assert by["Petro Example Corporation"].price_points is None  # on the Iran list
    assert "not responsive" in by["Petro Example Corporation"].why_not_ranked
    assert all(v.rank is None for v in lot1.vendors)  # no consensus yet
    assert "no consensus score for Technical fit, Support" in \
        by["Acme Networks Inc"].why_not_ranked
    with state_store.transaction() as session:
        enter_score(session, REF, 1, "Acme Networks Inc", "technical fit", "28", "Kim Evans",
                    "meets every specification")
        enter_score(session, REF, 1, "Acme Networks Inc", "Technical fit", "26", "Lou Park")
        enter_score(session, REF, 1, "Acme Networks Inc", "Technical fit", "27", None,
                    "panel agreed")
        enter_score(session, REF, 1, "Acme Networks Inc", "Support", "10", None)
        enter_score(session, REF, 1, "Blue Ridge", "Technical fit", "20", None,
                    "Ruckus substitution: equivalent, weaker management")
        enter_score(session, REF, 1, "Blue Ridge", "Support", "5", None)
        enter_score(session, REF, 1, "Blue Ridge", "Support", "6", None)  # replaces the 5
    with state_store.session() as session:
        lot1 = evaluate(session, REF, lot=1).lots[0]
    acme, blue = lot1.vendors[0], lot1.vendors[1]
    assert (acme.vendor, acme.total, acme.rank) == ("Acme Networks Inc", D("96.05"), 1)
    assert (blue.vendor, blue.total, blue.rank) == ("Blue Ridge Technology LLC", D("86.00"),
                                                    2)
    assert [(s.evaluator, s.points) for s in acme.evaluator_scores] == [
        ("Kim Evans", D("28")), ("Lou Park", D("26"))]
    assert acme.consensus[0].comment == "panel agreed"
    assert lot1.problems == ()


@pytest.mark.parametrize(("vendor", "criterion", "points", "message"), [
    ("Acme Networks Inc", "Price", "50", "scored by the packet's formula"),
    ("Acme Networks Inc", "Technical fit", "31", "outside 0..30"),
    ("Acme Networks Inc", "Technical fit", "-1", "outside 0..30"),
    ("Acme Networks Inc", "Technical fit", "ten", "not a number"),
    ("Acme Networks Inc", "Warranty", "3", "not one of the packet's criteria"),
    ("Petro Example Corporation", "Support", "3", "not responsive"),
])
def test_bad_scores_are_refused_and_nothing_is_stored(
        state_store: Store, tmp_path: Path, vendor: str, criterion: str, points: str,
        message: str) -> None:
    _scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match=message):
            enter_score(session, REF, 1, vendor, criterion, points, "Kim Evans")
    with state_store.session() as session:
        assert session.scalars(select(EvaluationScore)).all() == []


def test_sealed_bids_cannot_be_evaluated(state_store: Store, tmp_path: Path) -> None:
    add_scenario(state_store, tmp_path / "iran.csv", open_them=False)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="sealed until the opening"):
            evaluate(session, REF)
        with pytest.raises(UserError, match="sealed until the opening"):
            enter_score(session, REF, 1, "Acme Networks Inc", "Support", "3", None)


def test_scoring_follows_the_frozen_criteria_and_checks_the_erate_rule(
        state_store: Store, tmp_path: Path) -> None:
    _scenario(state_store, tmp_path)
    with state_store.session() as session:
        result = evaluate(session, REF)
    assert [c.weight for c in result.criteria] == [60, 30, 10]
    assert result.formula == "lowest responsive lot total ÷ bidder's lot total × 60 points"
    assert result.issued_at is not None and result.as_json()["frozen_by_issue"]["sha256"]


def test_erate_rule_is_checked_on_the_snapshot(state_store: Store, tmp_path: Path) -> None:
    """A snapshot where price does not outweigh another criterion (recorded before the
    rule was enforced at entry, say) is flagged on every lot of an E-rate procurement."""
    add_scenario(state_store, tmp_path / "iran.csv")
    with state_store.transaction() as session:
        procurement = session.scalar(select(Procurement).where(Procurement.ref == REF))
        procurement.funding_sources = "erate"
        session.add(PacketIssue(procurement=procurement, issued_at=ISSUED, issued_by="Ann",
                                sha256="0" * 64, criteria_json=json.dumps([
                                    {"name": "Price", "weight": 40,
                                     "is_price_of_eligible": True},
                                    {"name": "Technical fit", "weight": 40,
                                     "is_price_of_eligible": False},
                                    {"name": "Support", "weight": 20,
                                     "is_price_of_eligible": False}])))
    with state_store.session() as session:
        result = evaluate(session, REF)
    assert result.erate and all(lot.problems for lot in result.lots)
    assert "price must weigh more than every other single criterion" in \
        result.lots[0].problems[0]


def test_score_sheet_says_when_the_criteria_are_not_frozen(state_store: Store,
                                                           tmp_path: Path) -> None:
    import io
    import re

    from pypdf import PdfReader

    from app.reports.score_sheet import render_score_sheet

    _scenario(state_store, tmp_path, issued=False)
    with state_store.session() as session:
        result = evaluate(session, REF)
    assert result.issued_at is None and result.as_json()["frozen_by_issue"] is None
    text = re.sub(r"\s+", " ", " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_score_sheet(result))).pages))
    assert "not frozen: no final packet was recorded as issued" in text
    assert "No scores entered yet." in text and "not responsive: not evaluated" in text
