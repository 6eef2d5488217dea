"""Turning user-typed values (strings from a form, a CLI or a spreadsheet cell) into typed ones,
collecting a FieldError for each value refused instead of stopping at the first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.errors import FieldError, ValidationError

# Sane ceilings, far above any real order yet well inside what the columns hold (money and
# quantities are stored as 64-bit integers of cents / thousandths; integers as 32-bit on
# PostgreSQL), so an absurd value is refused here instead of overflowing in the database.
QUANTITY_MAX = Decimal(10_000_000)
MONEY_MAX = Decimal(1_000_000_000)
INT_MAX = 2**31 - 1
# NUL and the other C0 controls (tab and line breaks excepted): PostgreSQL refuses NUL in
# text, and none of them is anything a person typed.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_number(value: Decimal) -> str:
    """'670', '2.5' — never '6.7E+2', which Decimal.normalize() would print."""
    return f"{value.normalize():f}"


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN from an empty spreadsheet cell
        return True
    return isinstance(value, str) and not value.strip()


@dataclass
class Checker:
    """Accumulates field errors for one record; `row` and `record` locate it for the user."""

    row: int | None = None
    record: str | None = None
    errors: list[FieldError] = field(default_factory=list)
    # Values from a sync bundle are stored as written: a choice must be spelled exactly as
    # stored and a flag must be a boolean, where a person's "Draft" or "yes" is accepted.
    exact: bool = False

    def fail(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, message, self.row, self.record))

    def text(self, name: str, value: Any, *, required: bool = False, max_len: int = 200) -> str:
        if is_blank(value):
            if required:
                self.fail(name, "is required")
            return ""
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))  # a code typed as 920 in Excel arrives as 920.0
        if len(text) > max_len:
            self.fail(name, f"is longer than {max_len} characters")
        control = CONTROL_CHARS.search(text)
        if control:
            self.fail(name, f"contains a control character (U+{ord(control.group()):04X})")
        return text

    def decimal(self, name: str, value: Any, *, required: bool = False, places: int = 2,
                minimum: Decimal | None = Decimal(0), positive: bool = False,
                maximum: Decimal | None = MONEY_MAX) -> Decimal | None:
        if is_blank(value):
            if required:
                self.fail(name, "is required")
            return None
        raw = str(value).strip().replace(",", "").replace("$", "") if isinstance(value, str) \
            else value
        try:
            number = Decimal(str(raw)) if not isinstance(raw, Decimal) else raw
        except (InvalidOperation, ValueError):
            self.fail(name, f"'{value}' is not a number")
            return None
        if not number.is_finite():
            self.fail(name, f"'{value}' is not a number")
            return None
        if positive and number <= 0:
            self.fail(name, "must be greater than zero")
            return None
        if minimum is not None and number < minimum:
            self.fail(name, f"must be at least {minimum}")
            return None
        if maximum is not None and number > maximum:
            self.fail(name, f"must be at most {plain_number(maximum)}")
            return None
        try:  # refused, never rounded: the column keeps `places` decimals
            exact = number == number.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation:  # more digits than a Decimal can quantize
            self.fail(name, f"'{value}' is too large")
            return None
        if not exact:
            self.fail(name, f"has more than {places} decimal places")
            return None
        return number

    def integer(self, name: str, value: Any, *, required: bool = False, minimum: int = 0,
                maximum: int = INT_MAX) -> int | None:
        number = self.decimal(name, value, required=required, places=0, minimum=None,
                              maximum=None)
        if number is None:
            return None
        result = int(number)
        if result < minimum:
            self.fail(name, f"must be at least {minimum}")
            return None
        if result > maximum:
            self.fail(name, f"must be at most {maximum}")
            return None
        return result

    def choice(self, name: str, value: Any, choices: tuple[str, ...], *,
               required: bool = False, default: str = "") -> str:
        if is_blank(value):
            if required:
                self.fail(name, f"is required (one of {', '.join(choices)})")
            return default
        if self.exact and value not in choices:
            self.fail(name, f"'{value}' is not one of {', '.join(choices)}")
            return default
        text = str(value).strip().lower()
        lookup = {c.lower(): c for c in choices}
        if text not in lookup:
            self.fail(name, f"'{value}' is not one of {', '.join(choices)}")
            return default
        return lookup[text]

    def boolean(self, name: str, value: Any) -> bool | None:
        if is_blank(value):
            return None
        if isinstance(value, bool):
            return value
        if self.exact:
            self.fail(name, f"'{value}' is not true or false")
            return None
        text = str(value).strip().lower()
        if text in {"yes", "y", "true", "1", "rural"}:
            return True
        if text in {"no", "n", "false", "0", "urban"}:
            return False
        self.fail(name, f"'{value}' is not yes or no")
        return None

    def date(self, name: str, value: Any) -> date | None:
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.fail(name, f"'{value}' is not a date (use YYYY-MM-DD)")
        return None

    def moment(self, name: str, value: Any, *, required: bool = False) -> datetime | None:
        """A point in time with its zone (ISO 8601); one without a zone is ambiguous."""
        if is_blank(value):
            if required:
                self.fail(name, "is required")
            return None
        moment = value
        if not isinstance(value, datetime):
            try:
                moment = datetime.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(name, f"'{str(value)[:40]}' is not a date and time (ISO 8601)")
                return None
        if moment.tzinfo is None or moment.utcoffset() is None:
            self.fail(name, f"'{str(value)[:40]}' has no time zone")
            return None
        return moment

    def raise_if_errors(self, context: str = "") -> None:
        if self.errors:
            raise ValidationError(self.errors, context)
