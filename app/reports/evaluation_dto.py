"""What the evaluation shows (`consortium evaluate show`, the score sheet PDF, the page):
plain data built by `app.services.evaluation.evaluate`, never the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.rules.evaluation import PRICE_FORMULA, LotResult
from app.rules.packet_rules import CriterionFacts


@dataclass(frozen=True)
class Evaluation:
    """Everything the `evaluate show` command, the score sheet and the page print."""

    consortium: str
    ref: str
    title: str
    criteria: tuple[CriterionFacts, ...]
    issued_at: datetime | None  # None: no final packet recorded, the criteria not frozen
    issued_by: str
    issue_sha256: str
    erate: bool
    lots: tuple[LotResult, ...]

    @property
    def price_criterion(self) -> CriterionFacts | None:
        return next((c for c in self.criteria if c.is_price_of_eligible), None)

    @property
    def formula(self) -> str:
        price = self.price_criterion
        return PRICE_FORMULA.format(points=price.weight) if price else \
            "no criterion is marked as the price: no price points"

    def as_json(self) -> dict[str, Any]:
        return {"procurement": self.ref, "title": self.title,
                "criteria": [{"name": c.name, "weight": c.weight,
                              "is_price_of_eligible": c.is_price_of_eligible}
                             for c in self.criteria],
                "frozen_by_issue": None if self.issued_at is None else {
                    "issued_at": self.issued_at.isoformat(), "issued_by": self.issued_by,
                    "sha256": self.issue_sha256},
                "price_formula": self.formula, "erate": self.erate,
                "lots": [lot.as_json() for lot in self.lots]}
