"""A synthetic bid packet of any size, built straight as DTOs (no database): for tests, the
benchmark and trying out the layout. Deterministic for a given seed."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from app.reports.packet.dto import (
    SECTION_KEYS,
    SECTION_TITLES,
    BidPacket,
    CriterionDTO,
    LotDTO,
    LotItemDTO,
    MemberDTO,
    QuantityCell,
    ScheduleItem,
    Section,
)

REGIONS = ((1, "Northeast"), (2, "Southeast"), (3, "North Central"), (4, "Sandhills"),
           (5, "Piedmont-Triad"), (6, "Southwest"), (7, "Northwest"), (8, "Western"))
KINDS = (("Chromebook, 11.6-inch education build", "each", "ineligible"),
         ("Wireless access point, Wi-Fi 6E", "each", "C2"),
         ("Access switch, 48-port PoE+", "each", "C2"),
         ("Interactive flat panel, 75-inch", "each", "ineligible"),
         ("Cat6A cabling drop, installed", "drop", "C2"),
         ("Installation labour, eligible network gear", "hour", "C2"),
         ("Charging cart, 36 slots", "each", "ineligible"),
         ("Internet access, 10 Gbps", "month", "C1"))
SPEC = ("Minimum: current model, manufacturer's 3-year warranty, delivery to each member "
        "site; compatible with the member's existing management platform.")


def synthetic_packet(members: int = 300, lots: int = 60, seed: int = 1,
                     member_name: str | None = None, lines_per_lot: int = 2,
                     lots_per_member: int = 12) -> BidPacket:
    rng = random.Random(seed)
    member_rows = []
    for index in range(members):
        region = REGIONS[index % len(REGIONS)][0]
        kind = "lea" if index % 3 else "charter"
        code = f"{(index * 10 + 10) % 1000:03d}" if kind == "lea" else f"{index % 99:02d}C"
        name = member_name if (member_name and index == 0) else (
            f"{'County' if kind == 'lea' else 'Charter'} Schools No. {index + 1}")
        member_rows.append(MemberDTO(
            code=f"{code}{index}" if index >= 100 else code, name=name, kind=kind,
            region=region, ben=str(16000000 + index), students=rng.randint(300, 60000),
            loa_ok=index % 17 != 5, loa_signed_on=date(2025, 9, 1) + timedelta(days=index % 60),
            loa_official=f"Superintendent {index + 1}", loa_years="FY2026–FY2028",
            loa_problems=() if index % 17 != 5 else ("does not cover FY2026",)))
    lot_rows, cells = [], []
    for number in range(1, lots + 1):
        items = []
        takers = rng.sample(member_rows, k=max(1, min(members, members * lots_per_member
                                                      // max(lots, 1))))
        for line in range(1, lines_per_lot + 1):
            description, unit, category = KINDS[(number + line) % len(KINDS)]
            line_id = f"{number}.{line}"
            total = Decimal(0)
            for member in takers:
                quantity = Decimal(rng.randint(1, 400))
                total += quantity
                cells.append(QuantityCell(member.code, line_id, quantity))
            items.append(LotItemDTO(line_id, f"IT-{number:02d}-{line}",
                                    f"{description} (lot {number})", unit, total, category,
                                    SPEC, len(takers)))
        categories = {i.erate_category for i in items}
        lot_rows.append(LotDTO(number, f"{KINDS[number % len(KINDS)][0].split(',')[0]} "
                                       f"group {number}",
                               categories.pop() if len(categories) == 1 else "mixed",
                               tuple(items)))
    sections = tuple(Section(key, SECTION_TITLES[key],
                             f"Default text of the {SECTION_TITLES[key].lower()} section.\n\n"
                             f"## About {SECTION_TITLES[key].lower()}\n\nMore text.")
                     for key in SECTION_KEYS)
    schedule = (ScheduleItem("Form 470 certified", date(2025, 11, 3)),
                ScheduleItem("Bids due / opening", date(2025, 12, 8)),
                ScheduleItem("Allowable contract date", date(2025, 12, 1),
                             "later of 470 certification and RFP posting + 28 days"))
    criteria = (CriterionDTO("Price of eligible goods and services", 55, True),
                CriterionDTO("Technical fit to the specifications", 25),
                CriterionDTO("Experience and references", 15),
                CriterionDTO("Delivery and support in North Carolina", 5))
    return BidPacket(
        consortium_name="NC K-12 Technology Purchasing Consortium",
        lead_name="NC K-12 Technology Purchasing Consortium (state office)",
        ref="P2026-001", title="Student devices and network equipment, FY2026",
        funding_year=2026, method_label="Formal sealed bids + Form 470", erate=True,
        federal=True, issued_on=date(2025, 11, 3), bid_due_on=date(2025, 12, 8),
        bid_due_time="2:00 p.m.", form470_number="260012345",
        contact="Dana Whitfield, bids@example.org", regions=REGIONS,
        members=tuple(member_rows), lots=tuple(lot_rows), schedule=schedule,
        criteria=criteria, sections=sections, member_quantities=tuple(cells))
