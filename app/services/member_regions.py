"""Moving a member to another region: the state's decision (it owns region assignment).

The member and every record the region kept for it (schools, contacts, letters of agency,
need lines, removed ones included) change owner here as edits of the state's copy. The
state's next bundle to the new region hands them over (that region does not have them yet);
the new region writes them as its own and sends them back, and from then on it is their
owner. The old region learns the new assignment from the same bundles and can no longer
change the member; anything it had not yet sent is refused at the state with the reason,
never dropped unseen. The state's own records naming the member (a procurement's participant
lines) are sent again to the new region, which did not get them before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.errors import FieldError, UserError, ValidationError
from app.models import (
    Contact,
    LetterOfAgency,
    Need,
    ProcurementMember,
    Region,
    School,
    region_owner,
)
from app.models.tracking import next_change_seq, note_handover
from app.services.members import get_member
from app.services.scope import current_identity

CHILD_MODELS = (School, Contact, LetterOfAgency, Need)


@dataclass(frozen=True)
class RegionMove:
    code: str
    name: str
    old_region: int
    new_region: int
    records_moved: int  # the member's own records that changed owner with it

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "old_region": self.old_region,
                "new_region": self.new_region, "records_moved": self.records_moved}


def move_member(session: Session, code: str, region: int) -> RegionMove:
    """Assign member `code` to `region`, with all its records; the state only."""
    if current_identity(session).role != "state":
        raise UserError("Region assignment is the state coordinator's; it arrives in the "
                        "state's bundle.")
    member = get_member(session, code)
    if not session.scalar(select(func.count()).select_from(Region).where(
            Region.number == region, Region.deleted.is_(False))):
        raise ValidationError([FieldError("region", f"region {region} is not in this store",
                                          None, member.code)], f"member {member.code}")
    if member.region == region:
        raise ValidationError([FieldError("region", f"{member.code} {member.name} is "
                                          f"already in Region {region}", None, member.code)],
                              f"member {member.code}")
    old, owner = member.region, region_owner(region)
    member.region, member.owner = region, owner  # tracked edits: versioned and audited
    records: list[Any] = [member]
    for model in CHILD_MODELS:
        for record in session.scalars(select(model).where(model.member_id == member.id)):
            record.owner = owner
            records.append(record)
    note_handover(session, records)
    # Unchanged, so no new version: a change sequence above every region's acknowledgement
    # puts them in the next bundle to the new region (the old one no longer gets them).
    session.execute(update(ProcurementMember).where(ProcurementMember.member_id == member.id)
                    .values(seq=next_change_seq(session)))
    return RegionMove(member.code, member.name, old, region, len(records) - 1)


def region_choices(session: Session) -> list[tuple[int, str]]:
    """(number, name) of the regions a member can be assigned to."""
    return [(n, name) for n, name in session.execute(
        select(Region.number, Region.name).where(Region.deleted.is_(False))
        .order_by(Region.number))]
