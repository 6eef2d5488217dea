"""Issue 5's "Done when", end to end: eight regions and the state, each in its own folder,
exchange bundles both ways."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sync_helpers import Factory, exchange_keys, store_fingerprint

from app.errors import UserError
from app.models import Member, Need
from app.models.bulk import insert_synced
from app.models.db import Store
from app.services.catalog import edit_item
from app.services.changes import unexported_changes
from app.services.demo import fill_demo
from app.services.needs import list_needs
from app.sync.export import export_bundle
from app.sync.service import import_bundle

pytestmark = pytest.mark.slow


def needs_summary(store: Store) -> tuple[int, Decimal]:
    with store.session() as session:
        rows = list_needs(session)
    return len(rows), sum((r.amount for r in rows), start=Decimal(0))


def records(store: Store, table: str, owner: str | None = None) -> set[tuple]:
    query = f"SELECT uid, version, content_hash FROM {table}"
    with store.engine.connect() as connection:
        if owner:
            return set(connection.execute(text(query + " WHERE owner = :o"), {"o": owner}))
        return set(connection.execute(text(query)))


def test_eight_regions_and_the_state(make_store: Factory, tmp_path: Path) -> None:
    state = make_store("state", None)
    regions = {n: make_store("region", n) for n in range(1, 9)}
    for region in regions.values():
        exchange_keys(region, state)
        fill_demo(region)

    # Regions → state.
    bundles = {n: export_bundle(r, tmp_path / f"r{n}.zip").path for n, r in regions.items()}
    for path in bundles.values():
        result = import_bundle(state, path)
        assert result.totals()["refused"] == 0 and result.totals()["conflicts"] == 0
    counts = [needs_summary(r) for r in regions.values()]
    assert needs_summary(state) == (sum(c for c, _ in counts), sum(t for _, t in counts))
    # Until a region takes the state's catalog, its needs name items by the uids it made at
    # init; the state translated them to its own, so compare the records after the return leg.

    # Importing any bundle twice changes nothing.
    before = store_fingerprint(state)
    for path in bundles.values():
        assert import_bundle(state, path).already_imported
    assert store_fingerprint(state) == before

    # A bundle with one byte changed is refused.
    data = bytearray(bundles[5].read_bytes())
    data[len(data) // 3] ^= 0xFF
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(data))
    with pytest.raises(UserError):
        import_bundle(state, broken)
    assert store_fingerprint(state) == before

    # A Region 2 bundle carrying a Region 3 member's need: that record is refused.
    with regions[3].session() as session:
        wake = session.scalars(select(Member).where(Member.region == 3)
                               .order_by(Member.code)).first()
        assert wake is not None
        wake_fields = {"uid": wake.uid, "code": wake.code, "name": wake.name, "kind": wake.kind,
                       "region": 3, "owner": "region:3"}
    with regions[2].transaction() as session:
        insert_synced(session, Member, [dict(wake_fields)])
        member_id = session.scalar(select(Member.id).where(Member.uid == wake.uid))
        [stray] = insert_synced(session, Need, [{
            "member_id": member_id, "description": "Chromebooks", "unit": "each",
            "quantity": Decimal(5), "unit_price": Decimal(300), "funding_year": 2026,
            "owner": "region:2"}], parent_uids=[{"member": wake.uid, "item": None}])
    result = import_bundle(state, export_bundle(regions[2], tmp_path / "r2b.zip").path)
    [refusal] = result.refused
    assert refusal.uid == stray
    assert f"member {wake.code} {wake.name} belongs to Region 3, bundle is from Region 2" \
        in refusal.reason
    assert refusal.reason.startswith(f"need {stray[:8]}")
    with state.session() as session:
        assert session.scalar(select(Need.id).where(Need.uid == stray)) is None

    # State → regions: catalog changes arrive; acknowledgements empty the regions' queue.
    with state.transaction() as session:
        edit_item(session, "CB-STU-116", {"reference_price": "301.50"})
    for n, region in regions.items():
        path = export_bundle(state, tmp_path / f"s{n}.zip", to=f"region:{n}").path
        import_bundle(region, path)
        assert import_bundle(region, path).already_imported
        assert records(region, "catalog_items") == records(state, "catalog_items")
        assert records(region, "categories") == records(state, "categories")
        for table in ("members", "schools", "contacts", "needs"):
            mine = {r for r in records(region, table, f"region:{n}") if r[0] != stray}
            assert records(state, table, f"region:{n}") == mine
        # The state acknowledged everything it received (a refusal is an answer too), so
        # the region's next incremental bundle is empty.
        again = export_bundle(region, tmp_path / f"r{n}-again.zip")
        assert again.counts == {}
        with region.session() as session:
            assert unexported_changes(session) == 0
