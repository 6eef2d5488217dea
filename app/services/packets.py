"""A procurement's bid packet as plain data (app.reports.packet.dto.BidPacket): members with
their letters of agency, lots with the aggregated quantities, each member's share and the
lot's award basis, the schedule from the procurement's calendar, the evaluation criteria
and the boilerplate with this procurement's overrides, placeholders filled.

Every date comes from the procurement's calendar (app.rules.calendar) and every sentence
about the data (how many letters are complete, how lots are awarded) is generated from the
same facts as the tables. What keeps the packet from being final travels in
`BidPacket.problems`: the print-time rules (app.rules.packet_rules), each failing checklist
line, and each fact a bidder needs that is not set. `render_packet` prints such a packet
only as a DRAFT and refuses it as final."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import paths
from app.models import CatalogItem, LetterOfAgency, Member, Need, Region
from app.models.procurement import Lot, LotItem, ProcurementMember
from app.models.types import quantity_from_thousandths, stored
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
from app.reports.packet.statements import award_statement, loa_statement, piggyback_statement
from app.rules.award_basis import basis_for_lot
from app.rules.calendar import QUESTIONS_CLOSE
from app.rules.catalog import printed_spec
from app.rules.packet_rules import (
    BidderFacts,
    CriterionFacts,
    TextFacts,
    load_brands,
    missing_bidder_facts,
    packet_problems,
)
from app.services import packet_settings as settings
from app.services.erate import find_procurement
from app.services.procurement_detail import ProcurementDetail, get_procurement
from app.services.scope import current_identity
from app.services.settings import consortium_name

# Facts with a safe default. The Form 470 number, the contact's e-mail and phone, the time
# and place of the opening have none: a guess printed there is what a bidder would act on.
DEFAULT_FACTS = {"bid_validity_days": "180"}
NOT_SET = "[to be set]"  # printed in a draft where a fact a bidder needs is missing
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
                    func.sum(stored(Need.quantity)))
             .where(Need.deleted.is_(False), Need.status == "confirmed",
                    Need.funding_year == funding_year,
                    Need.item_id.in_(list(line_of_item)),
                    Need.member_id.in_(select(ProcurementMember.member_id).where(
                        ProcurementMember.procurement_id == procurement_id,
                        ProcurementMember.deleted.is_(False))))
             .group_by(Need.member_id, Need.item_id))
    cells = [QuantityCell(code_of[m], line_of_item[i], quantity_from_thousandths(q))
             for m, i, q in session.execute(query) if m in code_of and q]
    return sorted(cells, key=lambda c: (c.member_code, c.line))


def lot_lines(session: Session, procurement_id: int
              ) -> list[tuple[Lot, list[tuple[str, LotItem, CatalogItem | None]]]]:
    """The procurement's lots in packet order, each with its lines numbered as the packet
    and the pricing form number them ("3.2": lot 3, second line). Bid intake matches a
    returned form's rows to lot items through this one numbering."""
    query = (select(Lot, LotItem, CatalogItem)
             .join(LotItem, LotItem.lot_id == Lot.id)
             .outerjoin(CatalogItem, LotItem.item_id == CatalogItem.id)
             .where(Lot.procurement_id == procurement_id, Lot.deleted.is_(False),
                    LotItem.deleted.is_(False))
             .order_by(Lot.number, CatalogItem.code, LotItem.description))
    grouped: dict[int, tuple[Lot, list[tuple[LotItem, CatalogItem | None]]]] = {}
    for lot, item, catalog in session.execute(query):
        grouped.setdefault(lot.id, (lot, []))[1].append((item, catalog))
    return [(lot, [(f"{lot.number}.{index}", item, catalog)
                   for index, (item, catalog) in enumerate(rows, start=1)])
            for lot, rows in sorted(grouped.values(), key=lambda g: g[0].number)]


def _lots(session: Session, procurement_id: int) -> tuple[list[LotDTO], dict[int, str]]:
    lots, line_of_item = [], {}
    for lot, rows in lot_lines(session, procurement_id):
        items = []
        for line, item, catalog in rows:
            if item.item_id is not None:
                line_of_item[item.item_id] = line
            items.append(LotItemDTO(
                line, catalog.code if catalog else "", item.description, item.unit,
                item.quantity, catalog.erate_category if catalog else "",
                printed_spec(vendor_spec(catalog.spec), catalog.brand or "") if catalog
                else "", item.members))
        lots.append(LotDTO(lot.number, lot.name, lot.erate_category, tuple(items)))
    return lots, line_of_item


def _lead_and_contact(known: dict[str, str], letters: dict[int, LetterOfAgency], operator: str,
                      consortium: str) -> tuple[str, str]:
    """The lead agency: as set for the packet, else the lead named most often on the
    members' letters of agency, else the consortium. The contact: as set, else the operator
    as State Coordinator (the state office without one), with the email and phone set."""
    leads = Counter(letter.lead_name for letter in letters.values() if letter.lead_name)
    lead = known.get("lead_name") or (leads.most_common(1)[0][0] if leads else consortium)
    name = known.get("contact") or (f"{operator}, State Coordinator" if operator
                                    else "the state office")
    contact = ", ".join(p for p in (name, known.get("contact_email"),
                                    known.get("contact_phone")) if p)
    return lead, contact


def _schedule(detail: ProcurementDetail, rfp_posted_on: date | None, today: date | None
              ) -> tuple[list[ScheduleItem], date]:
    """The procurement's calendar as the packet's schedule, and the issue date: the RFP
    posting date, else the day printed, which then joins the schedule in date order."""
    # One calendar: the schedule table, the cover and the text all print these dates.
    schedule = [ScheduleItem(e.label, e.on, e.note) for e in detail.calendar]
    issued = rfp_posted_on
    if issued is None:
        issued = today or date.today()
        schedule.append(ScheduleItem("Solicitation issued", issued,
                                     "the day printed; set the RFP posting date"))
        schedule.sort(key=lambda item: (item.on is None, item.on or date.max))
    return schedule, issued


def build_packet(session: Session, ref: str | int, today: date | None = None) -> BidPacket:
    """The bid packet's data for a procurement, with every reason it is not yet final."""
    procurement = find_procurement(session, ref)
    detail: ProcurementDetail = get_procurement(session, procurement.id)
    year = procurement.funding_year
    lots, line_of_item = _lots(session, procurement.id)
    default_award, per_lot = settings.award_bases(session, procurement.id)
    lots = [replace(lot, award=basis_for_lot(lot.number, per_lot, default_award))
            for lot in lots]
    members, letters, member_rows = _members(session, detail, year)
    cells = member_quantities(session, procurement.id, year, line_of_item,
                              {row.id: code for code, row in member_rows.items()})
    regions = tuple((n, name) for n, name in session.execute(
        select(Region.number, Region.name).order_by(Region.number)))
    known = {k: v for k, v in settings.facts(session, procurement).items() if v}
    consortium = consortium_name(session)
    erate, federal = detail.choice.erate, detail.choice.federal is not None
    lead, contact = _lead_and_contact(known, letters, current_identity(session).operator,
                                      consortium)
    schedule, issued = _schedule(detail, procurement.rfp_posted_on, today)
    questions = next((e.on for e in detail.calendar if e.label == QUESTIONS_CLOSE), None)
    values = {**DEFAULT_FACTS, **known, "lead_name": lead, "contact": contact,
              "form470_number": known.get("form470_number", NOT_SET),
              "bid_due_time": known.get("bid_due_time", NOT_SET),
              "opening_place": known.get("opening_place", NOT_SET),
              "contact_email": known.get("contact_email", NOT_SET),
              "contact_phone": known.get("contact_phone", NOT_SET),
              "question_deadline": _long(questions)}
    criteria_rows, _default = settings.list_criteria(session, procurement.id)
    criteria = tuple(CriterionDTO(c.name, c.weight, c.is_price_of_eligible, c.description)
                     for c in criteria_rows)
    fill_values = {
        **values, "consortium_name": consortium, "procurement_title": procurement.title,
        "procurement_ref": procurement.ref, "funding_year": str(year), "fy_span": fy_span(year),
        "issue_date": _long(issued), "bid_due": _long(procurement.bid_due_on),
        "method": detail.choice.label, "member_count": f"{len(members):,}",
        "lot_count": f"{len(lots):,}", "line_count": f"{sum(len(lot.items) for lot in lots):,}",
        "loa_statement": loa_statement(members, lead),
        "award_statement": award_statement(lots),
        "piggyback_statement": piggyback_statement(
            settings.piggyback_allowed(session, procurement), erate)}
    texts = settings.overrides(session, procurement)
    sections = tuple(Section(key, SECTION_TITLES[key],
                             settings.fill(texts.get(key, settings.default_text(key)),
                                           fill_values), key in texts)
                     for key in SECTION_KEYS)
    missing = missing_bidder_facts(BidderFacts(
        erate=erate, nc_formal=detail.choice.nc == "formal",
        form470_number=known.get("form470_number", ""),
        contact_email=known.get("contact_email", ""),
        contact_phone=known.get("contact_phone", ""),
        bid_due_set=procurement.bid_due_on is not None,
        bid_due_time=known.get("bid_due_time", ""),
        opening_place=known.get("opening_place", "")))
    failing = [f"checklist: {c.rule} — {c.reason}" for c in detail.checklist if not c.passed]
    problems = evaluate(criteria, erate, lots, sections, texts) + failing + missing
    return BidPacket(
        consortium_name=consortium, lead_name=lead, ref=procurement.ref,
        title=procurement.title, funding_year=year, method_label=detail.choice.label,
        erate=erate, federal=federal, issued_on=issued, bid_due_on=procurement.bid_due_on,
        bid_due_time=values["bid_due_time"], form470_number=values["form470_number"],
        contact=contact, regions=regions, members=tuple(members),
        lots=tuple(lots), schedule=tuple(schedule), criteria=criteria, sections=sections,
        member_quantities=tuple(cells), problems=tuple(problems), author=lead,
        opening_place=values["opening_place"] if detail.choice.nc == "formal" else "")


def _members(session: Session, detail: ProcurementDetail, year: int
             ) -> tuple[list[MemberDTO], dict[int, LetterOfAgency], dict[str, Member]]:
    """The participants with their best letters; the letter-of-agency verdict is the
    checklist's own (ParticipantView.loa_ok), so the text, the table and the checklist agree."""
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
    return members, letters, member_rows


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
