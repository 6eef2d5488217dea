"""What a procurement's bid packet adds to the procurement: its evaluation criteria with
weights, and per-section overrides of the default boilerplate text. Both are the state's."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.procurement import Procurement


class EvaluationCriterion(Synced, Base):
    """One scored factor of the evaluation, e.g. "Price of eligible goods and services" 55.

    `weight` is in points (the packet states them out of their total, usually 100);
    `is_price_of_eligible` marks the factor E-rate says must outweigh every other one."""

    __tablename__ = "evaluation_criteria"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    weight: Mapped[int] = mapped_column(Integer)
    is_price_of_eligible: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()


class PacketText(Synced, Base):
    """The text of one packet section for one procurement, replacing the default."""

    __tablename__ = "packet_texts"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    section_key: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
