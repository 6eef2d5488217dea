from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.models.db import Store
from app.services.letters import add_letter, edit_letter, list_letters


def test_letter_elements_and_coverage(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        letter = add_letter(session, "920", {"lead_name": "NC K-12 Consortium (NCDPI)",
                                             "first_funding_year": "2026",
                                             "last_funding_year": "2028"})
    assert letter.member_name == "Wake County Public School System"
    assert letter.missing_elements() == [
        "authorised official's name, title, signature and date", "type of services covered"]
    with region3_store.transaction() as session:
        letter = edit_letter(session, letter.uid, {
            "official_name": "Dr. R. Taylor", "official_title": "Superintendent",
            "signed_on": "2025-11-03", "services": "All E-rate eligible services"})
    assert letter.missing_elements() == []
    assert letter.covers(2027) and not letter.covers(2029)
    with region3_store.session() as session:
        assert [row.uid for row in list_letters(session, "920")] == [letter.uid]


@pytest.mark.parametrize("raw,field", [
    ({"first_funding_year": "2028", "last_funding_year": "2026"}, "last_funding_year"),
    ({"first_funding_year": "2026", "last_funding_year": "2040"}, "last_funding_year"),
    ({"signed_on": "yesterday"}, "signed_on"),
    ({"colour": "blue"}, "colour"),
])
def test_letter_validation(region3_store: Store, raw: dict, field: str) -> None:
    with pytest.raises(ValidationError) as caught, region3_store.transaction() as session:
        add_letter(session, "920", raw)
    assert field in caught.value.by_field()
