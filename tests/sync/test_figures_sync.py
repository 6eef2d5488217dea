"""A member's confirmation of its E-rate figures travels like any edit: the region records
it, the state's discount stops saying "unconfirmed" once the bundle is in."""

from __future__ import annotations

from pathlib import Path

from sync_helpers import Factory, exchange_keys

from app.models.db import Store
from app.services.erate import discount_for_member
from app.services.figures import confirm_figures
from app.sync.export import export_bundle
from app.sync.service import import_bundle


def test_a_regions_confirmation_reaches_the_state(make_store: Factory, state_store: Store,
                                                  tmp_path: Path) -> None:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with state_store.session() as session:
        assert not discount_for_member(session, "920", 2026).figures_confirmed
    with region.transaction() as session:
        confirm_figures(session, "920", 2026, "Wake CTO")
    result = import_bundle(state_store, export_bundle(region, tmp_path / "r3.zip").path)
    assert result.refused == []
    with state_store.session() as session:
        assert discount_for_member(session, "920", 2026).figures_confirmed
