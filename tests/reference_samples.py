"""Helpers for tests that need a member as a blank slate, without the real schools that
init loads from reference data."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import Member, School


def drop_reference_schools(session: Session, *member_codes: str) -> None:
    """Delete (outright, not as tombstones) the schools of these members and clear their
    student counts, so a test's own schools are the only ones."""
    members = list(session.scalars(select(Member).where(Member.code.in_(member_codes))))
    session.execute(delete(School).where(School.member_id.in_([m.id for m in members])))
    for member in members:
        member.students = member.nslp_eligible = None
