"""The award per line: a lot whose packet basis ends "per line" is decided on each line's
prices among the lot's eligible bidders, recorded line by line (each award names its lot
item, its contract carries only that line's prices), and the lot is decided once each of
its lines is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from award_samples import ranked_scenario
from bid_samples import REF
from sqlalchemy import select

from app.errors import UserError
from app.models.award import Award
from app.models.procurement import Procurement
from app.services.award import list_awards, propose_award, record_award

BOARD, SIGNED = date(2026, 3, 10), date(2026, 3, 12)
ACME, BLUE = "Acme Networks Inc", "Blue Ridge Technology LLC"


def _status(store) -> str:  # noqa: ANN001
    with store.session() as session:
        return session.scalar(select(Procurement.status).where(Procurement.ref == REF))


def test_per_line_decisions_records_and_status(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    # Line 1.1: Blue Ridge 59,000.00, Acme 60,000.00 (1.7 % above); line 1.2: Acme 950.00,
    # Blue Ridge 990.00 (4.2 % above).
    ranked_scenario(state_store, tmp_path, bases={1: "multiple within 2% per line"})
    with state_store.session() as session:
        lot1, lot2 = propose_award(session, REF)
    assert lot1.per_line and not lot2.per_line
    assert [(x.line, x.decision.awarded) for x in lot1.lines] == [
        ("1.1", (BLUE, ACME)), ("1.2", (ACME,))]
    assert lot1.lines[1].decision.not_picked[0].reason.startswith(
        "price on the line more than 2 % above the lowest (950.00)")
    assert "Petro Example Corporation" in {e.vendor for e in lot1.lines[0].decision.excluded}
    with state_store.transaction() as session:
        with pytest.raises(UserError, match=r"lot 1 is awarded per line \(multiple within "
                                            r"2% per line\): give the line \(lines: 1.1, 1.2\)"):
            record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                         board_approved_on=BOARD)
        with pytest.raises(UserError, match="lot 2 is awarded as a whole"):
            record_award(session, REF, 2, contract="NC-2", signed_on=SIGNED,
                         board_approved_on=BOARD, line=1)
        with pytest.raises(UserError, match="has no line 3"):
            record_award(session, REF, 1, contract="NC-1", signed_on=SIGNED,
                         board_approved_on=BOARD, line=3)
        with pytest.raises(UserError, match="line 1.2: the packet states"):
            record_award(session, REF, 1, [BLUE], contract="NC-1", signed_on=SIGNED,
                         board_approved_on=BOARD, line="1.2")
    with state_store.transaction() as session:
        stored = record_award(session, REF, 1, contract="NC-1-1", signed_on=SIGNED,
                              board_approved_on=BOARD, line=1)
    assert [(a.lot, a.line, a.vendor, a.basis) for a in stored] == [
        (1, "1.1", BLUE, "multiple within 2% per line"),
        (1, "1.1", ACME, "multiple within 2% per line")]
    # Each contract carries only the line's prices (Acme's tier on the AP line included).
    assert {a.vendor: [d for d, _q, _p in a.prices] for a in stored} == {
        BLUE: ["Wireless access point, Wi-Fi 6, indoor"],
        ACME: ["Wireless access point, Wi-Fi 6, indoor"] * 2}
    with state_store.transaction() as session:
        record_award(session, REF, 2, contract="NC-2", signed_on=SIGNED,
                     board_approved_on=BOARD)
        with pytest.raises(UserError, match="line 1.1 is already recorded"):
            record_award(session, REF, 1, contract="X", signed_on=SIGNED,
                         board_approved_on=BOARD, line="1.1")
    assert _status(state_store) == "evaluating"  # line 1.2 still open
    with state_store.transaction() as session:
        record_award(session, REF, 1, contract="NC-1-2", signed_on=SIGNED,
                     board_approved_on=BOARD, line="1.2")
    assert _status(state_store) == "awarded"
    with state_store.session() as session:
        listed = list_awards(session, REF)
        items = {a.vendor.name if a.vendor else None: a.lot_item_id
                 for a in session.scalars(select(Award).where(Award.lot_number == 2))}
        lot1 = propose_award(session, REF)[0]
    assert [(a.lot, a.line, a.vendor) for a in listed] == [
        (1, "1.1", ACME), (1, "1.1", BLUE), (1, "1.2", ACME), (2, "", ACME)]  # lot rank
    assert items == {ACME: None}  # a whole-lot award names no line
    assert lot1.decided and lot1.open_lines == ()
    assert lot1.as_json()["lines"][1]["recorded"][0]["line"] == "1.2"


def test_per_line_single_and_a_line_no_award(state_store, tmp_path: Path) -> None:  # noqa: ANN001
    ranked_scenario(state_store, tmp_path, bases={None: "single per line"})
    with state_store.session() as session:
        lot1 = propose_award(session, REF)[0]
    assert [x.decision.awarded for x in lot1.lines] == [(BLUE,), (ACME,)]
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="a no-award is recorded only where nobody"):
            record_award(session, REF, 1, no_award="too dear", line=1)
