"""Evaluation: the criteria frozen by the final packet's issue, price points by the packet's
formula from the tabulation, evaluators' and consensus scores, the ranking per lot and the
E-rate check on the frozen criteria."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from bid_samples import REF, make_procurement
from sqlalchemy import select

from app.errors import UserError
from app.models.db import Store
from app.models.instance import AuditEntry
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
