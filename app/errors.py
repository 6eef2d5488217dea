"""Two kinds of failure: ones the user can fix (a clear message) and bugs (a crash report).

A `UserError` always says where the problem is — file, row, field or record — so that the
CLI can print one line and the UI can show it next to the input that caused it.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from app.paths import DB_FILENAME


@dataclass(frozen=True)
class FieldError:
    """One problem with one value. `row` is the 1-based spreadsheet row when there is one."""

    field: str
    message: str
    row: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.record:
            where.append(self.record)
        where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class UserError(Exception):
    """Something the user can fix; the message is shown as it is."""


class NotFoundError(UserError):
    """A record named by the user does not exist."""


class ValidationError(UserError):
    """One or more values were refused; nothing was written."""

    def __init__(self, errors: list[FieldError], context: str = "") -> None:
        self.errors = list(errors)
        self.context = context
        head = f"{context}: " if context else ""
        if len(self.errors) == 1:
            text = f"{head}{self.errors[0]}"
        else:
            lines = "\n".join(f"  {e}" for e in self.errors)
            text = f"{head}{len(self.errors)} problems:\n{lines}"
        super().__init__(text)

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


class StoreVersionError(UserError):
    """The database was written by a newer version of the program, or cannot be upgraded."""


class NotInitialisedError(UserError):
    """The store has no instance identity yet; the message says how to give it one (the same
    wherever it is found, so the CLI reference can show it)."""

    def __init__(self) -> None:
        super().__init__(
            "This store is not initialised yet: run `consortium init --role region "
            "--region N --operator NAME` or `consortium init --role state --operator NAME`.")


# --- the disk, not the program ---------------------------------------------------------------
# A read-only data folder, a folder the user may not write, or a full disk is neither a user
# error in the usual sense nor a bug: it gets one line saying what failed, where, and what to
# do, at the boundaries (the CLI's `run`, the GUI's start-up and excepthook), never a
# traceback. SQLite reports these as its own OperationalError messages (wrapped by
# SQLAlchemy, recognised here by name so this module stays free of heavy imports).

WRITE_ELSEWHERE = ("use a data folder you can write to (--data-dir DIR, or the "
                   "CONSORTIUM_DATA_DIR variable), or get write access to this one")
FREE_SPACE = ("free some space on that disk, or use a data folder on another disk "
              "(--data-dir DIR); nothing was saved")
DISK_ERRNOS = {
    errno.EROFS: ("cannot write to", "the disk or folder is read-only", WRITE_ELSEWHERE),
    errno.EACCES: ("cannot use", "permission denied", WRITE_ELSEWHERE),
    errno.EPERM: ("cannot use", "operation not permitted", WRITE_ELSEWHERE),
    errno.ENOSPC: ("cannot write to", "the disk is full", FREE_SPACE),
    errno.EDQUOT: ("cannot write to", "the disk quota is used up", FREE_SPACE),
}
SQLITE_MESSAGES = {
    "attempt to write a readonly database": ("cannot write to the database",
                                             "it or its folder is read-only", WRITE_ELSEWHERE),
    "unable to open database file": ("cannot open the database", "its folder must exist and "
                                     "be writable (SQLite keeps its journal beside it)",
                                     WRITE_ELSEWHERE),
    "database or disk is full": ("cannot write to the database", "the disk is full",
                                 FREE_SPACE),
    # What SQLite in WAL mode says when the disk fills up (or a USB drive is pulled).
    "disk i/o error": ("cannot write to the database", "disk I/O error, usually a full disk "
                       "or a drive or network share that went away",
                       "free some space or reconnect the drive, or use a data folder "
                       "elsewhere (--data-dir DIR); nothing was saved"),
}


def disk_problem(error: BaseException, data_dir: Path | None) -> str | None:
    """One line for a failure of the disk or folder (read-only, no permission, full), or
    None when `error` is something else (a bug, to be reported as one)."""
    for cause in _causes(error):
        if isinstance(cause, OSError) and cause.errno in DISK_ERRNOS:
            what, reason, advice = DISK_ERRNOS[cause.errno]
            where = cause.filename or data_dir or "the data folder"
            return f"{what} {where}: {reason}; {advice}."
        if type(cause).__module__ == "sqlite3" and type(cause).__name__ == "OperationalError":
            text = str(cause).lower()
            for message, (what, reason, advice) in SQLITE_MESSAGES.items():
                if message in text:
                    where = data_dir / DB_FILENAME if data_dir else "(the database file)"
                    return f"{what} {where}: {reason}; {advice}."
    return None


def _causes(error: BaseException) -> list[BaseException]:
    """The error, what SQLAlchemy wrapped (`orig`), and its chained causes."""
    seen: list[BaseException] = []
    queue: list[BaseException | None] = [error]
    while queue and len(seen) < 10:
        current = queue.pop(0)
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        queue += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return seen
