"""The catalog is the state's: its edits, retirements and new items reach a region in the
state's bundle (a region's lines keep a retired item), and a region's bundle — even signed
with a key the state trusts — cannot change it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from bundle_tools import Members, dump, rebuild
from sqlalchemy import select
from sync_helpers import Factory, exchange_keys

from app.errors import ValidationError
from app.models import CatalogItem
from app.models.db import Store
from app.models.portable import portable_fields
from app.services.catalog import create_item, edit_item, list_items, set_item_retired
from app.services.needs import create_need, list_needs
from app.sync.export import export_bundle
from app.sync.format import entity_specs
from app.sync.keys import signing_key
from app.sync.service import import_bundle

HEADSET = {"code": "VR-HEADSET", "name": "VR headset", "category": "DEVICES",
           "unit": "each", "erate_category": "ineligible", "reference_price": "399.00",
           "brand": "Meta"}


def catalog(store: Store) -> dict[str, object]:
    with store.session() as session:
        return {r.code: r for r in list_items(session, include_inactive=True)}


def test_the_states_catalog_changes_reach_a_region(make_store: Factory, state_store: Store,
                                                    tmp_path: Path) -> None:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with region.transaction() as session:
        line = create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "30"})
    import_bundle(state_store, export_bundle(region, tmp_path / "r3.zip").path)
    with state_store.transaction() as session:
        edit_item(session, "CB-STU-122", {"reference_price": "299.00", "brand": "Acer",
                                          "spec": "Rugged."})
        set_item_retired(session, "CB-STU-116", True)
        create_item(session, HEADSET)
    result = import_bundle(region, export_bundle(state_store, tmp_path / "s.zip",
                                                 to="region:3").path)
    assert result.refused == []
    assert result.counts["catalog_items"]["updated"] == 2
    assert result.counts["catalog_items"]["new"] == 1

    items = catalog(region)
    assert items["CB-STU-122"].reference_price == Decimal("299.00")
    assert items["CB-STU-122"].printed_spec == "Rugged. Brand: Acer or equivalent."
    assert items["CB-STU-116"].retired and items["VR-HEADSET"].brand == "Meta"
    with region.session() as session:
        [kept] = list_needs(session, member_code="920")
    assert (kept.uid, kept.item_code) == (line.uid, "CB-STU-116")
    with pytest.raises(ValidationError, match="no longer offered"), \
            region.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "5"})


def test_a_regions_bundle_cannot_change_the_catalog(make_store: Factory, state_store: Store,
                                                    tmp_path: Path) -> None:
    """Region 3's genuine bundle, with a catalog item edited and one retired, signed again
    with Region 3's own key, which the state trusts: every catalog record is refused."""
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with region.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "30"})
    with state_store.session() as session:
        stored = session.scalars(select(CatalogItem).where(CatalogItem.code.in_(
            ["CB-STU-116", "CB-STU-122"])).order_by(CatalogItem.code)).all()
        lines = [{**portable_fields(i), "version": i.version + 1,
                  "updated_at": i.updated_at.isoformat()} for i in stored]
    lines[0]["reference_price"] = "1.00"
    lines[1]["active"] = False
    name = entity_specs()["catalog_items"].file_name

    def change(members: Members, manifest: dict) -> None:
        members[name] = b"".join(dump(row) for row in lines)
        manifest["files"] = [f for f in manifest["files"] if f["name"] != name]
        manifest["files"].append({"name": name, "entity": "catalog_items", "sha256": "",
                                  "rows": 0})

    identity = region.require_identity()
    bundle = rebuild(export_bundle(region, tmp_path / "r3.zip").path, tmp_path / "bad.zip",
                     change, signing_key(region, identity), public_pem=identity.public_key)
    before = catalog(state_store)
    result = import_bundle(state_store, bundle)
    refused = {(r.entity, r.uid) for r in result.refused}
    assert refused == {("catalog_items", i["uid"]) for i in lines}
    assert catalog(state_store) == before
    assert result.counts["needs"]["new"] == 1  # the rest of the bundle went in
    assert all("may not edit catalog items; they are the state's" in r.reason
               for r in result.refused)
