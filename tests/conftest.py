"""Shared fixtures. Qt runs offscreen; the store runs on SQLite and, when TEST_DATABASE_URL
is set (scripts/test.sh starts a throwaway server), on PostgreSQL too."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from throwaway_home import HOME_VARIABLES, real_app_folders, snapshot

from app.models.db import Store
from app.models.migrate import upgrade
from app.services.instance import init_instance

PG_URL_ENV = "TEST_DATABASE_URL"
@pytest.fixture(scope="session", autouse=True)
def throwaway_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """HOME and the XDG folders point at a temporary folder for the whole run; at the end
    the run fails if anything under the real home's app folders changed."""
    watched = real_app_folders()
    before = snapshot(watched)
    saved = {var: os.environ.get(var) for var in HOME_VARIABLES}
    home = tmp_path_factory.mktemp("home")
    for var, sub in HOME_VARIABLES.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(home / sub)
    yield home
    for var, value in saved.items():
        if value is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = value
    changed = sorted(set(before.items()) ^ set(snapshot(watched).items()))
    if changed:
        pytest.fail("the tests wrote the user's real files: "
                    + ", ".join(sorted({name for name, _ in changed})), pytrace=False)


_pg_template: dict[str, str] = {}


def _admin_execute(base_url: str, statement: str) -> None:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


def _fresh_pg_database(base_url: str) -> str:
    """A new database on the test server, so tests never see each other's rows.

    The schema is migrated once into a template database and copied from it, which is
    much faster than running the migrations for every test.
    """
    root = base_url.rsplit("/", 1)[0]
    if base_url not in _pg_template:
        template = f"tpl_{uuid.uuid4().hex[:12]}"
        _admin_execute(base_url, f'CREATE DATABASE "{template}"')
        store = Store(f"{root}/{template}")
        upgrade(store)
        store.dispose()
        _pg_template[base_url] = template
    name = f"t_{uuid.uuid4().hex[:12]}"
    _admin_execute(base_url, f'CREATE DATABASE "{name}" TEMPLATE "{_pg_template[base_url]}"')
    return f"{root}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated, uninitialised store on each database."""
    if request.param == "postgresql":
        base = os.environ.get(PG_URL_ENV)
        if not base:
            if os.environ.get("CI"):
                pytest.fail(f"{PG_URL_ENV} is not set in CI: the PostgreSQL run is missing")
            pytest.skip(f"{PG_URL_ENV} not set")
        store = Store(_fresh_pg_database(base), tmp_path)
    else:
        store = Store.for_data_dir(tmp_path / "data")
    upgrade(store)
    yield store
    store.dispose()


@pytest.fixture
def region3_store(empty_store: Store) -> Store:
    init_instance(empty_store, "region", 3, "A. Coordinator")
    return empty_store


@pytest.fixture
def state_store(empty_store: Store) -> Store:
    init_instance(empty_store, "state", None, "S. Coordinator")
    return empty_store


@pytest.fixture
def sqlite_state(tmp_path: Path) -> Iterator[Store]:
    """A state instance on SQLite only, for tests about files and pages."""
    store = Store.for_data_dir(tmp_path / "state")
    upgrade(store)
    init_instance(store, "state", None, "S. Coordinator")
    yield store
    store.dispose()


@pytest.fixture
def sqlite_region4(tmp_path: Path) -> Iterator[Store]:
    """SQLite only, for tests that are about files rather than the database engine."""
    store = Store.for_data_dir(tmp_path / "r4")
    upgrade(store)
    init_instance(store, "region", 4, "B. Coordinator")
    yield store
    store.dispose()
