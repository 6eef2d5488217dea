"""The award reaches the regions: the state records a lot's award and its contract, and a
region that imports the state's bundle lists the same contract with its not-to-exceed prices
(never a bid: bids stay in the state's store)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from award_samples import ranked_scenario
from bid_samples import REF
from sqlalchemy import func, select
from sync_helpers import Factory, exchange_keys

from app.models import Bid
from app.models.db import Store
from app.services.award import list_awards, record_award
from app.sync.export import export_bundle
from app.sync.service import import_bundle


def test_a_region_receives_the_award_and_its_contract(make_store: Factory, state_store: Store,
                                                      tmp_path: Path) -> None:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    ranked_scenario(state_store, tmp_path)
    with state_store.transaction() as session:
        record_award(session, REF, 1, contract="NC-2026-001", signed_on=date(2026, 3, 12),
                     term_months=36, renewals=2, board_approved_on=date(2026, 3, 10))
    with state_store.session() as session:
        sent = list_awards(session, REF)
    import_bundle(region, export_bundle(state_store, tmp_path / "to-r3.zip",
                                        to="region:3").path)
    with region.session() as session:
        assert list_awards(session, REF) == sent
        assert session.scalar(select(func.count()).select_from(Bid)) == 0
    assert sent[0].prices and sent[0].contract == "NC-2026-001"
