"""Sealed until opening, the opening recorded once after the deadline, and the tabulation:
late bids listed not priced, the lowest responsive price per line, a vendor on the
Treasurer's list non-responsive, one bid and no bids recorded as such."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from bid_samples import AFTER, BEFORE, LATE, REF, add_bid, make_procurement
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import UserError
from app.models import BidOpening
from app.models.db import Store
from app.models.instance import AuditEntry
from app.reports.bid_tabulation import render_bid_tabulation
from app.services.bid_opening import open_bids, sealed_view
from app.services.bid_tabulation import tabulate
from app.services.compliance import import_list
from app.services.tabulation_xlsx import write_tabulation

D = Decimal
FULL = {"AP-WIFI6-IN": "600.00", "SVC-INSTALL-HR": "95.00", "CB-STU-116": "280.00"}


def test_prices_are_sealed_until_the_opening(state_store: Store) -> None:
    make_procurement(state_store)
    add_bid(state_store, "Acme Networks Inc", FULL)
    add_bid(state_store, "Late Comer LLC", FULL, received_at=LATE, late=True)
    with state_store.session() as session:
        view = sealed_view(session, REF)
        assert view.sealed and "Acme Networks Inc" in view.summary()
        assert "1 late" in view.summary() and "$" not in view.summary()
        with pytest.raises(UserError, match="sealed until the opening"):
            tabulate(session, REF)


def test_opening_refused_before_the_deadline_and_recorded_once(state_store: Store) -> None:
    make_procurement(state_store)
    add_bid(state_store, "Acme Networks Inc", FULL)
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="cannot be opened before"):
            open_bids(session, REF, "Pat Buyer", now=BEFORE)
        with pytest.raises(UserError, match="who opens"):
            open_bids(session, REF, "  ", now=AFTER)
    with state_store.transaction() as session:
        record = open_bids(session, REF, "Pat Buyer", ["Sam Witness", "Lee Witness"],
                           notes="opened aloud", now=AFTER)
    assert record.witnesses == ("Sam Witness", "Lee Witness")
    assert record.place == "Room 101, State Office"  # the packet's opening place
    with state_store.transaction() as session:
        with pytest.raises(UserError, match="cannot be undone"):
            open_bids(session, REF, "Pat Buyer", now=AFTER)
    with state_store.session() as session:
        assert len(session.scalars(select(BidOpening)).all()) == 1
        audited = session.scalars(select(AuditEntry).where(
            AuditEntry.entity == "bid_openings")).all()
        assert audited and not sealed_view(session, REF).sealed


def test_no_due_date_no_opening(state_store: Store) -> None:
    make_procurement(state_store, due=None)
    with state_store.transaction() as session, pytest.raises(UserError, match="not set"):
        open_bids(session, REF, "Pat Buyer", now=AFTER)


def test_tabulation_lowest_responsive_and_late_excluded(state_store: Store,
                                                        tmp_path: Path) -> None:
    make_procurement(state_store)
    add_bid(state_store, "Acme Networks Inc", FULL)
    add_bid(state_store, "Blue Ridge Tech", {"AP-WIFI6-IN": "590.00",
                                             "SVC-INSTALL-HR": "99.00"},
            swap=("AP-WIFI6-IN",))
    # Cheapest on every line but on the Treasurer's list: listed, never lowest.
    add_bid(state_store, "Petro Example Corporation", {k: "1.00" for k in FULL})
    add_bid(state_store, "Partial Lot Co", {"AP-WIFI6-IN": "500.00"})
    add_bid(state_store, "Late Comer LLC", {k: "2.00" for k in FULL}, received_at=LATE,
            late=True)
    add_bid(state_store, "Acme Networks Inc", {"AP-WIFI6-IN": "700.00"}, status="replaced",
            register=False)
    names = tmp_path / "iran.csv"
    names.write_text("Company\nPetro Example Corp.\n", encoding="utf-8")
    with state_store.transaction() as session:
        import_list(session, "iran_divestment", names, date(2026, 2, 1))
        open_bids(session, REF, "Pat Buyer", now=AFTER)
    with state_store.session() as session:
        tab = tabulate(session, REF)
    lot1, lot2 = tab.lots
    assert [b.vendor for b in lot1.bidders] == ["Acme Networks Inc", "Blue Ridge Tech",
                                                "Petro Example Corporation", "Partial Lot Co"]
    assert [b.vendor for b in lot2.bidders] == ["Acme Networks Inc",
                                                "Petro Example Corporation"]
    acme, blue, petro, partial = lot1.bidders
    assert acme.responsive and blue.responsive
    assert not petro.responsive and not partial.responsive
    assert "Iran Divestment" in {c.code: c for c in petro.checks}["compliance"].reason
    assert {c.code: c.status for c in blue.checks}["substitutions"] == "REVIEW"
    ap, install = lot1.lines
    assert ap.lowest == D("590.00") and install.lowest == D("95.00")
    assert [c.lowest if c else None for c in ap.cells] == [False, True, False, False]
    assert [c.lowest if c else None for c in install.cells] == [True, False, False, None]
    assert acme.total == D("60950.00") and lot1.lowest_total == D("59990.00")
    assert lot2.lines[0].lowest == D("280.00")
    # Late and replaced versions are listed, never priced.
    states = {(b.vendor, b.state) for b in tab.bids}
    assert ("Late Comer LLC", "received late, not opened") in states
    assert ("Acme Networks Inc", "replaced by a later version") in states
    assert tab.opening.outcome == "bids"
    data = tab.as_json()
    assert data["lots"][0]["lines"][0]["lowest_responsive_unit_price"] == "590.00"
    assert "Late Comer LLC" not in str(data["lots"])


@pytest.mark.parametrize(("bids", "outcome", "words"), [
    (0, "no_bids", "No bids were received"), (1, "one_bid", "single responsive bid")])
def test_one_bid_and_no_bids_are_recorded_as_such(state_store: Store, bids: int,
                                                  outcome: str, words: str) -> None:
    make_procurement(state_store)
    if bids:
        add_bid(state_store, "Acme Networks Inc", FULL)
    add_bid(state_store, "Late Comer LLC", FULL, received_at=LATE, late=True)
    with state_store.transaction() as session:
        record = open_bids(session, REF, "Pat Buyer", now=AFTER)
    assert record.outcome == outcome and words in record.outcome_text
    assert "1 bid(s) arrived after the deadline" in record.outcome_text
    with state_store.session() as session:
        assert tabulate(session, REF).opening.outcome == outcome


def test_a_region_cannot_open(region3_store: Store) -> None:
    with region3_store.transaction() as session, pytest.raises(UserError, match="state"):
        open_bids(session, REF, "Pat Buyer", now=AFTER)


def test_informal_no_bid_tabulation_prints_and_says_when_public(state_store: Store,
                                                                tmp_path: Path) -> None:
    make_procurement(state_store, method="informal")
    with state_store.transaction() as session:
        open_bids(session, REF, "Pat Buyer", now=AFTER)
    with state_store.session() as session:
        tab = tabulate(session, REF)
    assert [lot.bidders for lot in tab.lots] == [(), ()]
    assert "at award" in tab.opening.public_note
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        render_bid_tabulation(tab))).pages)
    assert "No bids were received" in text and "No bid priced this lot." in text
    write_tabulation(tab, tmp_path / "empty.xlsx")
    assert load_workbook(tmp_path / "empty.xlsx").sheetnames == ["Lot 1", "Lot 2",
                                                                 "Responsiveness", "Bids"]
