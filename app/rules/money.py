"""How money reads, everywhere the app shows it: screens, printouts, the command line.

- `money`: dollars and cents, thousands separated, the sign before the dollar sign:
  $1,234.50 and -$1,234.50 (never $-1,234.50); the cents rounded half up.
- `whole_money`: whole dollars the same way, for totals where cents are noise: $1,235.
- `short_money`: large amounts shortened where space is short: $76.6M, $250k; below $10,000
  `whole_money` (or `money` with `cents=True`).
- `figure`: the number alone (1,234.50, -1,234.50), for columns whose header says dollars.
- `quantity`: a quantity without trailing zeros: 1,200 and 2.5.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
DOLLAR = Decimal(1)


def _signed(value: Decimal, places: Decimal, pattern: str) -> str:
    amount = Decimal(value).quantize(places, ROUND_HALF_UP)
    return ("-" if amount < 0 else "") + "$" + format(abs(amount), pattern)


def money(value: Decimal | int | None, empty: str = "") -> str:
    """$1,234.50; `empty` for no value."""
    return empty if value is None else _signed(Decimal(value), CENT, ",.2f")


def whole_money(value: Decimal | int) -> str:
    """$1,235."""
    return _signed(Decimal(value), DOLLAR, ",.0f")


def short_money(value: Decimal | int, cents: bool = False) -> str:
    """$76.6M, $250k, else $9,500 (or $9,500.00 with `cents`)."""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    if abs(amount) >= 1_000_000:
        return f"{sign}${abs(amount) / 1_000_000:,.1f}M"
    if abs(amount) >= 10_000:
        return f"{sign}${abs(amount) / 1_000:,.0f}k"
    return money(amount) if cents else whole_money(amount)


def figure(value: Decimal | int) -> str:
    """1,234.50: the amount without its dollar sign."""
    return format(Decimal(value).quantize(CENT, ROUND_HALF_UP), ",.2f")


def quantity(value: Decimal | int | None) -> str:
    """1,200; 2.5; blank for no value."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"
