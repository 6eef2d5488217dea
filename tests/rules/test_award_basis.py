"""The award basis a packet states per lot, as the award step will apply it."""

from __future__ import annotations

import pytest

from app.rules.award_basis import (
    DEFAULT,
    AwardBasis,
    AwardBasisError,
    basis_for_lot,
    parse_award_basis,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("single", AwardBasis()),
    (" Multiple  within 10% ", AwardBasis("multiple", "within", 10)),
    ("multiple within 5", AwardBasis("multiple", "within", 5)),
    ("multiple top 3", AwardBasis("multiple", "top", 3)),
])
def test_parse_and_canonical_text(text: str, expected: AwardBasis) -> None:
    basis = parse_award_basis(text)
    assert basis == expected
    assert parse_award_basis(basis.text) == basis


@pytest.mark.parametrize(("text", "message"), [
    ("several", "is not an award basis"),
    ("multiple", "needs its rule"),
    ("single top 2", "takes no rule"),
    ("multiple within 0%", "1 to 100"),
    ("multiple within 150%", "1 to 100"),
    ("multiple top 1", "2 to 20"),
    ("multiple top 3%", "counts bidders"),
])
def test_bad_bases_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(AwardBasisError, match=message):
        parse_award_basis(text)


def test_describe_and_per_lot() -> None:
    within = AwardBasis("multiple", "within", 10)
    assert "within 10 % of the lowest evaluated price" in within.describe()
    assert "the 3 responsive" in AwardBasis("multiple", "top", 3).describe()
    assert DEFAULT.describe().startswith("Single award")
    assert basis_for_lot(2, {2: within}, DEFAULT) is within
    assert basis_for_lot(1, {2: within}, DEFAULT) is DEFAULT
