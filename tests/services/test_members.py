from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import NotFoundError, UserError, ValidationError
from app.models import AuditEntry
from app.models.db import Store
from app.services.catalog import create_item, edit_item, list_items
from app.services.members import create_member, edit_member, get_member, list_members
from app.services.schools import (
    add_contact,
    add_school,
    edit_school,
    list_contacts,
    list_schools,
    remove_school,
)


def test_create_charter_and_edit_counts(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        create_member(session, {"code": "92z", "name": "Sterling Montessori Academy",
                                "kind": "charter", "county": "Wake", "region": "3"})
        row = edit_member(session, "92Z", {"students": "850", "nslp_eligible": "170"})
    assert row.code == "92Z" and row.students == 850 and row.nslp_eligible == 170
    with region3_store.session() as session:
        assert "92Z" in {m.code for m in list_members(session, region=3)}


@pytest.mark.parametrize("raw,field", [
    ({"code": "ABC", "name": "x", "kind": "charter", "region": 3}, "code"),
    ({"code": "92Q", "name": "", "kind": "charter", "region": 3}, "name"),
    ({"code": "92Q", "name": "x", "kind": "private", "region": 3}, "kind"),
    ({"code": "92Q", "name": "x", "kind": "charter", "region": 9}, "region"),
    ({"code": "920", "name": "x", "kind": "lea", "region": 3}, "code"),
    ({"code": "92Q", "name": "x", "kind": "charter", "region": 3, "students": "10",
      "nslp_eligible": "11"}, "nslp_eligible"),
])
def test_member_validation(region3_store: Store, raw: dict, field: str) -> None:
    with region3_store.session() as session:
        audits = session.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(ValidationError) as caught, region3_store.transaction() as session:
        create_member(session, raw)
    assert field in caught.value.by_field()
    with region3_store.session() as session:
        assert session.scalar(select(func.count(AuditEntry.id))) == audits


def test_schools_and_contacts(region3_store: Store) -> None:
    with region3_store.transaction() as session:
        add_school(session, "920", {"code": "920Z29", "name": "Green Level High",
                                    "students": "2400", "nslp_eligible": "400",
                                    "rural": "no"})
        edit_school(session, "920Z29", {"nslp_eligible": "450"})
        add_contact(session, "920", {"name": "Keith Cooper", "title": "Chief Technology "
                                     "Officer", "email": "kcooper@wcpss.net"})
        with pytest.raises(ValidationError, match="e-mail"):
            add_contact(session, "920", {"name": "X", "email": "not-an-address"})
    with region3_store.session() as session:
        [school] = [s for s in list_schools(session, "920") if s.code == "920Z29"]
        [contact] = list_contacts(session, "920")
    assert school.nslp_eligible == 450 and not school.rural
    assert contact.name == "Keith Cooper"


def test_unknown_member_is_not_found(region3_store: Store) -> None:
    with region3_store.session() as session, pytest.raises(NotFoundError, match="999"):
        list_schools(session, "999")


def test_catalog_is_written_only_by_the_state(region3_store: Store, tmp_path) -> None:
    with region3_store.transaction() as session, pytest.raises(UserError, match="state"):
        edit_item(session, "CB-STU-116", {"reference_price": "1"})


def test_state_edits_catalog(state_store: Store) -> None:
    with state_store.transaction() as session:
        create_item(session, {"code": "VR-HEADSET", "name": "VR headset", "category":
                              "DEVICES", "unit": "each", "erate_category": "ineligible",
                              "reference_price": "399.00"})
        row = edit_item(session, "VR-HEADSET", {"reference_price": "379.99"})
        with pytest.raises(ValidationError) as caught:
            create_item(session, {"code": "VR-HEADSET", "name": "dup", "category": "NOPE",
                                  "unit": "each", "erate_category": "C3",
                                  "reference_price": "x"})
    assert set(caught.value.by_field()) == {"code", "category", "erate_category",
                                            "reference_price"}
    assert str(row.reference_price) == "379.99"
    with state_store.session() as session:
        assert "VR-HEADSET" in {i.code for i in list_items(session)}


def test_edit_refuses_code_and_region_changes_instead_of_dropping_them(
        region3_store: Store) -> None:
    with pytest.raises(ValidationError) as caught, region3_store.transaction() as session:
        edit_member(session, "920", {"code": "921", "region": 4, "notes": "Wake"})
    assert set(caught.value.by_field()) == {"code", "region"}
    with region3_store.transaction() as session:
        row = edit_member(session, "920", {"code": "920", "region": "3", "notes": "Wake"})
    assert row.notes == "Wake"


def test_a_members_counts_are_the_sum_of_its_schools(region3_store: Store) -> None:
    """The discount is computed from the schools: a member-level count that disagreed would
    print one number and use another."""
    with region3_store.session() as session:
        before = get_member(session, "920").students
    with pytest.raises(ValidationError) as caught, region3_store.transaction() as session:
        edit_member(session, "920", {"students": str(before + 500)})
    assert f"sum of the member's schools ({before})" in caught.value.by_field()["students"]
    with region3_store.transaction() as session:
        assert edit_member(session, "920", {"students": str(before)}).students == before
        add_school(session, "920", {"code": "920998", "name": "New Middle", "students": "500",
                                    "nslp_eligible": "100"})
        assert get_member(session, "920").students == before + 500
        edit_school(session, "920998", {"students": "600"})
        assert get_member(session, "920").students == before + 600
        remove_school(session, "920998")
        assert get_member(session, "920").students == before
