"""Helpers shared by the sync tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import inspect, text

from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance
from app.sync.keys import own_key, trust_key

Factory = Callable[..., Store]


def template_store(root: Path, cache: dict[tuple[str, int | None], Path], role: str,
                   region: int | None) -> Path:
    """An initialised store for role/region, made once and checkpointed so it can be copied."""
    key = (role, region)
    if key not in cache:
        folder = root / f"{role}{region or ''}"
        store = Store.for_data_dir(folder)
        upgrade(store)
        init_instance(store, role, region, f"{role.title()} {region or ''} Coordinator".strip())
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.dispose()
        cache[key] = folder
    return cache[key]


def exchange_keys(a: Store, b: Store) -> None:
    for one, other in ((a, b), (b, a)):
        key = own_key(other.require_identity())
        with one.transaction() as session:
            trust_key(session, key)


def store_fingerprint(store: Store, skip: tuple[str, ...] = ()) -> tuple[dict[str, int], str]:
    """Row counts and one hash over every row of every table (but those in `skip`):
    'exactly unchanged'."""
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    with store.engine.connect() as connection:
        for table in sorted(set(inspect(connection).get_table_names()) - set(skip)):
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()
            rows = sorted(rows, key=repr)
            counts[table] = len(rows)
            digest.update(table.encode())
            for row in rows:
                digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()
