"""How numbers look on screen: money as $1,234.56, quantities without trailing zeros."""

from __future__ import annotations

from decimal import Decimal


def money(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def quantity(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f} %"
