"""The evaluation of an opened procurement's bids: the packet as issued (its criteria frozen)
and the evaluators' scores.

Both are `Kept` (audited, never in a bundle): scores follow the opening's prices, which stay
in the state's store, and the issue record is the proof of what the bidders were told.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Kept
from app.models.procurement import Procurement
from app.models.types import ScaledDecimal, UTCDateTime
from app.models.vendors import Vendor

# An `EvaluationScore` with this evaluator is the panel's consensus score.
CONSENSUS = ""


class PacketIssue(Kept, Base):
    """A final packet as generated for posting: when, by whom, the PDF's SHA-256 and the
    criteria with their weights as printed (JSON list of name, weight, is_price_of_eligible,
    description). The first issue freezes the criteria (no post-hoc re-weighting)."""

    __tablename__ = "packet_issues"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(120))
    sha256: Mapped[str] = mapped_column(String(64))
    criteria_json: Mapped[str] = mapped_column(Text)

    procurement: Mapped[Procurement] = relationship()


class EvaluationScore(Kept, Base):
    """One score of one criterion for one vendor's bid on one lot: an evaluator's own, or
    the consensus (evaluator `CONSENSUS`). Price points are computed, never entered."""

    __tablename__ = "evaluation_scores"
    __table_args__ = (UniqueConstraint("procurement_id", "lot_number", "vendor_id",
                                       "criterion", "evaluator", name="uq_evaluation_scores_key"),)

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    lot_number: Mapped[int] = mapped_column(Integer)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(160))
    evaluator: Mapped[str] = mapped_column(String(120), default=CONSENSUS)
    points: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    comment: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
    vendor: Mapped[Vendor] = relationship()
