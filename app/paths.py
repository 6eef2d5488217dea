"""Where the program keeps its files: data folder, database file, backups, logs, resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "CONSORTIUM_DATA_DIR"
DB_URL_ENV = "CONSORTIUM_DB_URL"
DB_FILENAME = "consortium.sqlite3"


def default_data_dir() -> Path:
    """The per-user data folder (platformdirs), unless CONSORTIUM_DATA_DIR names another."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    # Imported here so `consortium --help` stays cheap.
    from platformdirs import user_data_dir

    return Path(user_data_dir("ConsortiumBuying", "NC K-12 Consortium"))


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / DB_FILENAME).as_posix()}"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def keys_dir(data_dir: Path) -> Path:
    """The private signing key's folder (app.signing_key): owner-only, never in the DB."""
    return data_dir / "keys"


def resources_dir() -> Path:
    """`resources/` beside the package, or inside a frozen (PyInstaller) bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def reference_file(name: str) -> Path:
    return resources_dir() / "reference" / name


def migrations_dir() -> Path:
    return Path(__file__).resolve().parent / "models" / "migrations"
