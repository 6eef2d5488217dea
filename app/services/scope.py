"""What this instance may write: a region writes only its own members' records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import FieldError, NotInitialisedError, UserError
from app.models import InstanceIdentity, Member

IDENTITY_KEY = "identity"


def current_identity(session: Session) -> InstanceIdentity:
    """This instance's identity, read once per session: bulk imports check ownership for
    every row, and one query per row was most of their time."""
    identity = session.info.get(IDENTITY_KEY)
    if identity is None:
        identity = session.scalars(select(InstanceIdentity)).first()
        if identity is None:
            raise NotInitialisedError()
        session.info[IDENTITY_KEY] = identity
    return identity


def member_write_error(session: Session, member: Member, field: str = "member",
                       row: int | None = None) -> FieldError | None:
    """A field error when this instance does not own `member`'s records, else None."""
    identity = current_identity(session)
    if identity.role == "region" and member.region != identity.region:
        return FieldError(field, f"{member.code} {member.name} belongs to Region "
                                 f"{member.region}; this instance is Region {identity.region}",
                          row, member.code)
    return None


def require_state(session: Session, what: str) -> None:
    """Refuse on a regional instance: `what` ("The vendor registry") is the state's, and a
    region receives it in the state's bundle."""
    if current_identity(session).role != "state":
        raise UserError(f"{what} is kept by the state coordinator; a regional instance "
                        "receives it in the state's sync bundle.")
