"""How a lot is awarded (DOMAIN.md §1.5, 2 CFR 200.320): one vendor, or several under a rule
stated in the packet before bids open. The award step applies exactly the basis the packet
printed, so both read it from here.

- `single`: the responsive, responsible bid with the highest total score wins the lot.
- `multiple within N%`: every responsive bid whose evaluated price is within N % of the
  lowest evaluated price (1 ≤ N ≤ 100) gets an award.
- `multiple top K`: the K highest-scoring responsive bids (2 ≤ K ≤ 20) get an award.
- Followed by "per line", the basis applies to each line of the lot on its own, on the
  bidders' prices for that line (`app.rules.award.decide_line`): "single per line" (the
  lowest price on the line), "multiple within 10% per line", "multiple top 2 per line" (the
  K lowest prices on the line).
Written as text: "single", "multiple within 10%", "multiple top 3", "single per line"
(case and spaces free).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SINGLE, MULTIPLE = "single", "multiple"
WITHIN, TOP = "within", "top"
MAX_WITHIN_PCT = 100
MIN_TOP, MAX_TOP = 2, 20
PATTERN = re.compile(r"^\s*(single|multiple)(?:\s+(within|top)\s+(\d+)\s*(%?))?"
                     r"(\s+per\s+line)?\s*$", re.IGNORECASE)
PER_LINE = " per line"
FORMS = ('"single", "multiple within N%" or "multiple top K", each optionally followed by '
         '"per line"')


class AwardBasisError(ValueError):
    """The text is not an award basis; the message says what is wrong."""


@dataclass(frozen=True)
class AwardBasis:
    kind: str = SINGLE
    rule: str = ""  # "within" or "top" for a multiple award
    value: int = 0  # N (percent) or K (bidders)
    per_line: bool = False  # applied to each line of the lot on its own

    @property
    def text(self) -> str:
        """The canonical spelling, as stored and as typed at the command line."""
        tail = PER_LINE if self.per_line else ""
        if self.kind == SINGLE:
            return SINGLE + tail
        return (f"{MULTIPLE} {self.rule} {self.value}" + ("%" if self.rule == WITHIN else "")
                + tail)

    def describe(self) -> str:
        """The sentence the packet prints for a lot."""
        if self.per_line:
            return self._describe_per_line()
        if self.kind == SINGLE:
            return ("Single award: the responsive, responsible bid with the highest total "
                    "score.")
        if self.rule == WITHIN:
            return (f"Multiple award: every responsive, responsible bid whose evaluated price "
                    f"is within {self.value} % of the lowest evaluated price.")
        return (f"Multiple award: the {self.value} responsive, responsible bids with the "
                "highest total scores.")


    def _describe_per_line(self) -> str:
        eligible = ("among the responsive, responsible bids (ranked on the lot) that priced "
                    "the line")
        if self.kind == SINGLE:
            return (f"Single award per line: each line goes to the lowest price on it {eligible}"
                    " (equal prices: the better total score on the lot).")
        if self.rule == WITHIN:
            return (f"Multiple award per line: each line goes to every bid whose price on it is "
                    f"within {self.value} % of the lowest price on the line, {eligible}.")
        return (f"Multiple award per line: each line goes to the bids with the {self.value} "
                f"lowest prices on it, {eligible}.")


DEFAULT = AwardBasis()


def parse_award_basis(text: str) -> AwardBasis:
    """The basis a person typed; AwardBasisError names what is wrong."""
    match = PATTERN.match(text or "")
    if not match:
        raise AwardBasisError(f"'{text}' is not an award basis; write {FORMS}")
    kind, rule, number, percent = (match.group(1).lower(), (match.group(2) or "").lower(),
                                   match.group(3), match.group(4))
    per_line = bool(match.group(5))
    if kind == SINGLE:
        if rule:
            raise AwardBasisError(f"'{text}': a single award takes no rule; write {FORMS}")
        return AwardBasis(per_line=True) if per_line else DEFAULT
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
    return AwardBasis(MULTIPLE, rule, value, per_line)


def basis_for_lot(lot: int, per_lot: dict[int, AwardBasis], default: AwardBasis) -> AwardBasis:
    """A lot's own basis when it has one, else the procurement's."""
    return per_lot.get(lot, default)
