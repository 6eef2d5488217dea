"""What a member's award letter prints (`consortium allocate letter`, the Allocation tab):
plain data built by `app.services.award_letters.award_letter` from the stored allocation,
never the database.

Funding requests (`funding_requests`): what the member files on its own FCC Form 471 — one
request per awarded vendor contract and E-rate category (C1, C2). Ineligible lines are not
requested; nor are lines of a member that joined later (piggyback, G.S. 143-129(g)): they
were not on the consortium's Form 470. The pre-discount cost is the contract amount of the
request's lines; what E-rate discounts is the part within the member's remaining Category 2
budget (`eligible`), the rest is over budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.rules.allocation import LOWEST, PREFERRED, AllocatedMoney

ERATE_CATEGORIES = ("C1", "C2")


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


@dataclass(frozen=True)
class LetterLine(AllocatedMoney):
    """One allocated line of the member, as the stored allocation has it."""

    lot: int
    line: str  # "2.3" as the packet numbers it
    description: str
    unit: str
    quantity: Decimal
    how: str
    note: str
    piggyback: bool
    unit_price: Decimal  # the contract's, tier applied (0 when not awarded)
    own_unit_price: Decimal
    erate_category: str
    discount: int
    eligible: Decimal
    erate_share: Decimal
    over_budget: Decimal
    awarded: bool = True

    @property
    def how_chosen(self) -> str:
        """Why this vendor, said to the member; empty for its preferred vendor (or when
        it had none to prefer and only one vendor won: nothing to explain)."""
        if self.how == PREFERRED or not self.awarded:
            return ""
        # The rule's note speaks of "the member"; the letter speaks to it.
        note = self.note.replace("the member's choice", "your choice") \
            .replace("preferred vendor", "your preferred vendor")
        if self.how == LOWEST:
            return f"lowest evaluated: {note}" if note else "lowest evaluated awarded vendor"
        return f"your choice; {note}" if note else "your choice among the awarded vendors"


@dataclass(frozen=True)
class VendorSection:
    """An awarded vendor's contract and the member's lines under it."""

    vendor: str
    vendor_498: str
    contract: str
    contract_signed_on: date | None
    lines: tuple[LetterLine, ...]

    @property
    def amount(self) -> Decimal:
        return _sum(x.amount for x in self.lines)

    @property
    def savings(self) -> Decimal:
        return _sum(x.savings for x in self.lines)


@dataclass(frozen=True)
class FundingRequest:
    """One funding request the member files on its Form 471 (see the module text)."""

    number: int  # 1, 2…: the order the letter lists them in
    vendor: str
    vendor_498: str
    contract: str
    contract_signed_on: date | None
    category: str  # "C1" or "C2"
    pre_discount: Decimal
    eligible: Decimal
    discount: int
    erate_share: Decimal

    @property
    def over_budget(self) -> Decimal:
        return self.pre_discount - self.eligible


def funding_requests(sections: Sequence[VendorSection]) -> tuple[FundingRequest, ...]:
    """The Form 471 funding requests of a member's awarded lines (see the module text)."""
    out: list[FundingRequest] = []
    for section in sections:
        for category in ERATE_CATEGORIES:
            lines = [x for x in section.lines
                     if x.erate_category == category and not x.piggyback]
            if not lines:
                continue
            out.append(FundingRequest(
                len(out) + 1, section.vendor, section.vendor_498, section.contract,
                section.contract_signed_on, category, _sum(x.amount for x in lines),
                _sum(x.eligible for x in lines), max(x.discount for x in lines),
                _sum(x.erate_share for x in lines)))
    return tuple(out)


@dataclass(frozen=True)
class AwardLetter:
    """Everything one member's award letter prints."""

    consortium: str
    ref: str
    title: str
    funding_year: int
    member_code: str
    member_name: str
    region: str  # "Region 5 (Piedmont-Triad)", or "" for a member without one
    erate: bool  # whether the procurement has E-rate money at all
    form470_number: str  # "" when the packet facts do not record it
    vendors: tuple[VendorSection, ...]
    not_awarded: tuple[LetterLine, ...]
    piggyback_joined_on: date | None  # set when the member joined later (143-129(g))
    piggyback_board_approved_on: date | None
    coordinator: str  # the state's contact printed under the signature line ("" = blank)
    issued_on: date

    @property
    def lines(self) -> tuple[LetterLine, ...]:
        return tuple(x for v in self.vendors for x in v.lines) + self.not_awarded

    @property
    def amount(self) -> Decimal:
        return _sum(x.amount for x in self.lines)

    @property
    def own_amount(self) -> Decimal:
        return _sum(x.own_amount for x in self.lines if x.awarded)

    @property
    def savings(self) -> Decimal:
        return _sum(x.savings for x in self.lines)

    @property
    def eligible(self) -> Decimal:
        return _sum(x.eligible for x in self.lines)

    @property
    def erate_share(self) -> Decimal:
        return _sum(x.erate_share for x in self.lines)

    @property
    def member_share(self) -> Decimal:
        return self.amount - self.erate_share

    @property
    def over_budget(self) -> Decimal:
        return _sum(x.over_budget for x in self.lines)

    @property
    def piggyback(self) -> bool:
        return any(x.piggyback for x in self.lines)

    @property
    def discounts(self) -> dict[str, int]:
        """The member's discount per E-rate category, as its lines carry it."""
        return {c: max(x.discount for x in self.lines if x.erate_category == c)
                for c in ERATE_CATEGORIES
                if any(x.erate_category == c and x.discount for x in self.lines)}

    @property
    def funding_requests(self) -> tuple[FundingRequest, ...]:
        return funding_requests(self.vendors) if self.erate else ()

    @property
    def award_dates(self) -> tuple[date, ...]:
        return tuple(sorted({v.contract_signed_on for v in self.vendors
                             if v.contract_signed_on is not None}))
