"""Column types that keep money and quantities exact on every database.

Decimals are stored as scaled integers (cents for money, thousandths for quantities):
SQLite has no exact decimal type, and integers sum and sort correctly in SQL on both
SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, type_coerce
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with a fixed number of places, stored as a BIGINT of its smallest unit."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places
        self.factor: int = 10**places  # int ** int is Any to mypy (a negative power is a float)
        self.quantum = Decimal(1).scaleb(-places)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        exact = Decimal(value).quantize(self.quantum, rounding=ROUND_HALF_UP)
        return int(exact * self.factor)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return self.from_stored(value)

    def from_stored(self, value: Any) -> Decimal:
        """The exact Decimal for a stored scaled integer (for readers of raw columns)."""
        return (Decimal(int(value)) / self.factor).quantize(self.quantum)


def Money() -> ScaledDecimal:  # noqa: N802 - reads like a type in column declarations
    return ScaledDecimal(2)


def Quantity() -> ScaledDecimal:  # noqa: N802
    return ScaledDecimal(3)


# SQL over the stored integers: sums and products stay exact and are turned back into
# Decimals once, here. Every query that adds up money or quantities uses these.

def stored(column: Any) -> ColumnElement[int]:
    """The scaled integer a Money (cents) or Quantity (thousandths) column holds."""
    return type_coerce(column, BigInteger)


def line_cents(quantity: Any, unit_price: Any) -> ColumnElement[int]:
    """A line's amount in cents, rounded half up per line, in SQL: quantity (thousandths)
    × unit price (cents) = amount × 100,000; + 500, // 1000 → cents (quantities are
    positive). The same rounding as quantity × price quantized to the cent in Python."""
    return (stored(quantity) * stored(unit_price) + 500) // 1000


def money_from_cents(cents: Any) -> Decimal:
    """Dollars for a sum of cents read from SQL (None, for an empty sum, is $0.00)."""
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))


def quantity_from_thousandths(value: Any) -> Decimal:
    """The quantity for a sum of stored thousandths read from SQL (None is 0)."""
    return Decimal(int(value or 0)) / 1000


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases (SQLite would drop the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        stored: datetime = value.astimezone(UTC).replace(tzinfo=None)
        return stored

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        aware: datetime = value.replace(tzinfo=UTC)
        return aware


def utcnow() -> datetime:
    return datetime.now(UTC)
