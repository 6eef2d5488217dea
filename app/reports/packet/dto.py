"""Plain data a bid packet is drawn from (built by app.services.packets, or directly in tests
and benchmarks). Nothing here knows about the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.rules.award_basis import DEFAULT as SINGLE_AWARD
from app.rules.award_basis import AwardBasis

# Section keys in the order they print. Each has a default text in resources/boilerplate.
SECTION_KEYS = ("consortium", "schedule", "instructions", "scope", "quantities", "pricing",
                "evaluation", "forms", "forms_erate", "forms_federal", "terms",
                "terms_federal", "members", "signature")
SECTION_TITLES = {
    "consortium": "The consortium and its purpose",
    "schedule": "Schedule",
    "instructions": "Instructions to bidders",
    "scope": "Scope and specifications",
    "quantities": "Aggregated quantities",
    "pricing": "Line-item pricing form",
    "evaluation": "Evaluation criteria and weights",
    "forms": "Required forms and certifications",
    "forms_erate": "E-rate terms and certifications",
    "forms_federal": "Federal certifications",
    "terms": "Terms and conditions",
    "terms_federal": "Federal contract clauses (2 CFR 200 Appendix II)",
    "members": "Participating members and letters of agency",
    "signature": "Bidder's signature page",
}


@dataclass(frozen=True)
class Section:
    """One numbered section: its boilerplate (placeholders already filled) and whether the
    text is the procurement's own override."""

    key: str
    title: str
    text: str
    overridden: bool = False


@dataclass(frozen=True)
class LotItemDTO:
    line: str  # "3.2": lot 3, second line
    item_code: str
    description: str
    unit: str
    quantity: Decimal
    erate_category: str  # "C1", "C2", "ineligible" or ""
    spec: str = ""
    members: int = 0

    @property
    def eligible(self) -> bool:
        return self.erate_category in ("C1", "C2")


@dataclass(frozen=True)
class LotDTO:
    number: int
    name: str
    erate_category: str
    items: tuple[LotItemDTO, ...]
    award: AwardBasis = SINGLE_AWARD  # as the award step will apply it


@dataclass(frozen=True)
class MemberDTO:
    code: str
    name: str
    kind: str  # "lea", "charter", "regional"
    region: int
    county: str = ""
    ben: str = ""
    students: int | None = None
    loa_ok: bool = False
    loa_signed_on: date | None = None
    loa_official: str = ""
    loa_years: str = ""  # "FY2026–FY2028"
    loa_problems: tuple[str, ...] = ()
    # Schools whose NSLP/CEP and rural figures the member has not confirmed for the packet's
    # funding year (issue 13): the exhibit marks the member and says its discount is an
    # estimate. 0 = all confirmed (or nothing to confirm).
    unconfirmed_schools: int = 0

    @property
    def figures_confirmed(self) -> bool:
        return self.unconfirmed_schools == 0


@dataclass(frozen=True)
class QuantityCell:
    """A quantity of one lot line for one member (exhibit by member)."""

    member_code: str
    line: str
    quantity: Decimal


@dataclass(frozen=True)
class ScheduleItem:
    label: str
    on: date | None
    note: str = ""


@dataclass(frozen=True)
class CriterionDTO:
    name: str
    weight: int
    is_price_of_eligible: bool = False
    description: str = ""


@dataclass(frozen=True)
class BidPacket:
    consortium_name: str
    lead_name: str
    ref: str
    title: str
    funding_year: int
    method_label: str
    erate: bool
    federal: bool
    issued_on: date
    bid_due_on: date | None
    bid_due_time: str
    form470_number: str
    contact: str
    regions: tuple[tuple[int, str], ...]
    members: tuple[MemberDTO, ...]
    lots: tuple[LotDTO, ...]
    schedule: tuple[ScheduleItem, ...]
    criteria: tuple[CriterionDTO, ...]
    sections: tuple[Section, ...]
    member_quantities: tuple[QuantityCell, ...] = ()
    opening_place: str = ""
    # Why the packet is not final: print-time rules, failing checklist lines, missing facts.
    # With any, it prints only as a DRAFT and is refused as final.
    problems: tuple[str, ...] = ()
    author: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_final(self) -> bool:
        return not self.problems

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def lot_lines(self) -> list[LotItemDTO]:
        return [item for lot in self.lots for item in lot.items]

    def region_name(self, number: int) -> str:
        return dict(self.regions).get(number, "")

    def members_by_region(self) -> dict[int, dict[str, int]]:
        """How many members of each kind ("lea", "charter", …) each region has."""
        counts: dict[int, dict[str, int]] = {}
        for member in self.members:
            per = counts.setdefault(member.region, {})
            per[member.kind] = per.get(member.kind, 0) + 1
        return counts

    def region_quantities(self) -> dict[str, dict[int, Decimal]]:
        """Each lot line's quantity per region, from the exhibit by member."""
        region_of = {m.code: m.region for m in self.members}
        out: dict[str, dict[int, Decimal]] = {}
        for cell in self.member_quantities:
            region = region_of.get(cell.member_code)
            if region is None:
                continue
            per = out.setdefault(cell.line, {})
            per[region] = per.get(region, Decimal(0)) + cell.quantity
        return out
