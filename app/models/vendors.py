"""The vendor registry and the compliance lists vendors are checked against (DOMAIN.md §1.9,
§2.8, §6). Both are the state's and reach the regions read-only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Synced
from app.models.procurement import Procurement

COMPLIANCE_LIST_KINDS = ("iran_divestment", "israel_boycott", "covered_list")
SAM_RESULTS = ("clear", "excluded")


class Vendor(Synced, Base):
    """A company that may bid. `name` is the legal name; `spin_498` the FCC Form 498 ID."""

    __tablename__ = "vendors"

    name: Mapped[str] = mapped_column(String(160), unique=True)
    dba: Mapped[str] = mapped_column(String(160), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    remit_address: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    spin_498: Mapped[str] = mapped_column(String(9), default="")
    nc_vendor_number: Mapped[str] = mapped_column(String(20), default="")
    e_verify_affidavit: Mapped[bool] = mapped_column(Boolean, default=False)
    e_verify_on: Mapped[date | None] = mapped_column(Date)
    # Funding years a Form 473 (SPAC) is on file for, e.g. "2026,2027".
    form_473_years: Mapped[str] = mapped_column(String(60), default="")
    hub_certified: Mapped[bool] = mapped_column(Boolean, default=False)
    hub_class: Mapped[str] = mapped_column(String(60), default="")
    w9_on_file: Mapped[bool] = mapped_column(Boolean, default=False)
    w9_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class ComplianceList(Synced, Base):
    """One list a vendor or a manufacturer must not be on, as of `list_date`: the NC State
    Treasurer's Iran Divestment and Israel-boycott lists, the FCC Covered List."""

    __tablename__ = "compliance_lists"

    kind: Mapped[str] = mapped_column(String(20), unique=True)
    list_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")

    entries: Mapped[list[ComplianceEntry]] = relationship(back_populates="compliance_list")


class ComplianceEntry(Synced, Base):
    """A company on a list; `normalized` is the name as matching compares it (case,
    punctuation and "Inc/LLC/Corp" removed); `affiliate_of` names the listed parent."""

    __tablename__ = "compliance_entries"

    list_id: Mapped[int] = mapped_column(ForeignKey("compliance_lists.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized: Mapped[str] = mapped_column(String(200), index=True)
    affiliate_of: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    compliance_list: Mapped[ComplianceList] = relationship(back_populates="entries")


class SamCheck(Synced, Base):
    """The SAM.gov exclusion check a federal-funds procurement records for a vendor."""

    __tablename__ = "sam_checks"

    procurement_id: Mapped[int] = mapped_column(ForeignKey("procurements.id"), index=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    checked_by: Mapped[str] = mapped_column(String(120))
    checked_on: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(12))
    reference: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    procurement: Mapped[Procurement] = relationship()
    vendor: Mapped[Vendor] = relationship()
