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
    ("single per line", AwardBasis(per_line=True)),
    ("Multiple within 10%  Per Line", AwardBasis("multiple", "within", 10, True)),
    ("multiple top 2 per line", AwardBasis("multiple", "top", 2, True)),
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
    ("per line", "is not an award basis"),
    ("single per lines", "optionally followed by \"per line\""),
    ("multiple per line", "needs its rule"),
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


def test_a_per_line_basis_prints_it() -> None:
    assert AwardBasis(per_line=True).text == "single per line"
    assert AwardBasis("multiple", "within", 10, True).text == "multiple within 10% per line"
    assert AwardBasis("multiple", "top", 2, True).text == "multiple top 2 per line"
    assert AwardBasis(per_line=True).describe().startswith(
        "Single award per line: each line goes to the lowest price on it")
    assert "within 10 % of the lowest price on the line" in AwardBasis(
        "multiple", "within", 10, True).describe()
    assert "the bids with the 2 lowest prices on it" in AwardBasis(
        "multiple", "top", 2, True).describe()
