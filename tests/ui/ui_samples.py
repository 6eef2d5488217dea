"""Sample rows for UI tests and screenshots: students and need lines for Region 3 members.

Imported as `ui_samples` by the tests (pytest puts this folder on sys.path) and as
`tests.ui.ui_samples` by the screenshot script."""

from __future__ import annotations

from decimal import Decimal

from app.models.db import Store
from app.services.needs import create_need

NEEDS = [
    {"member": "920", "item": "CB-STU-116", "quantity": "1200", "funding_sources": "local"},
    {"member": "920", "item": "ACC-CASE-CB", "quantity": "1200", "unit_price": "28.50",
     "funding_sources": "local"},
    {"member": "320", "item": "LT-STF-14", "quantity": "45", "funding_sources": "state"},
    {"member": "980", "description": "Interactive display 75\"", "unit": "each",
     "quantity": "12", "unit_price": "2499.99", "funding_sources": "local"},
]


def add_sample_data(store: Store) -> None:
    with store.transaction() as session:
        for raw in NEEDS:
            create_need(session, raw)


def needs_total() -> Decimal:
    return Decimal("1200") * Decimal("285.00") + Decimal("1200") * Decimal("28.50") \
        + Decimal("45") * Decimal("950.00") + Decimal("12") * Decimal("2499.99")


