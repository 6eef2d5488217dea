"""Volume price tiers (quantity breaks): each member's price alone against the consortium's
price at the aggregated quantity, and what the difference saves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PriceBreak:
    min_qty: Decimal
    unit_price: Decimal


def tier_price(tiers: Sequence[PriceBreak], quantity: Decimal, list_price: Decimal) -> Decimal:
    """Unit price of the highest break whose minimum the quantity reaches; the list price
    when no break applies (or there are none)."""
    price = list_price
    best_min: Decimal | None = None
    for tier in tiers:
        if quantity >= tier.min_qty and (best_min is None or tier.min_qty > best_min):
            best_min, price = tier.min_qty, tier.unit_price
    return price


@dataclass(frozen=True)
class MemberPrice:
    member_code: str
    quantity: Decimal
    alone_price: Decimal
    consortium_price: Decimal

    @property
    def alone_amount(self) -> Decimal:
        return (self.quantity * self.alone_price).quantize(CENT, ROUND_HALF_UP)

    @property
    def consortium_amount(self) -> Decimal:
        return (self.quantity * self.consortium_price).quantize(CENT, ROUND_HALF_UP)

    @property
    def savings(self) -> Decimal:
        return self.alone_amount - self.consortium_amount


@dataclass(frozen=True)
class VolumeSavings:
    total_quantity: Decimal
    consortium_price: Decimal
    members: tuple[MemberPrice, ...]

    @property
    def savings(self) -> Decimal:
        return sum((m.savings for m in self.members), start=Decimal(0))

    @property
    def alone_amount(self) -> Decimal:
        return sum((m.alone_amount for m in self.members), start=Decimal(0))


def volume_savings(quantities: Mapping[str, Decimal], tiers: Sequence[PriceBreak],
                   list_price: Decimal) -> VolumeSavings:
    total = sum(quantities.values(), start=Decimal(0))
    together = tier_price(tiers, total, list_price)
    members = tuple(MemberPrice(code, qty, tier_price(tiers, qty, list_price), together)
                    for code, qty in sorted(quantities.items()))
    return VolumeSavings(total, together, members)
