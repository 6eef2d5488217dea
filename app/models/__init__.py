"""What is stored: typed SQLAlchemy 2 models. Importing this package registers every table."""

from app.models.allocation import Allocation, PiggybackJoin
from app.models.award import Award, Contract, ContractPrice
from app.models.base import (
    STATE_OWNER,
    Base,
    Kept,
    Synced,
    new_uid,
    region_owner,
    table_of,
)
from app.models.bids import Bid, BidFile, BidLine, BidOpening, BidTier
from app.models.catalog import ERATE_CATEGORIES, CatalogItem, Category
from app.models.evaluation import EvaluationScore, PacketIssue
from app.models.funding import FundingYear
from app.models.imports import ImportedFile
from app.models.instance import ROLES, AuditEntry, Counter, InstanceIdentity
from app.models.members import MEMBER_KINDS, Contact, LetterOfAgency, Member, School
from app.models.needs import FUNDING_SOURCES, NEED_STATUSES, Need
from app.models.packet import Addendum, EvaluationCriterion, PacketText
from app.models.procurement import Lot, LotItem, PriceTier, Procurement, ProcurementMember
from app.models.reference import ConsortiumProfile, Region
from app.models.sync import BundleLog, Conflict, SyncPeer
from app.models.vendors import ComplianceEntry, ComplianceList, SamCheck, Vendor

# Every model is re-exported here, so `from app.models import X` type-checks.
__all__ = [
    "Addendum", "Allocation", "AuditEntry", "Award", "Base", "Bid", "BidFile", "BidLine",
    "BidOpening", "BidTier", "BundleLog", "CatalogItem", "Category", "ComplianceEntry",
    "ComplianceList",
    "Conflict", "ConsortiumProfile", "Contact", "Contract", "ContractPrice", "Counter",
    "ERATE_CATEGORIES", "EvaluationCriterion", "EvaluationScore", "FUNDING_SOURCES", "FundingYear",
    "ImportedFile", "InstanceIdentity", "Kept", "LetterOfAgency", "Lot", "LotItem", "Member",
    "MEMBER_KINDS", "Need", "NEED_STATUSES", "new_uid", "PacketIssue", "PacketText",
    "PiggybackJoin", "PriceTier", "Procurement", "ProcurementMember", "Region", "region_owner",
    "ROLES", "SamCheck", "School", "STATE_OWNER", "Synced", "SyncPeer", "table_of", "Vendor",
]
