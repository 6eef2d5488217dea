"""Members (LEAs, charters, regional schools), their schools, contacts and letters of agency."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.types import ScaledDecimal, UTCDateTime

MEMBER_KINDS = ("lea", "charter", "regional")
# Where a record's E-rate figures (NSLP-eligible or CEP, rural) came from: the shipped
# reference data (a starting figure, not the NSLP count), typed in, or confirmed by the member
# for a funding year.
FIGURE_SOURCES = ("reference", "entered", "confirmed")


class FigureProvenance:
    """Where the E-rate figures of a member or school came from, and who confirmed them."""

    figures_source: Mapped[str] = mapped_column(String(12), default="entered")
    confirmed_for_year: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by: Mapped[str] = mapped_column(String(120), default="")


class Member(FigureProvenance, Synced, Base):
    __tablename__ = "members"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))
    county: Mapped[str] = mapped_column(String(40), default="")
    region: Mapped[int] = mapped_column(ForeignKey("regions.number"), index=True)
    dpi_region: Mapped[int | None] = mapped_column(Integer)
    students: Mapped[int | None] = mapped_column(Integer)
    nslp_eligible: Mapped[int | None] = mapped_column(Integer)
    # CEP identified-student percentage, e.g. 45.20 (%); eligible = students × ISP × multiplier.
    cep_isp: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    rural: Mapped[bool | None] = mapped_column(Boolean)
    ben: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    schools: Mapped[list[School]] = relationship(back_populates="member")
    contacts: Mapped[list[Contact]] = relationship(back_populates="member")


class School(FigureProvenance, Synced, Base):
    __tablename__ = "schools"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    students: Mapped[int] = mapped_column(Integer, default=0)
    nslp_eligible: Mapped[int] = mapped_column(Integer, default=0)
    cep_isp: Mapped[Decimal | None] = mapped_column(ScaledDecimal(2))
    rural: Mapped[bool] = mapped_column(Boolean, default=False)

    member: Mapped[Member] = relationship(back_populates="schools")


class Contact(Synced, Base):
    __tablename__ = "contacts"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    member: Mapped[Member] = relationship(back_populates="contacts")


class LetterOfAgency(Synced, Base):
    """The five elements USAC expects (DOMAIN.md §1.7) plus when it arrived."""

    __tablename__ = "letters_of_agency"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    lead_name: Mapped[str] = mapped_column(String(160), default="")
    member_name: Mapped[str] = mapped_column(String(160), default="")
    first_funding_year: Mapped[int | None] = mapped_column(Integer)
    last_funding_year: Mapped[int | None] = mapped_column(Integer)
    official_name: Mapped[str] = mapped_column(String(120), default="")
    official_title: Mapped[str] = mapped_column(String(120), default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    services: Mapped[str] = mapped_column(Text, default="")
    received_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship()
