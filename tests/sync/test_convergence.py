"""Convergence (hypothesis): random edits on two regions and the state — by each record's
owner, and by the state on needs the regions own — with bundles exchanged in random order,
some delivered twice, some lost (and re-sent by a later incremental bundle, which carries
everything not yet acknowledged). Then rounds of exchange in which a person resolves every
conflict (the owners accepting or declining the state's edits, the state taking the owner's
answer). At the end every instance holds the same data, and every instance's last edit of
each record is either the value all hold or kept in a conflict record: none is lost."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sync_helpers import exchange_keys, template_store

from app.errors import UserError
from app.models import CatalogItem, Member, Need
from app.models.db import Store
from app.services.catalog import edit_item
from app.services.needs import create_need, edit_need
from app.sync.conflicts import list_conflicts, resolve_conflict
from app.sync.export import export_bundle
from app.sync.service import import_bundle

REGIONS = (3, 4)
_ROOT = Path(tempfile.mkdtemp(prefix="sync-templates-"))
_CACHE: dict[tuple[str, int | None], Path] = {}

operation = st.one_of(
    st.tuples(st.just("need"), st.sampled_from(REGIONS), st.integers(0, 6),
              st.integers(1, 500)),
    st.tuples(st.just("price"), st.integers(0, 5), st.integers(100, 999)),
    st.tuples(st.just("send"), st.sampled_from(REGIONS), st.booleans()),
    st.tuples(st.just("deliver"), st.integers(0, 30)),
    st.tuples(st.just("fix"), st.sampled_from(REGIONS), st.integers(0, 6),
              st.integers(1, 500)),
)


KEYS: list[Any] = ["state", *REGIONS]
_SYNCED: list[Path] = []


def synced_template() -> Path:
    """Once per run: the state and the regions with keys exchanged, three needs per region and
    a first exchange done (the uids made at init reconciled), checkpointed so the files can be
    copied."""
    if not _SYNCED:
        folder = _ROOT / "synced"
        folder.mkdir()
        for key in KEYS:
            role, region = ("state", None) if key == "state" else ("region", key)
            shutil.copytree(template_store(_ROOT, _CACHE, role, region), folder / str(key))
        world = World(folder, fresh=True)
        for n in REGIONS:
            exchange_keys(world.stores[n], world.stores["state"])
            for index in range(3):  # needs every instance holds, for edits and fixes to hit
                world.need(n, 10 + index, 5 + index)
        world.settle()
        for store in world.stores.values():
            with store.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        world.close()
        _SYNCED.append(folder)
    return _SYNCED[0]


class World:
    def __init__(self, folder: Path, fresh: bool = False) -> None:
        self.folder = folder
        self.stores: dict[Any, Store] = {}
        if not fresh:
            shutil.copytree(synced_template(), folder, dirs_exist_ok=True)
        for key in KEYS:
            self.stores[key] = Store.for_data_dir(folder / str(key))
        self.mail: list[tuple[Any, Path]] = []
        self.last_edit: dict[tuple[Any, str], Decimal] = {}  # (instance, need uid) -> quantity
        self.expected_price: dict[str, Decimal] = {}
        self.owners_accept = True

    def close(self) -> None:
        for store in self.stores.values():
            store.dispose()

    def need(self, region: int, index: int, quantity: int) -> None:
        store = self.stores[region]
        with store.transaction() as session:
            uids = sorted(session.scalars(select(Need.uid).where(Need.owner == f"region:{region}")))
            if index < len(uids):
                row = edit_need(session, uids[index], {"quantity": str(quantity)})
            else:
                member = session.scalars(select(Member.code).where(Member.region == region)
                                         .order_by(Member.code)).first()
                item = session.scalars(select(CatalogItem.code).order_by(CatalogItem.code)
                                       .offset(index)).first()
                row = create_need(session, {"member": member, "item": item,
                                            "quantity": str(quantity)})
        self.last_edit[(region, row.uid)] = Decimal(quantity)

    def fix(self, region: int, index: int, quantity: int) -> None:
        """The state corrects a need that the region owns."""
        with self.stores["state"].transaction() as session:
            uids = sorted(session.scalars(select(Need.uid).where(Need.owner == f"region:{region}")))
            if not uids:
                return
            row = edit_need(session, uids[index % len(uids)], {"quantity": str(quantity)})
        self.last_edit[("state", row.uid)] = Decimal(quantity)

    def price(self, index: int, price: int) -> None:
        with self.stores["state"].transaction() as session:
            code = session.scalars(select(CatalogItem.code).order_by(CatalogItem.code)
                                   .offset(index)).first()
            edit_item(session, code, {"reference_price": str(price)})
        self.expected_price[code] = Decimal(price)

    def send(self, region: int, to_state: bool) -> None:
        path = self.folder / f"b{len(self.mail)}.zip"
        if to_state:
            export_bundle(self.stores[region], path)
            self.mail.append(("state", path))
        else:
            export_bundle(self.stores["state"], path, to=f"region:{region}")
            self.mail.append((region, path))

    def deliver(self, index: int) -> None:
        if self.mail:
            target, path = self.mail[index % len(self.mail)]
            import_bundle(self.stores[target], path)

    def exchange(self) -> None:
        for n in REGIONS:
            self.send(n, True)
            self.deliver(len(self.mail) - 1)
        for n in REGIONS:
            self.send(n, False)
            self.deliver(len(self.mail) - 1)

    def resolve_all(self) -> bool:
        """A person settles every open conflict: an owner accepts or declines the state's
        edit (one choice per run), the state takes the owner's answer. True if any was open."""
        found = False
        for key, store in self.stores.items():
            keep = "theirs" if key == "state" or self.owners_accept else "mine"
            with store.transaction() as session:
                for conflict in list_conflicts(session):
                    resolve_conflict(session, conflict.id, keep)
                    found = True
        return found

    def settle(self) -> None:
        for _round in range(4):
            self.exchange()
            if not self.resolve_all():
                return
        raise AssertionError("conflicts still arriving after four rounds of exchange")

    def conflict_quantities(self, uid: str) -> set[Decimal]:
        """Every quantity held in a conflict record about `uid`, on any instance."""
        out = set()
        for store in self.stores.values():
            with store.session() as session:
                for conflict in list_conflicts(session, include_resolved=True):
                    if conflict.record_uid == uid:
                        out.update(Decimal(v) for d in conflict.diffs if d.name == "quantity"
                                   for v in (d.mine, d.theirs))
        return out


def rows(store: Store, table: str, owner: str | None = None) -> set[tuple]:
    query = f"SELECT uid, version, content_hash, deleted FROM {table}"
    with store.engine.connect() as connection:
        if owner:
            return set(connection.execute(text(query + " WHERE owner = :o"), {"o": owner}))
        return set(connection.execute(text(query)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, max_size=18), st.booleans())
def test_instances_converge(operations: list[tuple], owners_accept: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sync-world-"))
    world = World(folder)
    world.owners_accept = owners_accept
    try:
        for op, *args in operations:
            try:
                getattr(world, op)(*args)
            except UserError as error:  # e.g. an edit the services refuse; not a sync matter
                assert "Nothing was changed" not in str(error), error
        world.settle()
        state = world.stores["state"]
        for n in REGIONS:
            region = world.stores[n]
            for table in ("members", "schools", "contacts", "needs"):
                assert rows(region, table, f"region:{n}") == rows(state, table, f"region:{n}")
            for table in ("categories", "catalog_items", "funding_years", "regions"):
                assert rows(region, table) == rows(state, table)
        for store in world.stores.values():
            with store.session() as session:
                assert list_conflicts(session) == []
        with state.session() as session:
            quantities = {u: q for u, q in session.execute(select(Need.uid, Need.quantity))}
            prices = {c: p for c, p in session.execute(
                select(CatalogItem.code, CatalogItem.reference_price))}
        for (who, uid), quantity in world.last_edit.items():
            assert quantities[uid] == quantity or quantity in world.conflict_quantities(uid), \
                f"{who}'s last edit of {uid} ({quantity}) is lost"
        for n in REGIONS:
            with world.stores[n].session() as session:
                here = {c: p for c, p in session.execute(
                    select(CatalogItem.code, CatalogItem.reference_price))}
            for code, price in world.expected_price.items():
                assert prices[code] == price == here[code]
    finally:
        world.close()
        shutil.rmtree(folder, ignore_errors=True)
