"""What a procurement's bid packet adds to the procurement: its evaluation criteria with
weights, per-section overrides of the default boilerplate text, and the addenda issued after
it was posted. All are the state's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
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


class Addendum(Synced, Base):
    """A numbered change to a posted packet (1, 2, …): what changed and when. A substantive
    one (new services, new entities, a change of scope) restarts E-rate's 28 days
    (DOMAIN.md §1.5: app.rules.calendar.allowable_contract_date)."""

    __tablename__ = "addenda"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(120), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    substantive: Mapped[bool] = mapped_column(Boolean, default=False)

    procurement: Mapped[Procurement] = relationship()
