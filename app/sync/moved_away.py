"""A region lets go of the members the state moved to another region.

Rule: after a bundle from the state, a region keeps no copy of a member assigned elsewhere —
not the member, its schools, contacts, letters of agency and need lines, nor the state's
procurement participant lines naming it. The new region and the state hold those records;
this region could no longer change them, and listing them would show members it no longer
serves. Each removed record is audited (action `moved away`) with its fields, so nothing is
lost from the trail; an open conflict about one is closed (resolution `moved`): the question
is now for the new owner, which holds the state's copy.

One exception keeps the promise that nothing is dropped unseen: a record edited here that the
state has not yet acknowledged stays until it has (the region's next bundle carries it and the
state refuses it with the reason); the next bundle from the state then removes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import AuditEntry, Contact, LetterOfAgency, Member, Need, School
from app.models.portable import portable_fields
from app.models.procurement import ProcurementMember
from app.models.sync import Conflict
from app.models.tracking import OPERATOR, audit_row
from app.models.types import utcnow
from app.services.changes import acked_seq
from app.services.scope import current_identity

MOVED_AWAY = "moved away"
# The state's records about a member, then the member's own, children before the member.
MEMBER_RECORDS = (ProcurementMember, School, Contact, LetterOfAgency, Need)


def release_moved_members(session: Session, bundle_uid: str) -> int:
    """Remove this region's copies of members now assigned to another region; returns how
    many records were removed."""
    identity = current_identity(session)
    if identity.role != "region":
        return 0
    acked = acked_seq(session, "state")
    operator = session.info.get(OPERATOR, "unknown")
    removed = 0
    for member in session.scalars(select(Member).where(Member.region != identity.region)):
        waiting = False
        for model in MEMBER_RECORDS:
            records = session.scalars(select(model).where(model.member_id == member.id)).all()
            gone = [r for r in records if not _unacknowledged(r, acked)]
            waiting = waiting or len(gone) < len(records)
            removed += _remove(session, model, gone, operator, bundle_uid)
        if not waiting and not _unacknowledged(member, acked):
            removed += _remove(session, Member, [member], operator, bundle_uid)
    return removed


def _unacknowledged(record: Any, acked: int) -> bool:
    """Edited here after the last change the state acknowledged having applied."""
    return bool(record.seq > acked)


def _remove(session: Session, model: Any, records: list[Any], operator: str,
            bundle_uid: str) -> int:
    if not records:
        return 0
    for record in records:
        session.add(AuditEntry(**audit_row(operator, model.__tablename__, record.uid,
                                           MOVED_AWAY, {"bundle": bundle_uid,
                                                        "version": record.version,
                                                        "fields": portable_fields(record)})))
    session.flush()
    ids, uids = [r.id for r in records], [r.uid for r in records]
    for record in records:
        session.expunge(record)
    session.execute(delete(model.__table__).where(model.__table__.c.id.in_(ids)))
    session.execute(update(Conflict).where(Conflict.record_uid.in_(uids),
                                           Conflict.status == "open").values(
        status="resolved", resolution="moved", resolved_by=operator, resolved_at=utcnow()))
    return len(records)
