"""Addenda to a posted packet (issue #17): numbered once the final packet is issued, the
state's only; a substantive one moves the allowable contract date the award checks and the
checklist shows, a minor one does not; bids acknowledge them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from bid_samples import REF, add_scenario
from sqlalchemy import select

from app.errors import NotFoundError, UserError
from app.models import Addendum, Bid, Procurement
from app.models.db import Store
from app.services.addenda import acknowledge, issue_addendum, list_addenda, unacknowledged
from app.services.award import list_awards, record_award
from app.services.procurement_detail import get_procurement
from app.services.procurements import edit_procurement

SIGNED = date(2026, 3, 12)
BOARD = date(2026, 3, 10)
# Certified 5 Jan: the allowable contract date is 2 Feb until a substantive addendum.
ERATE = {"form470_certified_on": "2026-01-05", "rfp_posted_on": "2026-01-05"}


def _erate(store: Store, **more: str) -> None:
    with store.transaction() as session:
        # E-rate money is set when the procurement is created, not edited: set it directly.
        session.scalar(select(Procurement).where(Procurement.ref == REF)).funding_sources = \
            "erate"
        edit_procurement(session, REF, {**ERATE, **more})


def test_addenda_are_numbered_in_order_and_listed(state_store: Store, tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        first = issue_addendum(session, REF, "  Lot 2: 60 Chromebooks, not 50 ", True,
                               date(2026, 1, 20))
        second = issue_addendum(session, REF, "Contact phone corrected", issued_on=None)
    assert (first.number, first.summary, first.substantive) == (1, "Lot 2: 60 Chromebooks, "
                                                                   "not 50", True)
    assert (second.number, second.substantive) == (2, False)
    assert second.issued_by == "S. Coordinator"
    with state_store.session() as session:
        rows = list_addenda(session, REF)
        assert [r.number for r in rows] == [1, 2]
        assert rows[0].as_json()["issued_on"] == "2026-01-20"
        assert session.scalars(select(Addendum.owner)).all() == ["state", "state"]


def test_no_addendum_before_the_final_packet_and_none_without_a_summary(
        state_store: Store, tmp_path: Path) -> None:
    add_scenario(state_store, tmp_path / "iran.csv")  # bids, but no packet issued
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="final packet has not been issued"):
            issue_addendum(session, REF, "Anything")
    with state_store.session() as session:
        assert list_addenda(session, REF) == []


def test_an_addendum_needs_a_summary(state_store: Store, tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="say what the addendum changes"):
            issue_addendum(session, REF, "   ")
    with state_store.session() as session:
        assert list_addenda(session, REF) == []


def test_a_region_issues_no_addendum(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        with pytest.raises(UserError):
            issue_addendum(session, REF, "Anything")


def test_a_substantive_addendum_moves_the_contract_date_the_award_checks(
        state_store: Store, tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    _erate(state_store)
    with state_store.transaction() as session:
        issue_addendum(session, REF, "A new member joins", True, date(2026, 2, 20))
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="before the allowable contract date 2026-03-20"):
            record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                         board_approved_on=BOARD)
    with state_store.session() as session:
        assert list_awards(session, REF) == []


def test_a_minor_addendum_does_not(state_store: Store, tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    _erate(state_store)
    with state_store.transaction() as session:
        issue_addendum(session, REF, "Typo in section 4", False, date(2026, 2, 20))
        record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                     board_approved_on=BOARD)
    with state_store.session() as session:
        assert len(list_awards(session, REF)) >= 1


def _line(store: Store, code: str) -> str:
    with store.session() as session:
        detail = get_procurement(session, REF)
    item = next(i for i in detail.checklist if i.code == code)
    acd = next(e for e in detail.calendar if e.label == "Allowable contract date")
    return f"{item.passed} {item.rule} | {item.reason} | {acd.on} {acd.note}"


def test_the_checklist_and_calendar_show_the_recalculated_date(state_store: Store,
                                                                tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    _erate(state_store, contract_on=SIGNED.isoformat())
    assert "allowable contract date 2026-02-02" in _line(state_store, "acd")
    with state_store.transaction() as session:
        issue_addendum(session, REF, "Scope: add cabling", True, date(2026, 2, 20))
    line = _line(state_store, "acd")
    assert line.startswith("False")
    assert "allowable contract date 2026-03-20" in line
    assert "2026-03-20 later of 470 certification, RFP posting and substantive addenda" in line
    wait = _line(state_store, "wait")  # bids due 3 Mar: not 28 days after the addendum
    assert wait.startswith("False") and "last substantive addendum (2026-02-20)" in wait


def test_bids_acknowledge_addenda(state_store: Store, tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        issue_addendum(session, REF, "One", False, date(2026, 2, 1))
        issue_addendum(session, REF, "Two", True, date(2026, 2, 2))
        issue_addendum(session, REF, "After the deadline", False, date(2026, 3, 10))
        assert acknowledge(session, REF, "Acme Networks Inc", "2, 1") == (1, 2)
        assert acknowledge(session, REF, "Blue Ridge Technology LLC", [2]) == (2,)
        missing = unacknowledged(session, REF)
    assert missing["Blue Ridge Technology LLC"] == [1]
    assert "Acme Networks Inc" not in missing
    assert "Late Comer LLC" not in missing  # late: never opened
    with state_store.session() as session:
        acme = session.scalars(select(Bid).where(Bid.bidder_name == "Acme Networks Inc",
                                                 Bid.status == "current")).one()
        assert acme.addenda_acknowledged == "1,2"


@pytest.mark.parametrize(("vendor", "numbers", "error", "message"), [
    ("Acme Networks Inc", "4", UserError, r"no addendum 4 \(issued: 1\)"),
    ("Acme Networks Inc", "x", UserError, "'x' is not an addendum number"),
    ("Nobody LLC", "1", NotFoundError, "Nobody"),
])
def test_a_bad_acknowledgement_changes_nothing(state_store: Store, tmp_path: Path,
                                              vendor: str, numbers: str,
                                              error: type[Exception], message: str) -> None:
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        issue_addendum(session, REF, "One", False, date(2026, 2, 1))
    with state_store.transaction() as session:
        with pytest.raises(error, match=message):
            acknowledge(session, REF, vendor, numbers)
    with state_store.session() as session:
        assert set(session.scalars(select(Bid.addenda_acknowledged))) == {""}
