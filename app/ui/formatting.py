"""How numbers look on screen: money as $1,234.56, quantities without trailing zeros."""

from __future__ import annotations

from decimal import Decimal

from app.rules.money import money, quantity

__all__ = ["count", "money", "percent", "quantity"]


def count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f} %"
