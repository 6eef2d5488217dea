"""The allocation of an awarded procurement back to its members (rules:
`app.rules.allocation`), and the members that joined an awarded contract later
(piggyback, G.S. 143-129(g)).

Synced, owned by the state: they reach the regions in the state's bundle, so a regional
coordinator prints the award letters of its members from what the state decided. Each
allocation keeps the figures as they were allocated (prices, discount, E-rate share), so a
letter printed later, anywhere, says what the state decided, whatever changed since.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.award import Award
from app.models.base import Base, Synced
from app.models.members import Member
from app.models.needs import Need
from app.models.procurement import LotItem, Procurement
from app.models.types import Money, Quantity


class Allocation(Synced, Base):
    """One member need line matched to the awarded vendor it buys from, with the prices
    and E-rate figures the award letter prints."""

    __tablename__ = "allocations"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    lot_item_id: Mapped[int] = mapped_column(ForeignKey("lot_items.id"), index=True)
    # None: the line's lot was not awarded (or nobody it may buy from won it).
    award_id: Mapped[int | None] = mapped_column(ForeignKey("awards.id"), index=True)
    how: Mapped[str] = mapped_column(String(20))  # app.rules.allocation.HOW
    # The vendor the member chose among the lot's awarded vendors (kept across re-runs).
    chosen_vendor: Mapped[str] = mapped_column(String(160), default="")
    piggyback: Mapped[bool] = mapped_column(Boolean, default=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity())
    unit_price: Mapped[Decimal] = mapped_column(Money())  # the contract's, tier applied
    own_unit_price: Mapped[Decimal] = mapped_column(Money())  # the member's own estimate
    erate_category: Mapped[str] = mapped_column(String(10), default="")
    discount: Mapped[int] = mapped_column(Integer, default=0)  # percent
    eligible: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    erate_share: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    # Category 2 cost beyond the member's remaining five-year budget: no discount on it.
    over_budget: Mapped[Decimal] = mapped_column(Money(), default=Decimal(0))
    note: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
    need: Mapped[Need] = relationship()
    member: Mapped[Member] = relationship()
    lot_item: Mapped[LotItem] = relationship()
    award: Mapped[Award | None] = relationship()


class PiggybackJoin(Synced, Base):
    """A member that did not take part joining an awarded contract later, where the packet
    allowed it: the public notice, the board's approval at a regular meeting at least the
    year's notice days later, and the day it joined (within 12 months of the contract)."""

    __tablename__ = "piggyback_joins"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    notice_on: Mapped[date] = mapped_column(Date)
    board_approved_on: Mapped[date] = mapped_column(Date)
    joined_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
    member: Mapped[Member] = relationship()
