"""Opening the store: the one way the app, the CLI and the tests reach a data folder (or a
database URL), with its schema brought up to date first."""

from __future__ import annotations

from pathlib import Path

from app.models.db import Store
from app.models.migrate import upgrade

__all__ = ["Store", "open_store"]


def open_store(data_dir: Path, db_url: str | None = None) -> Store:
    """Open the store in `data_dir` (or at `db_url`) and bring its schema up to date."""
    store = Store.for_data_dir(data_dir, db_url)
    upgrade(store)
    return store
