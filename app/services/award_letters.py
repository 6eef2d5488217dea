"""A member's award letter (issue #16, "what each member takes home"): its allocated lines
by awarded vendor and contract, its savings and E-rate shares, and what it needs for its own
Form 471. Built from the stored allocation (`list_allocations`), so a region that imported
the state's bundle prints the same letters as the state.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import Member
from app.models.allocation import PiggybackJoin
from app.reports.award_letter_dto import AwardLetter, LetterLine, VendorSection
from app.services.allocation import AllocatedLine, list_allocations
from app.services.erate import find_procurement
from app.services.packet_settings import facts
from app.services.procurements import source_codes
from app.services.reports_data import region_label
from app.services.scope import current_identity
from app.services.settings import consortium_name


def _letter_line(a: AllocatedLine) -> LetterLine:
    return LetterLine(a.lot, a.line, a.description, a.unit, a.quantity, a.how, a.note,
                      a.piggyback, a.unit_price, a.own_unit_price, a.erate_category,
                      a.discount, a.eligible, a.erate_share, a.over_budget,
                      awarded=a.vendor is not None)


def _nothing_allocated(ref: str, code: str) -> UserError:
    return UserError(f"{ref}: nothing is allocated to member {code} (consortium allocate "
                     "run, after the award; a region prints letters once it has imported "
                     "the state's bundle)")


def award_letter(session: Session, ref: str | int, member_code: str,
                 today: date | None = None) -> AwardLetter:
    """One member's award letter. Refused when nothing is allocated to the member."""
    procurement = find_procurement(session, ref)
    code = member_code.strip().upper()
    member = session.scalar(select(Member).where(Member.code == code,
                                                  Member.deleted.is_(False)))
    if member is None:
        raise UserError(f"No member with code '{member_code}'.")
    allocated = list_allocations(session, procurement.ref, code)
    if not allocated:
        raise _nothing_allocated(procurement.ref, code)
    by_contract: dict[tuple[str, str], list[AllocatedLine]] = defaultdict(list)
    for a in allocated:
        if a.vendor is not None:
            by_contract[(a.vendor, a.contract)].append(a)
    vendors = tuple(VendorSection(v, lines[0].vendor_498, contract,
                                  lines[0].contract_signed_on,
                                  tuple(_letter_line(a) for a in lines))
                    for (v, contract), lines in by_contract.items())
    join = session.scalars(select(PiggybackJoin).where(
        PiggybackJoin.procurement_id == procurement.id, PiggybackJoin.member_id == member.id,
        PiggybackJoin.deleted.is_(False)).order_by(PiggybackJoin.joined_on)).first()
    piggyback = any(a.piggyback for a in allocated)
    packet = facts(session, procurement)
    return AwardLetter(
        consortium_name(session), procurement.ref, procurement.title, procurement.funding_year,
        member.code, member.name,
        region_label(session, member.region) if member.region is not None else "",
        "erate" in source_codes(procurement.funding_sources),
        packet.get("form470_number", "").strip(), vendors,
        tuple(_letter_line(a) for a in allocated if a.vendor is None),
        join.joined_on if join is not None and piggyback else None,
        join.board_approved_on if join is not None and piggyback else None,
        packet.get("contact", "").strip(), today or date.today())


def award_letter_pdf(session: Session, ref: str | int, member_code: str,
                     today: date | None = None) -> bytes:
    from app.reports.award_letter import render_award_letter

    return render_award_letter(award_letter(session, ref, member_code, today))


def letter_members(session: Session, ref: str | int, region: int | None = None) -> list[str]:
    """The codes of the members with allocated lines (of one region), in code order."""
    procurement = find_procurement(session, ref)
    return sorted({a.member_code for a in list_allocations(session, procurement.ref)
                   if region is None or a.region == region})


def default_region(session: Session) -> int | None:
    """A region instance prints its own members' letters; the state, every member's."""
    identity = current_identity(session)
    return identity.region if identity.role == "region" else None


def letter_file_name(ref: str, member_code: str) -> str:
    return f"award-letter-{ref}-{member_code}.pdf"


def write_letters(session: Session, ref: str | int, folder: Path,
                  region: int | None = None, today: date | None = None) -> list[Path]:
    """One award letter PDF per member with allocated lines (of `region`) in `folder`.
    Refused, nothing written, when there is none or the folder does not exist."""
    procurement = find_procurement(session, ref)
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder")
    codes = letter_members(session, procurement.ref, region)
    if not codes:
        where = f" to members of region {region}" if region is not None else ""
        raise UserError(f"{procurement.ref}: nothing is allocated{where} (consortium "
                        "allocate run, after the award; a region prints letters once it "
                        "has imported the state's bundle)")
    # Every letter is made before the first is written: a failure leaves no half set.
    pdfs = [(code, award_letter_pdf(session, procurement.ref, code, today)) for code in codes]
    written = []
    for code, data in pdfs:
        target = folder / letter_file_name(procurement.ref, code)
        try:
            target.write_bytes(data)
        except OSError as error:
            raise UserError(f"{target}: cannot write the file ({error.strerror})") from error
        written.append(target)
    return written
