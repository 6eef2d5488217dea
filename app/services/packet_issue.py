"""The issue of a final bid packet: recorded each time the final packet is generated (by
`consortium packet build --final` and the Reports page's final button), with the PDF's
SHA-256 and the criteria as printed. The first issue freezes the criteria
(`packet_settings.set_criteria` refuses afterwards) and is what the evaluation scores by.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy.orm import Session

from app.errors import UserError
from app.models.evaluation import PacketIssue
from app.models.types import utcnow
from app.services.erate import find_procurement
from app.services.packet_settings import (
    CriterionRow,
    criteria_from_json,
    first_issue,
    list_criteria,
)
from app.services.scope import current_identity, require_state


def record_issue(session: Session, ref: str | int, pdf: bytes, by: str | None = None,
                 now: datetime | None = None) -> PacketIssue:
    """Record that the final packet (these PDF bytes) was issued, with the criteria now set
    (the defaults when none were set: those are what the packet printed)."""
    require_state(session, "The record of a packet's issue")
    procurement = find_procurement(session, ref)
    if not pdf:
        raise UserError(f"{procurement.ref}: no packet PDF to record as issued")
    rows, _default = list_criteria(session, procurement.ref)
    row = PacketIssue(procurement=procurement, issued_at=now or utcnow(),
                      issued_by=(by or current_identity(session).operator).strip()[:120],
                      sha256=hashlib.sha256(pdf).hexdigest(),
                      criteria_json=json.dumps([r.as_json() for r in rows],
                                               ensure_ascii=False))
    session.add(row)
    session.flush()
    return row


def frozen_criteria(session: Session, ref: str | int
                    ) -> tuple[list[CriterionRow], PacketIssue | None]:
    """The criteria to evaluate by: the first issue's snapshot, or (no final packet recorded
    yet) the criteria as now set, with None for the issue."""
    procurement = find_procurement(session, ref)
    issue = first_issue(session, procurement)
    if issue is None:
        return list_criteria(session, procurement.ref)[0], None
    return criteria_from_json(issue.criteria_json), issue
