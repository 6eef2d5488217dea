"""What a CLI command gets: the data folder, the store (opened and migrated on first use),
and helpers for printing tables and JSON."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import paths
from app.models.db import Store

# open_store lives beside the migrations so the app can open a store without importing
# every CLI command (the `app.cli` package imports them all); it is re-exported here.
from app.models.migrate import open_store


@dataclass
class CliContext:
    data_dir: Path
    db_url: str | None
    _store: Store | None = field(default=None, repr=False)
    # What opening the store made that was not there before (a new SQLite store only).
    _made: list[Path] = field(default_factory=list, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        data_dir = Path(args.data_dir).expanduser() if args.data_dir else paths.default_data_dir()
        return cls(data_dir, args.db or os.environ.get(paths.DB_URL_ENV))

    @property
    def store(self) -> Store:
        if self._store is None:
            self._made = [] if self.db_url else _new_store_paths(self.data_dir)
            self._store = open_store(self.data_dir, self.db_url)
        return self._store

    def close(self, discard_new_store: bool = True) -> None:
        """Dispose of the store. A store this command created and left uninitialised (the
        command failed, or only read) is removed again with what was made for it, so a new
        data folder is left as it was found; `discard_new_store=False` keeps it (a crash log
        is in it)."""
        initialised = False
        if self._store is not None:
            try:
                initialised = bool(self._made) and self._store.identity() is not None
            except Exception:  # cannot tell: keep the store rather than lose data
                initialised = True
            finally:
                self._store.dispose()
        if not self._made or initialised or not discard_new_store:
            return
        for path in self._made:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def log_crash(self) -> Path:
        folder = paths.log_dir(self.data_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / "crash.log"
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now(UTC).isoformat()} {' '.join(sys.argv)}\n")
                handle.write(traceback.format_exc())
            return target
        except OSError:
            return Path("(log could not be written)")


def _new_store_paths(data_dir: Path) -> list[Path]:
    """The folder, or the store's files and folders in it, that opening a store would make;
    empty when the SQLite file is already there."""
    if not data_dir.exists():
        return [data_dir]
    database = data_dir / paths.DB_FILENAME
    if database.exists():
        return []
    candidates = [database, *(database.with_name(database.name + suffix)
                              for suffix in ("-journal", "-wal", "-shm")),
                  paths.backups_dir(data_dir), paths.keys_dir(data_dir)]
    return [path for path in candidates if not path.exists()]


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


TEXT_COLUMNS = frozenset({"code", "member", "item", "FY", "region"})


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned text table; numbers right-aligned."""
    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    # Codes such as 920 look numeric but read better left-aligned like 32A beside them.
    numeric = [all(_is_number(r[i]) for r in text_rows) and bool(text_rows)
               and headers[i] not in TEXT_COLUMNS for i in range(len(headers))]

    def fmt(values: Sequence[str]) -> str:
        cells = [v.rjust(w) if num else v.ljust(w)
                 for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(cells).rstrip()

    print(fmt(headers))
    print("  ".join("-" * w for w in widths))
    for row in text_rows:
        print(fmt(row))


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return text == ""
    return True
