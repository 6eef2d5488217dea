"""Two kinds of failure: ones the user can fix (a clear message) and bugs (a crash report).

A `UserError` always says where the problem is — file, row, field or record — so that the
CLI can print one line and the UI can show it next to the input that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """The store has no instance identity yet."""
