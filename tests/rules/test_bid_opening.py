"""The sealed-bid rules: the deadline, the opening's outcome and its record, and a bid's
responsiveness per lot with the lowest responsive price per line."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from app.rules.bid_opening import (
    BIDS,
    FAIL,
    NO_BIDS,
    NOT_CHECKED,
    ONE_BID,
    PASS,
    REVIEW,
    LineSpec,
    PricedLine,
    lot_checks,
    lowest_prices,
    opening_outcome,
    outcome_text,
    public_from,
    responsive,
    sealed,
)
from app.rules.bids import DeadlineError, deadline, parse_due_time
from app.rules.compliance import ComplianceLine

D = Decimal
LINES = (LineSpec(1, "1.1", "WIRELESS"), LineSpec(2, "1.2", "WIRELESS"),
         LineSpec(3, "1.3", "SERVICES", "per hour"))
CLEAN = [ComplianceLine("w9", "W-9 on file", "PASS", "on file")]


def priced(key: int, price: str = "10.00", maker: str = "Acme", part: str = "A-1",
           swap: bool = False) -> PricedLine:
    return PricedLine(key, D(price), maker, part, swap)


@pytest.mark.parametrize(("text", "expected"), [
    ("2:00 p.m.", time(14, 0)), ("2 pm", time(14, 0)), ("14:30", time(14, 30)),
    ("10:00 AM ET", time(10, 0)), ("noon", time(12, 0)), ("12:15 a.m.", time(0, 15)),
])
def test_due_time_is_read_from_the_packet_text(text: str, expected: time) -> None:
    assert parse_due_time(text) == expected


@pytest.mark.parametrize("text", ["", "after lunch", "13 pm", "25:00", "2"])
def test_an_unreadable_due_time_is_refused(text: str) -> None:
    with pytest.raises(DeadlineError):
        parse_due_time(text)


def test_deadline_is_nc_time() -> None:
    assert deadline(date(2026, 3, 3), "2:00 p.m.") == datetime(2026, 3, 3, 19, 0, tzinfo=UTC)
    assert deadline(date(2026, 6, 3), "2:00 p.m.") == datetime(2026, 6, 3, 18, 0, tzinfo=UTC)


def test_prices_are_sealed_until_opened() -> None:
    assert sealed(False) and not sealed(True)


def test_outcome_counts_on_time_bids_and_says_what_to_record() -> None:
    assert [opening_outcome(n) for n in (0, 1, 2, 5)] == [NO_BIDS, ONE_BID, BIDS, BIDS]
    assert "document" in outcome_text(NO_BIDS, 0)
    one = outcome_text(ONE_BID, 1, late_bids=1)
    assert "single responsive bid" in one and "1 bid(s) arrived after the deadline" in one
    assert outcome_text(BIDS, 3).startswith("3 bids were received")
    assert "public opening" in public_from("formal") and "at award" in public_from("informal")


def test_complete_named_compliant_bid_is_responsive() -> None:
    checks = lot_checks(LINES, {1: priced(1), 2: priced(2), 3: priced(3, maker="", part="")},
                        late=False, compliance=CLEAN)
    assert {c.code: c.status for c in checks} == {
        "on_time": PASS, "complete": PASS, "products": PASS, "compliance": PASS,
        "substitutions": PASS}
    assert responsive(checks)


def test_partial_lot_late_unnamed_are_each_a_fail() -> None:
    checks = {c.code: c for c in lot_checks(
        LINES, {1: priced(1, maker=""), 3: priced(3)}, late=True, compliance=CLEAN)}
    assert checks["on_time"].status == FAIL
    assert checks["complete"].status == FAIL and "1.2" in checks["complete"].reason
    # A service line needs no manufacturer; an equipment line does.
    assert checks["products"].status == FAIL and checks["products"].reason.endswith("1.1")
    assert not responsive(checks.values())


def test_compliance_fail_excludes_not_checked_does_not() -> None:
    all_lines = {k: priced(k) for k in (1, 2, 3)}
    listed = [ComplianceLine("iran_divestment", "Not on the list", "FAIL", "matches X")]
    unchecked = [ComplianceLine("sam", "SAM.gov exclusion check", "NOT CHECKED", "none")]
    failed = lot_checks(LINES, all_lines, late=False, compliance=CLEAN + listed)
    assert not responsive(failed)
    assert "matches X" in {c.code: c for c in failed}["compliance"].reason
    pending = lot_checks(LINES, all_lines, late=False, compliance=CLEAN + unchecked)
    assert {c.code: c.status for c in pending}["compliance"] == NOT_CHECKED
    assert responsive(pending)


def test_substitution_is_flagged_for_review_not_failed() -> None:
    checks = lot_checks(LINES, {1: priced(1, swap=True), 2: priced(2), 3: priced(3)},
                        late=False, compliance=CLEAN)
    swap = {c.code: c for c in checks}["substitutions"]
    assert swap.status == REVIEW and "1.1" in swap.reason and responsive(checks)


def test_lowest_price_counts_responsive_offers_only() -> None:
    offers = [(1, D("9.00"), False), (1, D("10.00"), True), (1, D("11.00"), True),
              (2, D("5.00"), False)]
    assert lowest_prices(offers) == {1: D("10.00")}
