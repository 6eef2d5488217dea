"""Rules a bid packet must meet before it is printed (DOMAIN.md §1.5): pure functions over
plain data, returning the reasons a packet is refused (empty when it may print).

- When E-rate money is involved, the price of eligible goods and services must carry more
  weight than any other single criterion (47 CFR 54.511(a)); equal weights fail.
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


class PacketRefused(UserError):
    """The packet breaks a rule; every reason is named."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        head = "The bid packet cannot be printed: "
        # Several problems read as every other command's: a count, then one indented line each.
        text = (head + self.reasons[0] if len(self.reasons) == 1 else
                f"{head}{len(self.reasons)} problems:\n"
                + "\n".join(f"  {reason}" for reason in self.reasons))
        super().__init__(text)


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
    """Weights must be positive with a positive total; with E-rate money, exactly one
    criterion is the price of eligible items and it outweighs every other single one."""
    problems: list[str] = []
    if not criteria:
        problems.append("no evaluation criteria are set")
        return problems
    for c in criteria:
        if c.weight <= 0:
            problems.append(f"criterion '{c.name}' has weight {c.weight}; weights must be "
                            "positive")
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
