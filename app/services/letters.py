"""Letters of agency: a member's authorisation for the consortium lead to act for it
(DOMAIN.md §1.7). The five elements USAC expects are checked, and gaps are named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ValidationError
from app.models import LetterOfAgency
from app.services.members import get_member
from app.services.record_rules import LETTER
from app.services.scope import member_write_error
from app.services.values import Checker

LOA_FIELDS = ("lead_name", "member_name", "first_funding_year", "last_funding_year",
              "official_name", "official_title", "signed_on", "services", "received_on",
              "notes")


@dataclass(frozen=True)
class LetterRow:
    uid: str
    member_code: str
    lead_name: str
    member_name: str
    first_funding_year: int | None
    last_funding_year: int | None
    official_name: str
    official_title: str
    signed_on: date | None
    services: str
    received_on: date | None
    notes: str

    def missing_elements(self) -> list[str]:
        """The required elements this letter lacks, in USAC's order (empty when complete)."""
        missing = []
        if not self.lead_name:
            missing.append("consortium lead's name")
        if not self.member_name:
            missing.append("member's name")
        if self.first_funding_year is None or self.last_funding_year is None:
            missing.append("funding years covered")
        if not (self.official_name and self.official_title and self.signed_on):
            missing.append("authorised official's name, title, signature and date")
        if not self.services:
            missing.append("type of services covered")
        return missing

    def covers(self, funding_year: int) -> bool:
        return (self.first_funding_year is not None and self.last_funding_year is not None
                and self.first_funding_year <= funding_year <= self.last_funding_year)

    def as_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("uid", "member_code", *LOA_FIELDS)}
        for key in ("signed_on", "received_on"):
            out[key] = out[key].isoformat() if out[key] else None
        out["missing_elements"] = self.missing_elements()
        return out


def _row(letter: LetterOfAgency, member_code: str) -> LetterRow:
    return LetterRow(letter.uid, member_code, *(getattr(letter, k) for k in LOA_FIELDS))


def _check(raw: dict[str, Any]) -> tuple[dict[str, Any], Checker]:
    check = Checker(record="letter of agency")
    for key in raw:
        if key not in LOA_FIELDS:
            check.fail(key, "is not a letter-of-agency field")
    values = LETTER.record(check, raw, [k for k in LOA_FIELDS if k in raw])
    return values, check


def list_letters(session: Session, member_code: str) -> list[LetterRow]:
    member = get_member(session, member_code)
    query = select(LetterOfAgency).where(LetterOfAgency.member_id == member.id,
                                         LetterOfAgency.deleted.is_(False))
    return [_row(letter, member.code) for letter in
            session.scalars(query.order_by(LetterOfAgency.first_funding_year))]


def add_letter(session: Session, member_code: str, raw: dict[str, Any]) -> LetterRow:
    member = get_member(session, member_code)
    values, check = _check(raw)
    problem = member_write_error(session, member)
    if problem:
        check.errors.append(problem)
    check.raise_if_errors("letter of agency")
    values.setdefault("member_name", member.name)
    letter = LetterOfAgency(member=member, owner=member.owner, **values)
    session.add(letter)
    session.flush()
    return _row(letter, member.code)


def edit_letter(session: Session, uid: str, raw: dict[str, Any]) -> LetterRow:
    letter = session.scalar(select(LetterOfAgency).where(LetterOfAgency.uid == uid,
                                                         LetterOfAgency.deleted.is_(False)))
    if letter is None:
        raise NotFoundError(f"No letter of agency with id '{uid}'.")
    member = letter.member
    problem = member_write_error(session, member)
    if problem:
        raise ValidationError([problem], "letter of agency")
    values, check = _check(raw)
    check.raise_if_errors("letter of agency")
    for key, value in values.items():
        setattr(letter, key, value)
    session.flush()
    return _row(letter, member.code)


def remove_letter(session: Session, uid: str) -> LetterRow:
    """Mark a letter removed (entered by mistake, or withdrawn). Allowed even when it is the
    member's only letter: the coverage checks then report the gap, which is the truth. Kept
    as a tombstone, so the audit has it and the removal syncs."""
    letter = session.scalar(select(LetterOfAgency).where(LetterOfAgency.uid == uid,
                                                         LetterOfAgency.deleted.is_(False)))
    if letter is None:
        raise NotFoundError(f"No letter of agency with id '{uid}' (or it was already "
                            "removed).")
    member = letter.member
    problem = member_write_error(session, member)
    if problem:
        raise ValidationError([problem], "letter of agency")
    letter.deleted = True
    session.flush()
    return _row(letter, member.code)
