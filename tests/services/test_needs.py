from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import UserError, ValidationError
from app.models.db import Store
from app.services.needs import create_need, edit_need, list_needs, set_status


def _new(store: Store, **raw: object) -> str:
    with store.transaction() as session:
        return create_need(session, {"member": "920", **raw}).uid


def test_catalog_fills_unit_price_and_description(region3_store: Store) -> None:
    uid = _new(region3_store, item="cb-stu-116", quantity="30")
    [row] = [r for r in list_needs_for(region3_store) if r.uid == uid]
    assert row.item_code == "CB-STU-116" and row.unit == "each"
    assert row.unit_price == Decimal("285.00") and row.description.startswith("Student")
    assert row.funding_year == 2026 and row.status == "draft"


def list_needs_for(store: Store) -> list:
    with store.session() as session:
        return list_needs(session, member_code="920")


@pytest.mark.parametrize("raw,field", [
    ({"item": "NOPE", "quantity": "1"}, "item"),
    ({"item": "CB-STU-116", "quantity": "0"}, "quantity"),
    ({"item": "CB-STU-116", "quantity": "abc"}, "quantity"),
    ({"item": "CB-STU-116", "quantity": "1.23456"}, "quantity"),
    ({"item": "CB-STU-116", "quantity": "1", "unit_price": "-3"}, "unit_price"),
    ({"item": "CB-STU-116", "quantity": "1", "funding_year": "1999"}, "funding_year"),
    ({"item": "CB-STU-116", "quantity": "1", "funding_sources": "erate, lottery"},
     "funding_sources"),
    ({"item": "CB-STU-116", "quantity": "1", "needed_by": "next week"}, "needed_by"),
    ({"quantity": "1"}, "description"),
    ({"item": "CB-STU-116", "quantity": "1", "colour": "red"}, "colour"),
])
def test_bad_values_name_the_field_and_write_nothing(region3_store: Store, raw: dict,
                                                     field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _new(region3_store, **raw)
    assert field in caught.value.by_field()
    assert list_needs_for(region3_store) == []


def test_region_cannot_write_another_regions_member(region3_store: Store) -> None:
    from app.services.members import create_member

    with region3_store.transaction() as session:
        session.info["owner"] = "region:3"
        with pytest.raises(ValidationError, match="Region 3"):
            create_member(session, {"code": "530", "name": "Lee County Schools", "kind": "lea",
                                    "region": 4})


def test_funding_sources_are_canonical(region3_store: Store) -> None:
    uid = _new(region3_store, item="AP-WIFI6-IN", quantity="10",
               funding_sources="Local; E-rate")
    [row] = [r for r in list_needs_for(region3_store) if r.uid == uid]
    assert row.funding_sources == ("erate", "local")


def test_confirm_withdraw_and_reopen(region3_store: Store) -> None:
    uid = _new(region3_store, item="CB-STU-116", quantity="30")
    with region3_store.transaction() as session:
        row = set_status(session, uid, "confirmed", by="Dr. Member")
    assert row.status == "confirmed" and row.confirmed_by == "Dr. Member"
    assert row.confirmed_at is not None
    with region3_store.transaction() as session:
        row = set_status(session, uid, "withdrawn")
    with region3_store.transaction() as session, pytest.raises(UserError, match="reopen"):
        edit_need(session, uid, {"quantity": "5"})
    with region3_store.transaction() as session:
        row = set_status(session, uid, "draft")
        row = edit_need(session, uid, {"quantity": "5"})
    assert row.status == "draft" and row.quantity == 5


def test_editing_signed_figures_sends_line_back_to_draft(region3_store: Store) -> None:
    uid = _new(region3_store, item="CB-STU-116", quantity="30")
    with region3_store.transaction() as session:
        set_status(session, uid, "confirmed")
        row = edit_need(session, uid, {"notes": "deliver to central office"})
        assert row.status == "confirmed"  # a note is not part of what was signed
        row = edit_need(session, uid, {"quantity": "31"})
    assert row.status == "draft" and row.confirmed_by == ""


def test_member_cannot_be_changed_on_edit(region3_store: Store) -> None:
    uid = _new(region3_store, item="CB-STU-116", quantity="30")
    with region3_store.transaction() as session, pytest.raises(ValidationError):
        edit_need(session, uid, {"member": "930"})


def test_blank_funding_year_on_edit_is_refused_not_reset(region3_store: Store) -> None:
    uid = _new(region3_store, item="CB-STU-116", quantity="3", funding_year="2025")
    with region3_store.transaction() as session, pytest.raises(ValidationError,
                                                               match="funding_year"):
        edit_need(session, uid, {"funding_year": ""})
