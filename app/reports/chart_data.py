"""How the charts group and scale their figures, on paper (`charts`) and on screen (the
dashboard): pure helpers with no drawing library, so the app can start without ReportLab."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

CONFIRMED_HEX, DRAFT_HEX = "#2e7d32", "#f2b134"  # confirmed and draft, on screen and paper
TOP_CATEGORIES = 7


def short_category(name: str) -> str:
    """'Wireless LAN (access points, controllers, licences)' → 'Wireless LAN'."""
    return name.split(" (")[0]


def money_scale(largest: Decimal) -> tuple[Decimal, str]:
    """Divisor and axis label format so the axis reads $1.5M or $250k, not 1500000."""
    if largest >= 1_000_000:
        return Decimal(1_000_000), "$%.1fM"
    if largest >= 10_000:
        return Decimal(1_000), "$%.0fk"
    if largest >= 10:
        return Decimal(1), "$%.0f"
    return Decimal(1), "$%.2f"  # a few dollars: whole-dollar ticks would repeat "$0 $0 $1"


def short_money(value: float) -> str:
    """A bar's total, scaled on its own: $19.2M, $250k, $86."""
    scale, fmt = money_scale(Decimal(str(round(value, 2))))
    return fmt % (value / float(scale))


def top_rows(rows: Sequence[tuple[str, Decimal, Decimal]], top: int = TOP_CATEGORIES
             ) -> list[tuple[str, Decimal, Decimal]]:
    """The first `top` rows (largest first), the rest summed as "Other categories (n)" so
    the labels stay readable; a single left-over row keeps its own name."""
    out = list(rows[:top])
    rest = rows[top:]
    if len(rest) == 1:
        out.append(rest[0])
    elif rest:
        out.append((f"Other categories ({len(rest)})",
                    sum((r[1] for r in rest), Decimal(0)),
                    sum((r[2] for r in rest), Decimal(0))))
    return out
