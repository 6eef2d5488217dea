"""State-owned records that name a region's member (a procurement's participants) reach the
region; the member-ownership rule is for records a region owns."""

from __future__ import annotations

from pathlib import Path

from sync_helpers import Factory, exchange_keys

from app.models.db import Store
from app.services.needs import create_need, set_status
from app.services.procurements import create_procurement
from app.sync.export import export_bundle
from app.sync.service import import_bundle


def test_procurement_participants_reach_the_region(make_store: Factory, state_store: Store,
                                                   tmp_path: Path) -> None:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with region.transaction() as session:
        need = create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "30"})
        set_status(session, need.uid, "confirmed", by="Ann")
    import_bundle(state_store, export_bundle(region, tmp_path / "r3.zip").path)
    with state_store.transaction() as session:
        create_procurement(session, title="Chromebooks", funding_year=need.funding_year)
    result = import_bundle(region, export_bundle(state_store, tmp_path / "s.zip",
                                                 to="region:3").path)
    assert result.refused == []
    assert result.counts["procurement_members"]["new"] == 1
    assert result.counts["procurements"]["new"] == 1
