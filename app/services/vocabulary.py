"""The fixed vocabularies the screens offer in their pickers — stored values, in their stored
order — read from here so the UI never imports the models (an import contract)."""

from app.models import ERATE_CATEGORIES, FUNDING_SOURCES
from app.models.procurement import PROCUREMENT_STATUSES
from app.models.vendors import SAM_RESULTS

__all__ = ["ERATE_CATEGORIES", "FUNDING_SOURCES", "PROCUREMENT_STATUSES", "SAM_RESULTS"]
