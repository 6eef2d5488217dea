"""Plain report data built from the store: the services side of app.reports (which never
sees a Session). Rendering is separate so the UI can build the data on one thread and draw
the PDF on another, and tests can render sheets without a database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Contact, Region
from app.reports.confirmation import ConfirmationLine, ConfirmationSheet
from app.rules.confirm_checks import find_duplicates
from app.services.letters import list_letters
from app.services.members import get_member
from app.services.need_confirm import row_facts
from app.services.needs import default_funding_year, list_needs
from app.services.scope import current_identity
from app.services.settings import consortium_name

OFFICIAL_ROLE = "authorised official"


def region_label(session: Session, number: int) -> str:
    name = session.scalar(select(Region.name).where(Region.number == number))
    return f"Region {number} ({name})" if name else f"Region {number}"


def confirmation_sheet(session: Session, member_code: str, funding_year: int | None = None,
                       today: date | None = None) -> ConfirmationSheet:
    """One member's confirmed need lines for a funding year (default: the year in focus).

    The official printed on the signature line is the one named on the letter of agency for
    that year, else the member's contact whose role is "authorised official"; blank lines
    are left to fill by hand otherwise.
    """
    member = get_member(session, member_code)
    year = funding_year if funding_year is not None else default_funding_year(session)
    needs = list_needs(session, member_code=member.code, status="confirmed", funding_year=year)
    lines = tuple(ConfirmationLine(n.item_code, n.description, n.quantity, n.unit,
                                   n.unit_price, n.funding_sources) for n in needs)
    number = {n.uid: index for index, n in enumerate(needs, start=1)}
    duplicates = tuple(tuple(number[uid] for uid in d.uids)
                       for d in find_duplicates(row_facts(n) for n in needs))
    official_name, official_title = _official(session, member.code, member.id, year)
    identity = current_identity(session)
    return ConfirmationSheet(
        consortium_name=consortium_name(session), member_name=member.name, member_code=member.code,
        region=region_label(session, member.region), funding_year=year, lines=lines,
        coordinator_name=identity.operator, official_name=official_name,
        official_title=official_title, prepared_on=today or date.today(),
        duplicates=duplicates)


def _official(session: Session, code: str, member_id: int, year: int | None
              ) -> tuple[str, str]:
    for letter in reversed(list_letters(session, code)):
        if letter.official_name and (year is None or letter.covers(year)):
            return letter.official_name, letter.official_title
    contact = session.scalar(select(Contact).where(
        Contact.member_id == member_id, Contact.deleted.is_(False),
        Contact.role == OFFICIAL_ROLE).order_by(Contact.id))
    if contact is not None:
        return contact.name, contact.title
    return "", ""
