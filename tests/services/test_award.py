"""The award: what the packet's basis gives per lot from the ranking and the compliance, the
contracts with their not-to-exceed prices, the contract date rules, and the status that
follows the facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from bid_samples import REF
from sqlalchemy import select

from app.errors import UserError, ValidationError
from app.models.award import Award, Contract
from app.models.procurement import Procurement
from app.rules.award_basis import parse_award_basis
from app.services.award import list_awards, propose_award, record_award
from app.services.packet_settings import award_bases, award_basis_lock, set_award_basis
from app.services.procurements import edit_procurement

BOARD = date(2026, 3, 10)
SIGNED = date(2026, 3, 12)


def _status(store) -> str:  # noqa: ANN001
    with store.session() as session:
        return session.scalar(select(Procurement.status).where(Procurement.ref == REF))


def test_single_award_records_the_contract_and_the_status_follows(state_store,  # noqa: ANN001
                                                                  tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    assert _status(state_store) == "evaluating"  # set by the opening
    with state_store.session() as session:
        lots = {p.lot: p for p in propose_award(session, REF)}
    assert lots[1].decision.awarded == ("Acme Networks Inc",)
    reasons = {e.vendor: e.reason for e in lots[1].decision.excluded}
    assert reasons["Petro Example Corporation"].startswith("not compliant: Vendor compliance")
    assert "Iran" in reasons["Petro Example Corporation"]
    assert reasons["Piedmont Partial Supply"] == "not responsive"
    with state_store.transaction() as session:
        line = record_award(session, REF, 1, contract="NC-2026-001", signed_on="2026-03-12",
                            term_months=36, renewals=2, board_approved_on=BOARD)[0]
    assert (line.vendor, line.rank, line.basis, line.contract) == (
        "Acme Networks Inc", 1, "single", "NC-2026-001")
    assert [(q, p) for _d, q, p in line.prices] == [("0", "600.00"), ("200", "575.00"),
                                                    ("0", "95.00")]
    assert _status(state_store) == "evaluating"  # lot 2 not yet awarded
    with state_store.transaction() as session:
        record_award(session, REF, 2, contract="NC-2026-002", signed_on=SIGNED,
                     board_approved_on=BOARD)
        assert session.scalar(select(Procurement.contract_on)) == SIGNED
    assert _status(state_store) == "awarded"
    with state_store.session() as session:
        listed = list_awards(session, REF)
        assert [(a.lot, a.vendor, a.term_months, a.renewal_options) for a in listed] == [
            (1, "Acme Networks Inc", 36, 2), (2, "Acme Networks Inc", 12, 0)]
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="lot 1 is already recorded: Acme"):
            record_award(session, REF, 1, contract="X", signed_on=SIGNED,
                         board_approved_on=BOARD)


def test_multiple_award_applies_exactly_the_packets_rule(state_store,  # noqa: ANN001
                                                         tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path, bases={1: "multiple within 2%"})
    with state_store.session() as session:
        lot1 = propose_award(session, REF)[0].decision
    # Blue Ridge 59,990.00 is the lowest; Acme 60,950.00 is 1.6 % above it.
    assert lot1.awarded == ("Acme Networks Inc", "Blue Ridge Technology LLC")
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="the award applies exactly what the packet "
                                            "states") as error:
            record_award(session, REF, 1, ["Acme"], contract="NC-1", signed_on=SIGNED,
                         board_approved_on=BOARD)
    assert "within 2 % of the lowest" in str(error.value)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="Petro Example Corporation cannot be awarded: "
                                            "not compliant"):
            record_award(session, REF, 1, ["Acme", "Blue Ridge", "Petro"], contract="NC-1",
                         signed_on=SIGNED, board_approved_on=BOARD)
    with state_store.transaction() as session:
        stored = record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                              board_approved_on=BOARD)
    assert [(a.vendor, a.rank, a.basis) for a in stored] == [
        ("Acme Networks Inc", 1, "multiple within 2%"),
        ("Blue Ridge Technology LLC", 2, "multiple within 2%")]


def test_nothing_is_awarded_before_the_ranking_is_complete(state_store,  # noqa: ANN001
                                                           tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path, scored=False)
    with state_store.session() as session:
        lot1 = propose_award(session, REF)[0].decision
    assert lot1.pending.startswith("the ranking is not complete: ")
    assert "Acme Networks Inc: no consensus score for Technical fit, Support" in lot1.pending
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="the ranking is not complete"):
            record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                         board_approved_on=BOARD)
        with pytest.raises(UserError, match="the ranking is not complete"):
            record_award(session, REF, 1, no_award="no good bids")


@pytest.mark.parametrize(("facts", "board", "message"), [
    ({}, None, "a formal bid is awarded by the board"),
    ({}, date(2026, 3, 13), "before the board approved the award on 2026-03-13"),
    ({"funding_sources": "erate", "form470_certified_on": date(2026, 2, 20)}, BOARD,
     "before the allowable contract date 2026-03-20"),
    ({"funding_sources": "erate"}, BOARD, "certify the Form 470 first"),
])
def test_the_contract_date_rules_refuse_and_nothing_is_stored(
        state_store, tmp_path: Path, facts: dict, board: date | None,  # noqa: ANN001
        message: str) -> None:
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        procurement = session.scalar(select(Procurement))
        for key, value in facts.items():
            setattr(procurement, key, value)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match=message):
            record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                         board_approved_on=board)
    with state_store.session() as session:
        assert session.scalars(select(Award)).all() == []
        assert session.scalars(select(Contract)).all() == []
    assert _status(state_store) == "evaluating"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"contract": ""}, "give the contract number"),
    ({"signed_on": "12/03/2026"}, "is not a date"),
    ({"term_months": 0}, "the term"),
    ({"renewals": 11}, "the renewal options"),
    ({"no_award": "too dear"}, "a no-award is recorded only where nobody can be awarded"),
])
def test_bad_award_input_is_refused(state_store, tmp_path: Path, kwargs: dict,  # noqa: ANN001
                                    message: str) -> None:
    ranked_scenario(state_store, tmp_path)
    args = {"contract": "NC-1", "signed_on": SIGNED, "board_approved_on": BOARD, **kwargs}
    with state_store.transaction() as session:
        with pytest.raises(UserError, match=message):
            record_award(session, REF, 1, **args)
    with state_store.session() as session:
        assert session.scalars(select(Award)).all() == []


def test_evaluating_and_awarded_are_not_set_by_hand(state_store,  # noqa: ANN001
                                                   tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path)
    for status in ("awarded", " Awarded"):
        with state_store.transaction() as session:
            with pytest.raises(ValidationError) as error:
                edit_procurement(session, REF, {"status": status})
        assert "follows the facts" in str(error.value.errors)
    assert _status(state_store) == "evaluating"
    with state_store.transaction() as session:  # the milestones dialog sends the status it has
        edit_procurement(session, REF, {"status": "evaluating", "contract_on": "2026-03-20"})



def test_an_unchecked_vendor_cannot_be_awarded_and_a_no_award_is_recorded(
        state_store, tmp_path: Path) -> None:  # noqa: ANN001
    ranked_scenario(state_store, tmp_path, checked=False)  # the Israel-boycott list not loaded
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="Acme Networks Inc cannot be awarded: not "
                                            "compliant: .*Israel-boycott list"):
            record_award(session, REF, 2, ["Acme"], contract="NC-2", signed_on=SIGNED,
                         board_approved_on=BOARD)
        with pytest.raises(UserError, match="nobody can be awarded .*record a no-award"):
            record_award(session, REF, 2, contract="NC-2", signed_on=SIGNED,
                         board_approved_on=BOARD)
    with state_store.transaction() as session:
        line = record_award(session, REF, 2, no_award="no compliant bidder; re-bid in May")[0]
    assert (line.vendor, line.no_award_reason) == (None, "no compliant bidder; re-bid in May")
    with state_store.session() as session:
        assert propose_award(session, REF)[1].recorded == (line,)
    assert _status(state_store) == "evaluating"  # lot 1 still open


def test_the_award_basis_is_locked_once_the_packet_is_issued(state_store,  # noqa: ANN001
                                                            tmp_path: Path) -> None:
    ranked_scenario(state_store, tmp_path, bases={None: "multiple top 2"})
    for lot in (None, 1):
        with state_store.transaction() as session:
            with pytest.raises(UserError) as error:
                set_award_basis(session, REF, "single", lot=lot)
        message = str(error.value)
        assert message.startswith(f"{REF} award basis: the packet was issued on ")
        assert "stating every lot: multiple top 2;" in message
        assert message.endswith("the award basis printed in the packet cannot change after "
                                "issue; issue an addendum")
    with state_store.session() as session:
        assert award_bases(session, REF) == (parse_award_basis("multiple top 2"), {})
        assert award_basis_lock(session, REF) == message.split(": ", 1)[1]
