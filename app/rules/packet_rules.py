"""Rules a bid packet must meet before it is printed as final (DOMAIN.md §1.5): pure
functions over plain data, returning the reasons (empty when it may be final). A packet
with any reason prints only as a DRAFT; the criteria rules are also checked when the
criteria are set, so a bad set is refused there and never stored.

- When E-rate money is involved, the price of eligible goods and services must carry more
  weight than any other single criterion (47 CFR 54.511(a)); equal weights fail.
- The weights are points out of 100: they total exactly 100, so that the share printed
  beside each is its points and the shares sum to the printed total.
- A brand name in a description or specification must read "or equivalent" (FCC
  decisions; 2 CFR 200.319 likewise). The brand list is data (resources/brands.txt).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.errors import UserError

EQUIVALENT = re.compile(r"\bor\s+(an\s+)?(approved\s+)?equivalent\b", re.IGNORECASE)
# How far after a brand name "or equivalent" may follow (same clause, e.g. "iPad or
# equivalent", "Google Chrome Education Upgrade or equivalent").
EQUIVALENT_REACH = 60
TOTAL_POINTS = 100


class PacketRefused(UserError):
    """The final packet is refused; every reason is named (a draft still prints)."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        head = "The bid packet cannot be printed as final: "
        # Several reasons read as every other command's problems: a count, then one indented
        # line each (a long list — every member without a letter — stays readable).
        super().__init__(head + self.reasons[0] if len(self.reasons) == 1 else
                         f"{head}{len(self.reasons)} problems:\n"
                         + "\n".join(f"  {reason}" for reason in self.reasons))


@dataclass(frozen=True)
class BidderFacts:
    """What a bidder needs from the packet to bid at all."""

    erate: bool
    nc_formal: bool
    form470_number: str
    contact_email: str
    contact_phone: str
    bid_due_set: bool
    bid_due_time: str
    opening_place: str


def missing_bidder_facts(facts: BidderFacts) -> list[str]:
    """Each fact a bidder needs that the packet lacks: the Form 470 number (E-rate), the
    contact's e-mail and phone, the bid due date and time, and for formal bids (G.S.
    143-129, a public opening) where bids are opened."""
    out = []
    if facts.erate and not facts.form470_number:
        out.append("the FCC Form 470 number is not set (packet fact form470_number)")
    if not facts.contact_email:
        out.append("the contact's e-mail is not set (packet fact contact_email)")
    if not facts.contact_phone:
        out.append("the contact's phone is not set (packet fact contact_phone)")
    if not facts.bid_due_set:
        out.append("the bid due date is not set (procurement bid_due_on)")
    if not facts.bid_due_time:
        out.append("the time bids are due is not set (packet fact bid_due_time)")
    if facts.nc_formal and not facts.opening_place:
        out.append("where formal bids are opened is not set (packet fact opening_place)")
    return out


def shares(weights: Sequence[int]) -> list[int]:
    """Whole-percent shares of the total that always sum to 100 (largest remainder), so a
    table never prints shares that disagree with its "100 %" total."""
    total = sum(weights)
    if total <= 0:
        return [0 for _ in weights]
    exact = [w * 100 / total for w in weights]
    out = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:100 - sum(out)]:
        out[i] += 1
    return out


@dataclass(frozen=True)
class CriterionFacts:
    name: str
    weight: int
    is_price_of_eligible: bool


@dataclass(frozen=True)
class TextFacts:
    """A piece of packet text to check for brand names, and where it is (for the reason)."""

    where: str  # e.g. "lot 3, line 3.1 (CB-STU-116) specification"
    text: str


def criteria_problems(criteria: Sequence[CriterionFacts], erate: bool) -> list[str]:
    """Weights must be positive and total 100; with E-rate money, exactly one criterion
    is the price of eligible items and it outweighs every other single one."""
    problems: list[str] = []
    if not criteria:
        problems.append("no evaluation criteria are set")
        return problems
    for c in criteria:
        if c.weight <= 0:
            problems.append(f"criterion '{c.name}' has weight {c.weight}; weights must be "
                            "positive")
    total = sum(c.weight for c in criteria)
    if total != TOTAL_POINTS:
        problems.append(f"the weights total {total}, not {TOTAL_POINTS} ("
                        + " + ".join(f"{c.name} {c.weight}" for c in criteria) + ")")
    if not erate:
        return problems
    prices = [c for c in criteria if c.is_price_of_eligible]
    if not prices:
        problems.append("E-rate money is involved but no criterion is marked as the price "
                        "of eligible goods and services")
        return problems
    if len(prices) > 1:
        names = ", ".join(f"'{c.name}'" for c in prices)
        problems.append(f"only one criterion can be the price of eligible goods and "
                        f"services ({names} are marked)")
        return problems
    price = prices[0]
    for c in criteria:
        if c is price or c.is_price_of_eligible:
            continue
        if c.weight >= price.weight:
            relation = "equals" if c.weight == price.weight else "outweighs"
            problems.append(
                f"criterion '{c.name}' ({c.weight}) {relation} the price of eligible goods "
                f"and services '{price.name}' ({price.weight}); with E-rate money, price "
                "must weigh more than every other single criterion")
    return problems


def load_brands(lines: Iterable[str]) -> tuple[str, ...]:
    """Brand names from a text file: one a line, `#` starts a comment."""
    out = []
    for line in lines:
        name = line.split("#", 1)[0].strip()
        if name:
            out.append(name)
    return tuple(dict.fromkeys(out))


def _brand_pattern(brand: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(brand) + r"(?![\w-])", re.IGNORECASE)


def brand_problems(texts: Sequence[TextFacts], brands: Sequence[str]) -> list[str]:
    """Every brand name not followed (within the same clause) by "or equivalent"."""
    problems: list[str] = []
    patterns = [(b, _brand_pattern(b)) for b in brands]
    for piece in texts:
        found: list[str] = []
        for brand, pattern in patterns:
            for match in pattern.finditer(piece.text):
                after = piece.text[match.end():match.end() + EQUIVALENT_REACH]
                clause = re.split(r"[.;]\s", after, maxsplit=1)[0]
                if not EQUIVALENT.search(clause) and brand not in found:
                    found.append(brand)
        if found:
            names = ", ".join(f"'{b}'" for b in found)
            problems.append(f"{piece.where} names {names} without \"or equivalent\"")
    return problems


def packet_problems(criteria: Sequence[CriterionFacts], erate: bool,
                    texts: Sequence[TextFacts], brands: Sequence[str]) -> list[str]:
    """All reasons the packet may not be printed, criteria first."""
    return criteria_problems(criteria, erate) + brand_problems(texts, brands)
