"""The one checker of values (app.services.values + record_rules): absurd numbers, control
characters and zone-less times are refused with a field error, never a crash or a rounding;
the services use the same rules (issue #11 hole 4)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.errors import ValidationError
from app.models.db import Store
from app.services.catalog import create_item
from app.services.letters import add_letter
from app.services.members import create_member, edit_member
from app.services.needs import create_need
from app.services.record_rules import BY_TABLE, NEED, check_matrix
from app.services.schools import add_contact, add_school
from app.services.values import Checker
from app.sync.format import entity_specs


@pytest.mark.parametrize(("value", "words"), [
    ("1e308", "at most 10000000"),
    (1e308, "at most 10000000"),
    (float("inf"), "is not a number"),
    ("Infinity", "is not a number"),
    ("NaN", "is not a number"),
    ("1" * 40, "at most 10000000"),
    ("0." + "1" * 40, "more than 3 decimal places"),
    ("1E+17", "at most 10000000"),
    ("-5", "greater than zero"),
    ("0", "greater than zero"),
])
def test_quantity_refusals(value: object, words: str) -> None:
    check = Checker()
    assert NEED.field(check, "quantity", value) is None
    assert len(check.errors) == 1 and check.errors[0].field == "quantity"
    assert words in check.errors[0].message


def test_quantity_within_limits_is_kept_exact() -> None:
    check = Checker()
    assert NEED.field(check, "quantity", "10000000") == Decimal("10000000")
    assert NEED.field(check, "quantity", "0.125") == Decimal("0.125")
    assert check.errors == []


@pytest.mark.parametrize("value", ["1" * 40, "1e308", "9" * 400])
def test_integers_never_crash(value: str) -> None:
    check = Checker()
    assert check.integer("students", value) is None
    assert check.errors and check.errors[0].field == "students"


def test_integer_default_ceiling_fits_a_postgres_integer() -> None:
    check = Checker()
    assert check.integer("students", str(2**31 - 1)) == 2**31 - 1
    assert check.integer("students", str(2**31)) is None
    assert "at most 2147483647" in check.errors[0].message


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "esc\x1b[0m", "del\x7f"])
def test_control_characters_refused(text: str) -> None:
    check = Checker()
    check.text("notes", text, max_len=100)
    assert check.errors and "control character" in check.errors[0].message


def test_tabs_and_line_breaks_allowed() -> None:
    check = Checker()
    assert check.text("notes", "line one\nline two\tand a tab", max_len=100)
    assert check.errors == []


def test_moment_needs_a_zone() -> None:
    check = Checker()
    assert check.moment("confirmed_at", "2026-01-05T10:00:00+01:00") == datetime(
        2026, 1, 5, 9, 0, tzinfo=UTC)
    assert check.moment("confirmed_at", "2026-01-05T10:00:00") is None
    assert check.moment("confirmed_at", "yesterday") is None
    assert [e.message.split("'")[-1].strip() for e in check.errors] == [
        "has no time zone", "is not a date and time (ISO 8601)"]


def test_exact_mode_wants_stored_spelling() -> None:
    lenient, exact = Checker(), Checker(exact=True)
    assert NEED.field(lenient, "status", "Draft") == "draft" and lenient.errors == []
    NEED.field(exact, "status", "Draft")
    NEED.field(exact, "funding_sources", "local,erate")
    assert [e.field for e in exact.errors] == ["status", "funding_sources"]


def test_confirmed_line_names_who_and_when() -> None:
    check = Checker()
    NEED.check_across(check, {"status": "confirmed", "confirmed_by": "", "confirmed_at": None})
    assert {e.field for e in check.errors} == {"confirmed_by", "confirmed_at"}


def test_matrix_of_the_wrong_shape_is_an_error_not_a_crash() -> None:
    assert check_matrix([1, 2, 3])[0].message == "must be a list of bands"
    assert check_matrix([{"min_pct": "0"}])


def test_every_synced_table_has_rules_for_its_fields() -> None:
    """A new synced table or column gets its rule here, or its bundle values go unchecked."""
    for name, spec in entity_specs().items():
        rules = BY_TABLE[name]
        unchecked = {f for f in spec.fields if not f.endswith(("_uid", "_id"))
                     and f not in ("uid", "owner", "deleted")} - set(rules.fields)
        assert not unchecked, (name, unchecked)


# --- the services use the same rules --------------------------------------------------------

def refused(store: Store, call, field: str, words: str) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        call(session)
    assert words in caught.value.by_field().get(field, ""), caught.value.by_field()


@pytest.mark.parametrize(("raw", "field", "words"), [
    ({"quantity": "1e20"}, "quantity", "at most 10000000"),
    ({"quantity": "5", "unit_price": "1e308"}, "unit_price", "at most 1000000000"),
    ({"quantity": "5", "funding_year": "1" * 40}, "funding_year", "too large"),
    ({"quantity": "5", "notes": "a\x00b"}, "notes", "control character"),
    ({"quantity": "5", "current_vendor": "x" * 161}, "current_vendor", "longer than 160"),
])
def test_need_service(region3_store: Store, raw: dict, field: str, words: str) -> None:
    refused(region3_store, lambda s: create_need(
        s, {"member": "920", "item": "CB-STU-116", **raw}), field, words)


def test_member_and_school_services(region3_store: Store) -> None:
    refused(region3_store, lambda s: create_member(s, {
        "code": "92Q", "name": "Nul\x00", "kind": "charter", "region": 3}), "name",
        "control character")
    refused(region3_store, lambda s: edit_member(s, "920", {"students": "1e308"}),
            "students", "too large")
    refused(region3_store, lambda s: edit_member(s, "920", {"cep_isp": "250"}),
            "cep_isp", "at most 100")
    refused(region3_store, lambda s: add_school(s, "920", {
        "code": "920999", "name": "X", "students": str(2**40)}), "students", "at most")
    refused(region3_store, lambda s: add_school(s, "920", {
        "code": "920999", "name": "X", "students": "10", "cep_isp": "101"}), "cep_isp",
        "at most 100")
    refused(region3_store, lambda s: add_contact(s, "920", {
        "name": "Pat", "email": "pat at example"}), "email", "not an e-mail")


def test_letter_service(region3_store: Store) -> None:
    refused(region3_store, lambda s: add_letter(s, "920", {"first_funding_year": "99999"}),
            "first_funding_year", "at most 2100")
    refused(region3_store, lambda s: add_letter(s, "920", {"services": "bell\x07"}),
            "services", "control character")


def test_catalog_service(state_store: Store) -> None:
    base = {"code": "X-1", "name": "Thing", "category": "CHROMEBOOK", "unit": "each",
            "erate_category": "C2"}
    refused(state_store, lambda s: create_item(s, {**base, "reference_price": "1e308"}),
            "reference_price", "at most")
    refused(state_store, lambda s: create_item(s, {**base, "code": "x y",
                                                   "reference_price": "1"}),
            "code", "is not a catalog code")
    refused(state_store, lambda s: create_item(s, {**base, "erate_category": "C9",
                                                   "reference_price": "1"}),
            "erate_category", "is not one of")


def test_rules_across_fields_name_their_fields() -> None:
    for rules in BY_TABLE.values():
        assert set(rules.across_fields) <= set(rules.fields), rules.noun
        assert bool(rules.across_fields) == (rules.across is not None), rules.noun
