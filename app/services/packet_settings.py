"""What the state edits about a procurement's bid packet: evaluation criteria with weights,
section text overriding the default boilerplate, and the packet facts (Form 470 number,
contact, bid due time…) the boilerplate's placeholders need, and the award basis of its
lots.

Defaults live in resources/boilerplate (one file per section); an override is stored per
procurement and section (PacketText). Facts are stored the same way under `fact:<name>`,
the award basis under `award:all` and `award:<lot number>` (synced with the packet texts).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import paths
from app.errors import NotFoundError, UserError
from app.models import STATE_OWNER
from app.models.evaluation import PacketIssue
from app.models.packet import EvaluationCriterion, PacketText
from app.models.procurement import Procurement
from app.reports.packet.dto import SECTION_KEYS
from app.rules.award_basis import DEFAULT as DEFAULT_AWARD
from app.rules.award_basis import AwardBasis, AwardBasisError, parse_award_basis
from app.rules.evaluation import award_basis_locked, reweighting_refused
from app.rules.packet_rules import CriterionFacts, criteria_problems
from app.services.erate import find_procurement
from app.services.procurements import source_codes
from app.services.record_rules import EVALUATION_CRITERION, PACKET_TEXT_MAX
from app.services.scope import current_identity
from app.services.values import Checker

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z0-9_]+)\}(?!\})")
PLACEHOLDERS = ("consortium_name", "lead_name", "procurement_title", "procurement_ref",
                "funding_year", "fy_span", "issue_date", "bid_due", "bid_due_time",
                "question_deadline", "form470_number", "contact", "opening_place",
                "bid_validity_days", "method", "member_count", "lot_count", "line_count",
                "contact_email", "contact_phone", "loa_statement", "award_statement",
                "piggyback_statement")
# Facts the state may set per procurement (placeholders not derived from the data).
FACTS = {"form470_number": "FCC Form 470 number",
         "contact": "single point of contact (name and title)",
         "contact_email": "the contact's e-mail address",
         "contact_phone": "the contact's phone number",
         "bid_due_time": "time of day bids are due",
         "question_deadline": "last day for written questions (YYYY-MM-DD; default: 10 "
                              "days before bids are due, on a business day)",
         "opening_place": "where bids are opened",
         "bid_validity_days": "days a bid stays firm",
         "lead_name": "issuing entity (consortium lead)",
         "piggyback_allowed": "others may buy later (yes/no, default no: other NC public "
                              "agencies may buy from the awarded contracts, G.S. 143-129(g))"}
FACT_PREFIX = "fact:"
AWARD_PREFIX = "award:"
AWARD_ALL = AWARD_PREFIX + "all"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_DIGITS = 10  # a US number: area code and seven digits
MAX_TEXT = PACKET_TEXT_MAX


@dataclass(frozen=True)
class CriterionRow:
    name: str
    weight: int
    is_price_of_eligible: bool
    description: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "weight": self.weight,
                "is_price_of_eligible": self.is_price_of_eligible,
                "description": self.description}


DEFAULT_CRITERIA = (
    CriterionRow("Price of eligible goods and services", 55, True,
                 "lowest lot total ÷ bid's lot total × points"),
    CriterionRow("Technical fit to the specifications", 25, False),
    CriterionRow("Experience and references from K-12 customers", 15, False),
    CriterionRow("Delivery, warranty service and support in North Carolina", 5, False),
)


def _require_state(session: Session) -> None:
    if current_identity(session).role != "state":
        raise UserError("Bid packets are prepared by the state coordinator.")


@cache
def default_text(key: str) -> str:
    """The boilerplate shipped in resources/boilerplate/<key>.md."""
    if key not in SECTION_KEYS:
        raise NotFoundError(f"No packet section '{key}' (sections: {', '.join(SECTION_KEYS)}).")
    path = paths.resources_dir() / "boilerplate" / f"{key}.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def fill(text: str, values: dict[str, str]) -> str:
    """Placeholders replaced by their values; unknown ones left as typed; {{ }} → { }."""
    filled = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return filled.replace("{{", "{").replace("}}", "}")


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m.group(1) for m in PLACEHOLDER.finditer(text)} - set(PLACEHOLDERS))


def _texts(session: Session, procurement: Procurement) -> dict[str, PacketText]:
    query = select(PacketText).where(PacketText.procurement_id == procurement.id,
                                     PacketText.deleted.is_(False))
    return {row.section_key: row for row in session.scalars(query)}


def overrides(session: Session, procurement: Procurement) -> dict[str, str]:
    return {k: row.text for k, row in _texts(session, procurement).items()
            if not k.startswith((FACT_PREFIX, AWARD_PREFIX))}


def facts(session: Session, procurement: Procurement) -> dict[str, str]:
    return {k[len(FACT_PREFIX):]: row.text for k, row in _texts(session, procurement).items()
            if k.startswith(FACT_PREFIX)}


def _put(session: Session, procurement: Procurement, key: str, text: str | None) -> None:
    row = _texts(session, procurement).get(key)
    if text is None:
        if row is not None:
            row.deleted = True
    elif row is None:
        session.add(PacketText(procurement=procurement, section_key=key, text=text,
                               owner=STATE_OWNER))
    elif row.text != text:
        row.text = text
    session.flush()


def set_section_text(session: Session, ref: str | int, key: str, text: str | None) -> None:
    """Override a section's text for this procurement; None (or the default) resets it."""
    _require_state(session)
    procurement = find_procurement(session, ref)
    default = default_text(key)
    check = Checker(record=f"{procurement.ref} section '{key}'")
    if text is not None:
        text = text.replace("\r\n", "\n")
        if not text.strip():
            check.fail("text", "is empty (reset the section to use the default text)")
        if len(text) > MAX_TEXT:
            check.fail("text", f"is longer than {MAX_TEXT:,} characters")
        unknown = unknown_placeholders(text)
        if unknown:
            check.fail("text", "has unknown placeholder(s) "
                       + ", ".join("{" + u + "}" for u in unknown)
                       + f"; known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}")
        check.raise_if_errors("packet text")
        if text.strip() == default.strip():
            text = None
    _put(session, procurement, key, text)


def set_fact(session: Session, ref: str | int, name: str, value: str | None) -> None:
    """Set (or with None/blank, clear) a packet fact such as the Form 470 number."""
    _require_state(session)
    procurement = find_procurement(session, ref)
    if name not in FACTS:
        raise UserError(f"'{name}' is not a packet fact (facts: {', '.join(FACTS)}).")
    check = Checker(record=f"{procurement.ref} packet fact")
    value = check.text(name, value, max_len=200) if value is not None else None
    if name == "bid_validity_days" and value:
        check.integer(name, value, minimum=30, maximum=730)
    if name == "form470_number" and value and not re.fullmatch(r"\d{9,12}", value):
        check.fail(name, "must be the Form 470 application number (digits only)")
    if name == "contact_email" and value and not EMAIL.match(value):
        check.fail(name, f"'{value}' is not an e-mail address")
    if name == "contact_phone" and value and \
            len(re.sub(r"\D", "", value).removeprefix("1")) != PHONE_DIGITS:
        check.fail(name, f"'{value}' is not a phone number with its area code")
    if name == "piggyback_allowed":
        value = _piggyback_value(session, procurement, check, value)
    if name == "question_deadline" and value:
        # A date, not free text: the packet's text and its schedule both print it from
        # the procurement's calendar, which moves it off weekends and holidays.
        parsed = check.date(name, value)
        value = parsed.isoformat() if parsed else value
    check.raise_if_errors("packet fact")
    _put(session, procurement, FACT_PREFIX + name, value or None)


def _piggyback_value(session: Session, procurement: Procurement, check: Checker,
                     value: str | None) -> str | None:
    """"yes" or None (no, the default). Fixed once the final packet is issued: bidders priced
    knowing whether other agencies could buy at their prices, so a later change is refused."""
    word = (value or "no").strip().lower()
    if word not in ("yes", "no", "y", "n"):
        check.fail("piggyback_allowed", f"'{value}' is not yes or no")
        return value
    wanted = "yes" if word.startswith("y") else None
    issue = first_issue(session, procurement)
    if issue is not None and (wanted == "yes") != piggyback_allowed(session, procurement):
        check.fail("piggyback_allowed", "is fixed since the final packet was issued on "
                   f"{issue.issued_at:%Y-%m-%d} by {issue.issued_by}: bidders priced knowing "
                   "whether other agencies could buy from the contracts")
    return wanted


def piggyback_allowed(session: Session, procurement: Procurement) -> bool:
    """Whether the packet lets other NC public agencies buy from the awarded contracts."""
    return facts(session, procurement).get("piggyback_allowed", "").strip().lower() == "yes"


def questions_close_on(session: Session, procurement: Procurement) -> date | None:
    """The questions deadline set for this packet, if any (a date kept as ISO text)."""
    text = facts(session, procurement).get("question_deadline", "")
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None  # text stored before it was a date: the calendar's default applies


def award_bases(session: Session, ref: str | int) -> tuple[AwardBasis, dict[int, AwardBasis]]:
    """The procurement's award basis and each lot's own where one is set."""
    procurement = find_procurement(session, ref)
    default, per_lot = DEFAULT_AWARD, {}
    for key, row in _texts(session, procurement).items():
        if not key.startswith(AWARD_PREFIX):
            continue
        try:
            basis = parse_award_basis(row.text)
        except AwardBasisError:
            continue  # not stored by this program's checks; the default shows instead
        if key == AWARD_ALL:
            default = basis
        elif key[len(AWARD_PREFIX):].isdigit():
            per_lot[int(key[len(AWARD_PREFIX):])] = basis
    return default, per_lot


def award_basis_lock(session: Session, ref: str | int) -> str | None:
    """Why the award basis can no longer change (the final packet was issued, with who and
    when and the basis it states), or None while it can."""
    procurement = find_procurement(session, ref)
    issue = first_issue(session, procurement)
    if issue is None:
        return None
    default, per_lot = award_bases(session, procurement.ref)
    stated = "; ".join([f"every lot: {default.text}"]
                       + [f"lot {n}: {b.text}" for n, b in sorted(per_lot.items())])
    return award_basis_locked(issue.issued_at, issue.issued_by, stated)


def set_award_basis(session: Session, ref: str | int, text: str | None,
                    lot: int | None = None) -> AwardBasis | None:
    """Set the award basis for every lot (lot None) or one lot; None/blank clears it (the
    lot then follows the procurement's, the procurement the single-award default).
    Refused, nothing stored, once the final packet was issued (`award_basis_lock`)."""
    _require_state(session)
    procurement = find_procurement(session, ref)
    locked = award_basis_lock(session, procurement.ref)
    if locked:
        raise UserError(f"{procurement.ref} award basis: {locked}")
    if lot is not None and lot not in {x.number for x in procurement.lots if not x.deleted}:
        raise UserError(f"{procurement.ref} has no lot {lot} (lots: "
                        + ", ".join(str(x.number) for x in sorted(
                            (x for x in procurement.lots if not x.deleted),
                            key=lambda x: x.number)) + ")")
    basis = None
    if text is not None and text.strip():
        try:
            basis = parse_award_basis(text)
        except AwardBasisError as error:
            raise UserError(f"{procurement.ref} award basis: {error}") from error
    key = AWARD_ALL if lot is None else f"{AWARD_PREFIX}{lot}"
    _put(session, procurement, key, basis.text if basis else None)
    return basis


def criteria_from_json(text: str) -> list[CriterionRow]:
    """The criteria as a packet issue recorded them (`CriterionRow.as_json` each)."""
    return [CriterionRow(str(c["name"]), int(c["weight"]), bool(c["is_price_of_eligible"]),
                         str(c.get("description", ""))) for c in json.loads(text)]


def list_criteria(session: Session, ref: str | int) -> tuple[list[CriterionRow], bool]:
    """The procurement's criteria in order, and whether they are the defaults (none set)."""
    procurement = find_procurement(session, ref)
    rows = list(session.scalars(select(EvaluationCriterion).where(
        EvaluationCriterion.procurement_id == procurement.id,
        EvaluationCriterion.deleted.is_(False)).order_by(EvaluationCriterion.order,
                                                         EvaluationCriterion.id)))
    if not rows:
        return list(DEFAULT_CRITERIA), True
    return [CriterionRow(r.name, r.weight, r.is_price_of_eligible, r.description)
            for r in rows], False


def first_issue(session: Session, procurement: Procurement) -> PacketIssue | None:
    """The first final packet generated for posting: from then on its criteria are the
    ones the bids are evaluated under (app.services.packet_issue records it)."""
    return session.scalar(select(PacketIssue).where(
        PacketIssue.procurement_id == procurement.id).order_by(PacketIssue.issued_at,
                                                                PacketIssue.id).limit(1))


def set_criteria(session: Session, ref: str | int, raw: list[dict[str, Any]]
                 ) -> list[CriterionRow]:
    """Replace the procurement's criteria. Each: name, weight (whole points),
    is_price_of_eligible, description. Refused, nothing stored, unless the weights total
    100 and, with E-rate money, the price of eligible items outweighs every other single
    criterion (app.rules.packet_rules, the same rule the packet is printed under), and
    refused once the final packet was issued (app.rules.evaluation.reweighting_refused)."""
    _require_state(session)
    procurement = find_procurement(session, ref)
    issue = first_issue(session, procurement)
    if issue is not None:
        raise UserError(f"{procurement.ref} evaluation criteria: " + reweighting_refused(
            issue.issued_at, issue.issued_by,
            [CriterionFacts(r.name, r.weight, r.is_price_of_eligible)
             for r in criteria_from_json(issue.criteria_json)]))
    check = Checker(record=f"{procurement.ref} evaluation criteria")
    if not raw:
        check.fail("criteria", "at least one criterion is needed")
    rows: list[CriterionRow] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        label = f"criterion {index}"
        rules = EVALUATION_CRITERION.fields
        name = rules["name"].check(check, f"{label} name", item.get("name"))
        weight = rules["weight"].check(check, f"{label} weight", item.get("weight"))
        description = rules["description"].check(check, f"{label} description",
                                                 item.get("description", ""))
        flag = item.get("is_price_of_eligible", False)
        if isinstance(flag, str):
            flag = flag.strip().lower() in ("1", "yes", "true", "y", "x")
        if name and name.lower() in seen:
            check.fail(f"{label} name", f"'{name}' is listed twice")
        seen.add(name.lower())
        rows.append(CriterionRow(name, weight or 0, bool(flag), description))
    if sum(1 for r in rows if r.is_price_of_eligible) > 1:
        check.fail("is_price_of_eligible", "only one criterion can be the price of eligible "
                                           "goods and services")
    check.raise_if_errors("evaluation criteria")
    erate = "erate" in source_codes(procurement.funding_sources)
    for problem in criteria_problems(
            [CriterionFacts(r.name, r.weight, r.is_price_of_eligible) for r in rows], erate):
        check.fail("criteria", problem)
    check.raise_if_errors("evaluation criteria")
    existing = list(session.scalars(select(EvaluationCriterion).where(
        EvaluationCriterion.procurement_id == procurement.id,
        EvaluationCriterion.deleted.is_(False)).order_by(EvaluationCriterion.order)))
    for order, row in enumerate(rows):
        if order < len(existing):
            record = existing[order]
            for field, value in (("name", row.name), ("weight", row.weight),
                                 ("is_price_of_eligible", row.is_price_of_eligible),
                                 ("description", row.description), ("order", order)):
                if getattr(record, field) != value:
                    setattr(record, field, value)
        else:
            session.add(EvaluationCriterion(
                procurement=procurement, name=row.name, weight=row.weight,
                is_price_of_eligible=row.is_price_of_eligible, description=row.description,
                order=order, owner=STATE_OWNER))
    for record in existing[len(rows):]:
        record.deleted = True
    session.flush()
    return rows

