"""How a lot is awarded (DOMAIN.md §1.5, 2 CFR 200.320): one vendor, or several under a rule
stated in the packet before bids open. The award step applies exactly the basis the packet
printed, so both read it from here.

- `single`: the responsive, responsible bid with the highest total score wins the lot.
- `multiple within N%`: every responsive bid whose evaluated price is within N % of the
  lowest evaluated price (1 ≤ N ≤ 100) gets an award.
- `multiple top K`: the K highest-scoring responsive bids (2 ≤ K ≤ 20) get an award.
Written as text: "single", "multiple within 10%", "multiple top 3" (case and spaces free).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SINGLE, MULTIPLE = "single", "multiple"
WITHIN, TOP = "within", "top"
MAX_WITHIN_PCT = 100
MIN_TOP, MAX_TOP = 2, 20
PATTERN = re.compile(r"^\s*(single|multiple)(?:\s+(within|top)\s+(\d+)\s*(%?))?\s*$",
                     re.IGNORECASE)
FORMS = '"single", "multiple within N%" or "multiple top K"'


class AwardBasisError(ValueError):
    """The text is not an award basis; the message says what is wrong."""


@dataclass(frozen=True)
class AwardBasis:
    kind: str = SINGLE
    rule: str = ""  # "within" or "top" for a multiple award
    value: int = 0  # N (percent) or K (bidders)

    @property
    def text(self) -> str:
        """The canonical spelling, as stored and as typed at the command line."""
        if self.kind == SINGLE:
            return SINGLE
        return f"{MULTIPLE} {self.rule} {self.value}" + ("%" if self.rule == WITHIN else "")

    def describe(self) -> str:
        """The sentence the packet prints for a lot."""
        if self.kind == SINGLE:
            return ("Single award: the responsive, responsible bid with the highest total "
                    "score.")
        if self.rule == WITHIN:
            return (f"Multiple award: every responsive, responsible bid whose evaluated price "
                    f"is within {self.value} % of the lowest evaluated price.")
        return (f"Multiple award: the {self.value} responsive, responsible bids with the "
                "highest total scores.")


DEFAULT = AwardBasis()


def parse_award_basis(text: str) -> AwardBasis:
    """The basis a person typed; AwardBasisError names what is wrong."""
    match = PATTERN.match(text or "")
    if not match:
        raise AwardBasisError(f"'{text}' is not an award basis; write {FORMS}")
    kind, rule, number, percent = (match.group(1).lower(), (match.group(2) or "").lower(),
                                   match.group(3), match.group(4))
    if kind == SINGLE:
        if rule:
            raise AwardBasisError(f"'{text}': a single award takes no rule; write {FORMS}")
        return DEFAULT
    if not rule:
        raise AwardBasisError(f"'{text}': a multiple award needs its rule: \"multiple within "
                              "N%\" or \"multiple top K\"")
    value = int(number)
    if rule == WITHIN and not 1 <= value <= MAX_WITHIN_PCT:
        raise AwardBasisError(f"'{text}': the percentage must be 1 to {MAX_WITHIN_PCT}")
    if rule == TOP:
        if percent:
            raise AwardBasisError(f"'{text}': \"top K\" counts bidders, not a percentage")
        if not MIN_TOP <= value <= MAX_TOP:
            raise AwardBasisError(f"'{text}': K must be {MIN_TOP} to {MAX_TOP} bidders")
    return AwardBasis(MULTIPLE, rule, value)


def basis_for_lot(lot: int, per_lot: dict[int, AwardBasis], default: AwardBasis) -> AwardBasis:
    """A lot's own basis when it has one, else the procurement's."""
    return per_lot.get(lot, default)
