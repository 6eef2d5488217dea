"""Confirm refuses lines with no funding source and unaccepted duplicates (#12 item 5)."""

from __future__ import annotations

import pytest

from app.errors import UserError
from app.models.db import Store
from app.services.need_confirm import confirm_needs, review_confirmation
from app.services.needs import create_need, list_needs


def _new(store: Store, **raw: object) -> str:
    with store.transaction() as session:
        return create_need(session, {"member": "920", "quantity": "10", **raw}).uid


def _rows(store: Store) -> dict:
    with store.session() as session:
        return {r.uid: r for r in list_needs(session, member_code="920")}


def test_no_funding_source_is_refused_and_nothing_changes(region3_store: Store) -> None:
    uid = _new(region3_store, item="AP-WIFI6-IN")
    with pytest.raises(UserError, match="no funding source.*suggested E-rate"):
        with region3_store.transaction() as session:
            confirm_needs(session, [uid])
    assert _rows(region3_store)[uid].status == "draft"


def test_the_source_given_or_suggested_is_written_with_the_confirmation(
        region3_store: Store) -> None:
    given = _new(region3_store, item="AP-WIFI6-IN")
    suggested = _new(region3_store, item="LT-STF-14")
    with region3_store.transaction() as session:
        confirm_needs(session, [given], sources="state")
    with region3_store.transaction() as session:
        confirm_needs(session, [suggested], use_suggested=True)
    rows = _rows(region3_store)
    assert rows[given].funding_sources == ("state",) and rows[given].status == "confirmed"
    # the member's other line now says "state": the suggestion follows the member
    assert rows[suggested].funding_sources == ("state",)


def test_duplicate_item_needs_acceptance(region3_store: Store) -> None:
    first = _new(region3_store, item="CB-STU-116", funding_sources="local")
    second = _new(region3_store, item="CB-STU-116", funding_sources="local")
    with region3_store.session() as session:
        review = review_confirmation(session, [second])
    assert [d.uids for d in review.duplicates] == [(first, second)]
    with pytest.raises(UserError, match="same item twice.*CB-STU-116 on 2 lines"):
        with region3_store.transaction() as session:
            confirm_needs(session, [second])
    assert _rows(region3_store)[second].status == "draft"
    with region3_store.transaction() as session:
        confirm_needs(session, [second], accept_duplicates=True)
    assert _rows(region3_store)[second].status == "confirmed"


def test_withdrawn_line_is_refused(region3_store: Store) -> None:
    from app.services.needs import set_status

    uid = _new(region3_store, item="CB-STU-116", funding_sources="local")
    with region3_store.transaction() as session:
        set_status(session, uid, "withdrawn")
    with pytest.raises(UserError, match="withdrawn"):
        with region3_store.transaction() as session:
            confirm_needs(session, [uid])
