"""Opening a store: engine with the right pragmas, sessions that know who is writing, one
transaction per user action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from app import paths
from app.errors import NotInitialisedError
from app.models import tracking
from app.models.instance import InstanceIdentity


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


DATA_DIR = "data_dir"  # session.info key: the store's data folder (None without one)


class Store:
    """One data store: its engine, its session factory, and who this instance is."""

    def __init__(self, url: str, data_dir: Path | None = None) -> None:
        self.url = url
        self.data_dir = data_dir
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        tracking.install()

    @classmethod
    def for_data_dir(cls, data_dir: Path, url: str | None = None) -> Store:
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(url or paths.sqlite_url(data_dir), data_dir)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        database = self.engine.url.database
        if not self.is_sqlite or not database or database == ":memory:":
            return None
        return Path(database)

    def identity(self) -> InstanceIdentity | None:
        with self._sessions() as session:
            return session.scalars(select(InstanceIdentity)).first()

    def require_identity(self) -> InstanceIdentity:
        identity = self.identity()
        if identity is None:
            raise NotInitialisedError()
        return identity

    def session(self, operator: str | None = None) -> Session:
        """A session whose writes are stamped with this instance's owner and the operator."""
        session = self._sessions()
        # Files the user keeps beside the database (e.g. the NC holiday list) are found here.
        session.info[DATA_DIR] = self.data_dir
        identity = session.scalars(select(InstanceIdentity)).first()
        if identity is not None:
            session.info[tracking.OWNER] = identity.owner_scope
            session.info[tracking.OPERATOR] = operator or identity.operator
        elif operator:
            session.info[tracking.OPERATOR] = operator
        return session

    @contextmanager
    def transaction(self, operator: str | None = None) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        session = self.session(operator)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
