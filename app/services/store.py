"""The store handle and opening it, for the screens (which never import the models): the one
way the app, the CLI and the tests reach a data folder (or a database URL), its schema
brought up to date first. `open_store` itself lives beside the migrations."""

from __future__ import annotations

from app.models.db import Store
from app.models.migrate import open_store

__all__ = ["Store", "open_store"]
