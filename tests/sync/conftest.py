"""Sync fixtures: several instances on SQLite in temporary folders.

Initialising an instance loads reference data (~0.3 s); each role/region is initialised once
per test session and its SQLite file copied for every test that needs one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_helpers import Factory, template_store

from app.models.db import Store


@pytest.fixture(scope="session")
def _templates() -> dict[tuple[str, int | None], Path]:
    return {}


@pytest.fixture(scope="session")
def _template_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("templates")


@pytest.fixture
def make_store(tmp_path: Path, _template_root: Path,
               _templates: dict[tuple[str, int | None], Path]) -> Iterator[Factory]:
    """make_store("region", 3) / make_store("state", None): a fresh initialised copy."""
    made: list[Store] = []
    counter = [0]

    def make(role: str, region: int | None = None) -> Store:
        source = template_store(_template_root, _templates, role, region)
        counter[0] += 1
        target = tmp_path / f"{role}{region or ''}-{counter[0]}"
        shutil.copytree(source, target)
        store = Store.for_data_dir(target)
        made.append(store)
        return store

    yield make
    for store in made:
        store.dispose()
