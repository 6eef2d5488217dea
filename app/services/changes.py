"""How many of this instance's own changes have not yet left in a sync bundle.

Each synced record carries the change sequence of its last local write; an export records
the highest sequence it carried under the counter EXPORTED_SEQ. What is above it is news.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Base, Counter, Synced
from app.services.scope import current_identity

EXPORTED_SEQ = "exported_seq"


def synced_models() -> list[type]:
    return [mapper.class_ for mapper in Base.registry.mappers
            if issubclass(mapper.class_, Synced)]


def exported_seq(session: Session) -> int:
    return int(session.scalar(select(Counter.value).where(Counter.name == EXPORTED_SEQ)) or 0)


def unexported_changes(session: Session) -> int:
    """Records this instance owns that changed after the last export."""
    owner = current_identity(session).owner_scope
    since = exported_seq(session)
    total = 0
    for model in synced_models():
        total += int(session.scalar(select(func.count()).select_from(model).where(
            model.owner == owner, model.seq > since)) or 0)
    return total
