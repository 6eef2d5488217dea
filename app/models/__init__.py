"""What is stored: typed SQLAlchemy 2 models. Importing this package registers every table."""

from app.models.allocation import Allocation, PiggybackJoin  # noqa: F401
from app.models.award import Award, Contract, ContractPrice  # noqa: F401
from app.models.base import (
    STATE_OWNER,
    Base,
    Kept,
    Synced,
    new_uid,
    region_owner,
    table_of,
)
from app.models.bids import Bid, BidFile, BidLine, BidOpening, BidTier  # noqa: F401
from app.models.catalog import ERATE_CATEGORIES, CatalogItem, Category
from app.models.evaluation import EvaluationScore, PacketIssue  # noqa: F401
from app.models.funding import FundingYear
from app.models.imports import ImportedFile
from app.models.instance import ROLES, AuditEntry, Counter, InstanceIdentity
from app.models.members import MEMBER_KINDS, Contact, LetterOfAgency, Member, School
from app.models.needs import FUNDING_SOURCES, NEED_STATUSES, Need
from app.models.packet import EvaluationCriterion, PacketText  # noqa: F401
from app.models.procurement import Lot, LotItem, PriceTier, Procurement, ProcurementMember  # noqa: F401
from app.models.reference import ConsortiumProfile, Region
from app.models.sync import BundleLog, Conflict, SyncPeer  # noqa: F401
from app.models.vendors import ComplianceEntry, ComplianceList, SamCheck, Vendor  # noqa: F401

__all__ = [
    "AuditEntry", "Base", "CatalogItem", "Category", "ConsortiumProfile", "Contact", "Counter",
    "ERATE_CATEGORIES", "Kept",
    "FUNDING_SOURCES", "FundingYear", "ImportedFile", "InstanceIdentity", "LetterOfAgency",
    "MEMBER_KINDS",
    "Member", "NEED_STATUSES", "Need", "ROLES", "Region", "STATE_OWNER", "School", "Synced",
    "Vendor", "new_uid", "region_owner", "table_of",
]
