"""Savings and effort, measured (issue #16): what the consortium's awards saved its members,
in money and in procurements. Pure functions over plain figures.

- Money: a line's savings is the allocation's (`app.rules.allocation`): the member's own
  amount (its own unit price × quantity) less the amount at the awarded contract price, each
  rounded to the cent per line. Totals add the lines' figures; nothing is recomputed from
  totals. Savings % = savings ÷ the members' own amount. The members' share is the awarded
  amount less the E-rate share. Only awarded lines count; a line nobody was awarded counts in
  no figure and is reported as a count.
- Effort: without the consortium, each participating member would have run a procurement of
  its own for each lot it buys in. The separate procurements are the distinct (member,
  procurement, lot) triples with an awarded line; the consortium ran its own procurements
  instead (one per procurement in scope), so the procurements replaced are the separate ones
  less the consortium's own (never below zero). Per region, member or lot the figure is the
  separate procurements of that part (they add up to the statewide separate count; the
  consortium's own are subtracted only statewide).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class SavingsFigures:
    """The added-up figures of some awarded lines (a lot, a member, a region, the state)."""

    lines: int = 0
    own_amount: Decimal = ZERO  # what the members would have paid at their own prices
    amount: Decimal = ZERO  # at the awarded contract prices
    erate_share: Decimal = ZERO
    members: int = 0
    separate_procurements: int = 0  # distinct (member, procurement, lot) triples

    @property
    def savings(self) -> Decimal:
        return self.own_amount - self.amount

    @property
    def savings_pct(self) -> Decimal | None:
        return savings_pct(self.savings, self.own_amount)

    @property
    def member_share(self) -> Decimal:
        return self.amount - self.erate_share


def savings_pct(savings: Decimal, own_amount: Decimal) -> Decimal | None:
    """Savings as a percentage of the members' own amount, to one place; None without one."""
    if not own_amount:
        return None
    return (100 * savings / own_amount).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Part:
    """The awarded lines of one member in one lot of one procurement: the unit every
    breakdown adds up (it is one separate procurement the member no longer runs)."""

    member: str
    lines: int
    own_amount: Decimal
    amount: Decimal
    erate_share: Decimal


def add_up(parts: Iterable[Part]) -> SavingsFigures:
    """The figures of some parts: money summed, members and separate procurements counted."""
    items = list(parts)
    return SavingsFigures(
        lines=sum(p.lines for p in items),
        own_amount=sum((p.own_amount for p in items), ZERO),
        amount=sum((p.amount for p in items), ZERO),
        erate_share=sum((p.erate_share for p in items), ZERO),
        members=len({p.member for p in items}),
        separate_procurements=sum(1 for p in items if p.lines))


def procurements_replaced(separate: int, consortium: int) -> int:
    """The separate procurements the members no longer run, less the consortium's own."""
    return max(0, separate - consortium)
