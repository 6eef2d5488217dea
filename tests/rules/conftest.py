"""Funding-year parameters for rule tests, read from the shipped reference data (never from
constants in the code under test)."""

from __future__ import annotations

import json

import pytest

from app import paths
from app.rules.params import YearParams
from app.services.reference_data import funding_year_values


def load_params(year: int) -> YearParams:
    data = json.loads(paths.reference_file("funding_years.json").read_text(encoding="utf-8"))
    entry = next(e for e in data if e["year"] == year)
    return YearParams.from_values(funding_year_values(entry))


@pytest.fixture(scope="session")
def fy2025() -> YearParams:
    return load_params(2025)


@pytest.fixture(scope="session")
def fy2026() -> YearParams:
    return load_params(2026)
