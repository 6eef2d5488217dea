"""Allocation of an awarded procurement back to its members (DOMAIN.md §1.4, §2.3; issue
#16): which awarded vendor each member need line buys from, at what price, what it saves,
and what E-rate pays. Pure functions over plain data.

- Vendor: the member's own choice among the lot's awarded vendors, if it made one; else its
  preferred vendor where that vendor won the lot; else the awarded vendor with the lowest
  evaluated price (its lot total). A line whose lot (or line) nobody won is "not awarded".
  Names match as the compliance lists match them (`normalise_name`), or by the vendor's DBA.
- Price: the contract's not-to-exceed unit price at the volume tier the vendor's whole
  quantity on that line reaches (every member's lines it was allocated), so the consortium's
  volume is what earns the tier.
- Savings: the member's own estimate of the line (its unit price × quantity) less the
  consortium amount; negative when the contract costs more than the member's estimate.
- E-rate: each line split by `app.rules.erate.line_share` at the member's discount; a
  member's Category 2 lines draw on its remaining five-year budget in line order, and the
  part beyond it gets no discount and is flagged (over budget). A member that joined later
  (piggyback) was not on the consortium's Form 470: E-rate pays nothing on its lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.rules.compliance import normalise_name
from app.rules.erate import MemberDiscount, c2_discountable, line_share
from app.rules.pricing import PriceBreak, tier_price

PREFERRED, LOWEST, CHOICE, NOT_AWARDED = "preferred", "lowest", "member choice", "not awarded"
HOW = (PREFERRED, LOWEST, CHOICE, NOT_AWARDED)
CENT = Decimal("0.01")
PIGGYBACK_NO_ERATE = "joined later (piggyback): not on the consortium's Form 470, no E-rate"


@dataclass(frozen=True)
class AwardedVendor:
    """A vendor awarded a line's lot (or the line itself)."""

    name: str
    dba: str
    evaluated_price: Decimal  # its lot total: the lowest is the default pick

    def answers_to(self, typed: str) -> bool:
        """Whether a name a member typed (preferred vendor, choice) means this vendor."""
        wanted = normalise_name(typed)
        return bool(wanted) and wanted in {normalise_name(self.name), normalise_name(self.dba)}


@dataclass(frozen=True)
class Pick:
    vendor: AwardedVendor | None
    how: str
    note: str = ""


def pick_vendor(awarded: Sequence[AwardedVendor], preferred: str, chosen: str = "") -> Pick:
    """The vendor a line buys from (see the module text)."""
    if not awarded:
        return Pick(None, NOT_AWARDED, "nobody was awarded this line")
    if chosen:
        match = next((v for v in awarded if v.answers_to(chosen)), None)
        if match is not None:
            return Pick(match, CHOICE)
    note = f"the member's choice {chosen} is not awarded this line; " if chosen else ""
    if preferred:
        match = next((v for v in awarded if v.answers_to(preferred)), None)
        if match is not None:
            return Pick(match, PREFERRED, note.rstrip("; "))
        note += f"preferred vendor {preferred} was not awarded this line"
    lowest = min(awarded, key=lambda v: (v.evaluated_price, v.name))
    return Pick(lowest, LOWEST, note.rstrip("; "))


def allocated_unit_price(base: Decimal, tiers: Sequence[PriceBreak],
                         vendor_quantity: Decimal) -> Decimal:
    """The contract price a line pays: the tier the vendor's whole quantity on the line
    reaches, else the base not-to-exceed price."""
    return tier_price(tiers, vendor_quantity, base)


def amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return (quantity * unit_price).quantize(CENT, ROUND_HALF_UP)


class AllocatedMoney:
    """The money of an allocated line from its quantity and prices — one rule for every
    reader of an allocation (the allocation list, the award letter). A line nobody was
    awarded saves nothing."""

    quantity: Decimal
    unit_price: Decimal
    own_unit_price: Decimal
    erate_share: Decimal

    @property
    def awarded(self) -> bool:
        raise NotImplementedError

    @property
    def amount(self) -> Decimal:
        return amount(self.quantity, self.unit_price)

    @property
    def own_amount(self) -> Decimal:
        return amount(self.quantity, self.own_unit_price)

    @property
    def savings(self) -> Decimal:
        return self.own_amount - self.amount if self.awarded else Decimal(0)

    @property
    def member_share(self) -> Decimal:
        return self.amount - self.erate_share


@dataclass(frozen=True)
class LineFigures:
    """One allocated line's money: what the member would have paid, what it pays under the
    contract, and how E-rate splits the contract amount."""

    own_amount: Decimal
    amount: Decimal
    discount: int
    eligible: Decimal
    erate_share: Decimal
    over_budget: Decimal

    @property
    def savings(self) -> Decimal:
        return self.own_amount - self.amount

    @property
    def member_share(self) -> Decimal:
        return self.amount - self.erate_share


@dataclass(frozen=True)
class MemberLine:
    quantity: Decimal
    unit_price: Decimal  # the contract's (0 when not awarded)
    own_unit_price: Decimal
    erate_category: str  # "C1", "C2" or "ineligible"


def member_figures(lines: Sequence[MemberLine], discount: MemberDiscount | None,
                   c2_budget_left: Decimal | None, piggyback: bool = False
                   ) -> list[LineFigures]:
    """Each of one member's lines' figures, in order; Category 2 lines draw on the
    remaining budget in that order (see the module text)."""
    left = c2_budget_left
    out = []
    for line in lines:
        cost = amount(line.quantity, line.unit_price)
        own = amount(line.quantity, line.own_unit_price)
        rate = None if piggyback else discount
        over = Decimal(0)
        if line.erate_category == "C2" and rate is not None:
            over = cost - c2_discountable(cost, left)
        share = line_share(cost, line.erate_category, rate, left)
        if line.erate_category == "C2" and left is not None:
            left -= share.eligible
        out.append(LineFigures(own, cost, share.discount, share.eligible, share.erate_share,
                               over))
    return out
