"""A procurement's bid packet as plain data (app.reports.packet.dto.BidPacket): members with
their letters of agency, lots with the aggregated quantities and each member's share, the
schedule from the procurement's calendar, the evaluation criteria and the boilerplate with
this procurement's overrides, placeholders filled. The print-time rules
(app.rules.packet_rules) are evaluated here; the reasons travel in `BidPacket.problems` and
`render_packet` refuses a packet that has any."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import Session

from app import paths
from app.models import CatalogItem, LetterOfAgency, Member, Need, Region
from app.models.procurement import Lot, LotItem, ProcurementMember
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
from app.rules.packet_rules import (
    CriterionFacts,
    TextFacts,
    load_brands,
    packet_problems,
)
from app.services import packet_settings as settings
from app.services.erate import find_procurement
from app.services.procurement_detail import ProcurementDetail, get_procurement
from app.services.scope import current_identity
from app.services.settings import consortium_name

DEFAULT_FACTS = {"bid_due_time": "2:00 p.m. Eastern time",
                 "opening_place": "the consortium's state office, in a public bid opening",
                 "bid_validity_days": "180",
                 "form470_number": "to be assigned"}
QUESTION_DAYS = 10  # questions close this many days before bids are due, by default
# Notes for the state's own planning that the catalog's specifications carry (where a
# reference price came from); they are not for vendors and are left out of the packet.
PLANNING_NOTE = re.compile(r"planning value|DOMAIN\.md|UNCONFIRMED", re.IGNORECASE)


def vendor_spec(spec: str) -> str:
    """A catalog specification without the state's internal planning notes."""
    parts = [p for p in re.split(r"(?<=[.;])\s+", spec.strip()) if not PLANNING_NOTE.search(p)]
    text = re.sub(r"(\.\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(),
                  " ".join(parts).strip())
    return text[:-1] + "." if text.endswith(";") else text


@cache
def brand_names() -> tuple[str, ...]:
    path = paths.resources_dir() / "brands.txt"
    if not path.exists():
        return ()
    return load_brands(path.read_text(encoding="utf-8").splitlines())


def fy_span(year: int) -> str:
    return f"1 July {year} – 30 June {year + 1}"


def _long(value: date | None) -> str:
    return f"{value:%A}, {value.day} {value:%B %Y}" if value else "the date to be announced"


def _letters(session: Session, member_ids: Sequence[int], year: int
             ) -> dict[int, LetterOfAgency]:
    """Each member's best letter for the year: covering it, most recently signed."""
    best: dict[int, LetterOfAgency] = {}
    query = select(LetterOfAgency).where(LetterOfAgency.member_id.in_(list(member_ids)),
                                         LetterOfAgency.deleted.is_(False))
    for letter in session.scalars(query):
        covers = (letter.first_funding_year or 9999) <= year <= (letter.last_funding_year or 0)
        current = best.get(letter.member_id)
        key = (covers, letter.signed_on or date.min)
        if current is None or key > ((current.first_funding_year or 9999) <= year
                                     <= (current.last_funding_year or 0),
                                     current.signed_on or date.min):
            best[letter.member_id] = letter
    return best


def member_quantities(session: Session, procurement_id: int, funding_year: int,
                      line_of_item: dict[int, str], code_of: dict[int, str]
                      ) -> list[QuantityCell]:
    """Each participating member's confirmed quantity of each lot line (one query)."""
    if not line_of_item or not code_of:
        return []
    query = (select(Need.member_id, Need.item_id,
                    func.sum(type_coerce(Need.quantity, BigInteger)))
             .where(Need.deleted.is_(False), Need.status == "confirmed",
                    Need.funding_year == funding_year,
                    Need.item_id.in_(list(line_of_item)),
                    Need.member_id.in_(select(ProcurementMember.member_id).where(
                        ProcurementMember.procurement_id == procurement_id,
                        ProcurementMember.deleted.is_(False))))
             .group_by(Need.member_id, Need.item_id))
    cells = [QuantityCell(code_of[m], line_of_item[i], Decimal(int(q)) / 1000)
             for m, i, q in session.execute(query) if m in code_of and q]
    return sorted(cells, key=lambda c: (c.member_code, c.line))


def _lots(session: Session, procurement_id: int) -> tuple[list[LotDTO], dict[int, str]]:
    query = (select(Lot, LotItem, CatalogItem)
             .join(LotItem, LotItem.lot_id == Lot.id)
             .outerjoin(CatalogItem, LotItem.item_id == CatalogItem.id)
             .where(Lot.procurement_id == procurement_id, Lot.deleted.is_(False),
                    LotItem.deleted.is_(False))
             .order_by(Lot.number, CatalogItem.code, LotItem.description))
    grouped: dict[int, tuple[Lot, list[tuple[LotItem, CatalogItem | None]]]] = {}
    for lot, item, catalog in session.execute(query):
        grouped.setdefault(lot.id, (lot, []))[1].append((item, catalog))
    lots, line_of_item = [], {}
    for lot, rows in sorted(grouped.values(), key=lambda g: g[0].number):
        items = []
        for index, (item, catalog) in enumerate(rows, start=1):
            line = f"{lot.number}.{index}"
            if item.item_id is not None:
                line_of_item[item.item_id] = line
            items.append(LotItemDTO(
                line, catalog.code if catalog else "", item.description, item.unit,
                item.quantity, catalog.erate_category if catalog else "",
                vendor_spec(catalog.spec) if catalog else "", item.members))
        lots.append(LotDTO(lot.number, lot.name, lot.erate_category, tuple(items)))
    return lots, line_of_item


def build_packet(session: Session, ref: str | int, today: date | None = None) -> BidPacket:
    """The bid packet's data for a procurement, with the rule problems that would refuse it."""
    procurement = find_procurement(session, ref)
    detail: ProcurementDetail = get_procurement(session, procurement.id)
    year = procurement.funding_year
    lots, line_of_item = _lots(session, procurement.id)
    participants = {p.code: p for p in detail.participants}
    member_rows = {m.code: m for m in session.scalars(select(Member).where(
        Member.code.in_(list(participants))))}
    letters = _letters(session, [m.id for m in member_rows.values()], year)
    gaps = {u.member_code: u.schools for u in detail.erate.unconfirmed}
    members = []
    for code in sorted(participants):
        view, row = participants[code], member_rows[code]
        letter = letters.get(row.id)
        years = ""
        if letter and letter.first_funding_year and letter.last_funding_year:
            years = (f"FY{letter.first_funding_year}" if letter.first_funding_year
                     == letter.last_funding_year else
                     f"FY{letter.first_funding_year}–FY{letter.last_funding_year}")
        members.append(MemberDTO(
            code, row.name, row.kind, row.region, row.county, row.ben, row.students,
            view.loa_ok, letter.signed_on if letter else None,
            letter.official_name if letter else "", years, tuple(view.loa_problems),
            gaps.get(code, 0)))
    cells = member_quantities(session, procurement.id, year, line_of_item,
                              {row.id: code for code, row in member_rows.items()})
    regions = tuple((n, name) for n, name in session.execute(
        select(Region.number, Region.name).order_by(Region.number)))
    known = settings.facts(session, procurement)
    leads = Counter(letter.lead_name for letter in letters.values() if letter.lead_name)
    operator = current_identity(session).operator
    consortium = consortium_name(session)
    values = {**DEFAULT_FACTS,
              "lead_name": leads.most_common(1)[0][0] if leads else consortium,
              "contact": f"{operator}, State Coordinator" if operator else "the state office",
              "question_deadline": _long(procurement.bid_due_on - timedelta(days=QUESTION_DAYS))
              if procurement.bid_due_on else "the date to be announced",
              **{k: v for k, v in known.items() if v}}
    criteria_rows, _default = settings.list_criteria(session, procurement.id)
    criteria = tuple(CriterionDTO(c.name, c.weight, c.is_price_of_eligible, c.description)
                     for c in criteria_rows)
    issued = procurement.rfp_posted_on or today or date.today()
    fill_values = {
        **values, "consortium_name": consortium, "procurement_title": procurement.title,
        "procurement_ref": procurement.ref, "funding_year": str(year), "fy_span": fy_span(year),
        "issue_date": _long(issued), "bid_due": _long(procurement.bid_due_on),
        "method": detail.choice.label, "member_count": f"{len(members):,}",
        "lot_count": f"{len(lots):,}", "line_count": f"{sum(len(lot.items) for lot in lots):,}"}
    texts = settings.overrides(session, procurement)
    sections = tuple(Section(key, SECTION_TITLES[key],
                             settings.fill(texts.get(key, settings.default_text(key)),
                                           fill_values), key in texts)
                     for key in SECTION_KEYS)
    schedule = [ScheduleItem("Solicitation issued", issued)]
    schedule += [ScheduleItem(e.label, e.on, e.note) for e in detail.calendar]
    if procurement.bid_due_on:
        schedule.append(ScheduleItem("Written questions close", procurement.bid_due_on
                                     - timedelta(days=QUESTION_DAYS)))
    schedule.sort(key=lambda s: (s.on is None, s.on or date.max))
    erate, federal = detail.choice.erate, detail.choice.federal is not None
    problems = evaluate(criteria, erate, lots, sections, texts)
    return BidPacket(
        consortium_name=consortium, lead_name=values["lead_name"], ref=procurement.ref,
        title=procurement.title, funding_year=year, method_label=detail.choice.label,
        erate=erate, federal=federal, issued_on=issued, bid_due_on=procurement.bid_due_on,
        bid_due_time=values["bid_due_time"], form470_number=values["form470_number"],
        contact=values["contact"], regions=regions, members=tuple(members),
        lots=tuple(lots), schedule=tuple(schedule), criteria=criteria, sections=sections,
        member_quantities=tuple(cells), problems=tuple(problems),
        author=values["lead_name"])


def evaluate(criteria: Sequence[CriterionDTO], erate: bool, lots: Sequence[LotDTO],
             sections: Sequence[Section], overridden: dict[str, str]) -> list[str]:
    """The print-time rules over the packet's data; each reason names what is wrong."""
    facts = [CriterionFacts(c.name, c.weight, c.is_price_of_eligible) for c in criteria]
    texts = []
    for lot in lots:
        texts.append(TextFacts(f"lot {lot.number} name", lot.name))
        for item in lot.items:
            where = f"lot {lot.number}, line {item.line}" + (
                f" ({item.item_code})" if item.item_code else "")
            texts.append(TextFacts(f"{where} description", item.description))
            if item.spec:
                texts.append(TextFacts(f"{where} specification", item.spec))
    for section in sections:
        if section.key in overridden:
            texts.append(TextFacts(f"section '{section.title}'", section.text))
    return packet_problems(facts, erate, texts, brand_names())


def packet_problems_for(session: Session, ref: str | int) -> list[str]:
    return list(build_packet(session, ref).problems)
