"""The vendor registry: the state adds, edits, imports and removes vendors (tombstones) with
every field checked; a region is refused; compliance lists with their dates decide each
vendor's PASS / FAIL / NOT CHECKED lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.errors import NotFoundError, UserError, ValidationError
from app.models import Procurement, Vendor
from app.models.db import Store
from app.services.compliance import (
    add_entry,
    compliance_for,
    import_list,
    list_lists,
    record_sam_check,
    remove_entry,
)
from app.services.vendors import (
    add_vendor,
    edit_vendor,
    get_vendor,
    import_vendors,
    list_vendors,
    remove_vendor,
)

ACME = {"name": "Acme Devices, Inc.", "dba": "Acme", "spin_498": "143012345",
        "e_verify_affidavit": "yes", "e_verify_on": "2026-01-05", "form_473_years": "2026 2027",
        "w9_on_file": "yes", "contact_email": "bids@acme.example"}


def test_add_edit_remove_and_find(state_store: Store) -> None:
    with state_store.transaction() as session:
        row = add_vendor(session, ACME)
    assert (row.form_473_years, row.e_verify_on) == ("2026,2027", date(2026, 1, 5))
    with state_store.transaction() as session:
        assert get_vendor(session, row.short_id).uid == row.uid
        assert get_vendor(session, "ACME DEVICES LLC").uid == row.uid  # same company
        edited = edit_vendor(session, row.short_id, {"nc_vendor_number": "56-1234567"})
        assert edited.version == 2
    with state_store.transaction() as session:
        remove_vendor(session, row.short_id)
    with state_store.session() as session:
        assert list_vendors(session) == []
        assert session.scalar(select(Vendor.deleted).where(Vendor.uid == row.uid)) is True
        with pytest.raises(NotFoundError):
            get_vendor(session, row.short_id)


def test_bad_values_are_refused_by_field_and_nothing_is_stored(state_store: Store) -> None:
    with state_store.transaction() as session:
        add_vendor(session, ACME)
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        add_vendor(session, {"name": "ACME DEVICES LLC", "spin_498": "14301", "contact_email":
                             "no-at-sign", "form_473_years": "next year", "colour": "red"})
    fields = caught.value.by_field()
    assert set(fields) == {"name", "spin_498", "contact_email", "form_473_years", "colour"}
    assert "same company as the registered 'Acme Devices, Inc.'" in fields["name"]
    assert "9 digits" in fields["spin_498"]
    with state_store.session() as session:
        assert len(list_vendors(session)) == 1


def test_a_region_cannot_write_the_registry(region3_store: Store) -> None:
    with pytest.raises(UserError, match="state coordinator"), \
            region3_store.transaction() as session:
        add_vendor(session, ACME)


def test_import_adds_updates_and_refuses_bad_rows(state_store: Store, tmp_path: Path) -> None:
    file = tmp_path / "vendors.csv"
    file.write_text("Legal name,DBA,SPIN,E-Verify,W9\nAcme Devices Inc,Acme,143012345,yes,yes\n"
                    "Bolt Networks LLC,,143099999,no,yes\n", encoding="utf-8")
    with state_store.transaction() as session:
        report = import_vendors(session, file)
    assert (report.added, report.updated) == (2, 0)
    file.write_text("Legal name,SPIN\nAcme Devices Inc,143000000\nBolt Networks,12\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        import_vendors(session, file)
    assert "row 3" in str(caught.value) and "spin_498" in str(caught.value)
    with state_store.session() as session:
        assert get_vendor(session, "Acme Devices").spin_498 == "143012345"  # nothing changed


def test_compliance_lines_follow_the_lists_and_their_dates(state_store: Store,
                                                           tmp_path: Path) -> None:
    with state_store.transaction() as session:
        add_vendor(session, ACME)
        add_vendor(session, {**ACME, "name": "Petro Example Corporation", "dba": ""})
    with state_store.session() as session:
        lines = {line.code: line for line in compliance_for(session, "Acme Devices")}
        # The Covered List ships; the Treasurer's lists were never loaded.
        assert lines["iran_divestment"].status == "NOT CHECKED"
        kinds = {row.kind: row for row in list_lists(session)}
        assert kinds["covered_list"].entries > 5 and kinds["iran_divestment"].entries == 0
    names = tmp_path / "iran.csv"
    names.write_text("Company\nPetro Example Corp.\nAnother Listed Co\n", encoding="utf-8")
    with state_store.transaction() as session:
        report = import_list(session, "iran_divestment", names, date(2026, 4, 15),
                             "NC Treasurer, April 2026")
        assert (report.added, report.removed) == (2, 0)
    with state_store.session() as session:
        listed = {line.code: line for line in compliance_for(session, "Petro Example")}
        clean = {line.code: line for line in compliance_for(session, "Acme Devices")}
    assert listed["iran_divestment"].status == "FAIL"
    assert "dated 2026-04-15" in listed["iran_divestment"].reason
    assert clean["iran_divestment"].status == "PASS"
    names.write_text("Company\nAnother Listed Co\n", encoding="utf-8")
    with state_store.transaction() as session:
        report = import_list(session, "iran_divestment", names, date(2026, 10, 1))
        assert (report.added, report.removed, report.kept) == (0, 1, 1)
        assert {line.code: line for line in compliance_for(session, "Petro Example")}[
            "iran_divestment"].status == "PASS"


def test_covered_list_is_edited_by_entry(state_store: Store) -> None:
    with state_store.transaction() as session:
        add_entry(session, "covered_list", "Example Cameras Ltd", "Dahua Technology Company")
        with pytest.raises(ValidationError, match="already on"):
            add_entry(session, "covered_list", "EXAMPLE CAMERAS LLC")
        remove_entry(session, "covered_list", "example cameras")
        with pytest.raises(NotFoundError):
            remove_entry(session, "covered_list", "Example Cameras")


def test_federal_procurement_records_the_sam_check(state_store: Store) -> None:
    with state_store.transaction() as session:
        add_vendor(session, ACME)
        procurement = Procurement(ref="2026-HOT", title="Hotspots", funding_year=2026,
                                  funding_sources="federal", owner="state")
        session.add(procurement)
    with state_store.session() as session:
        lines = {x.code: x for x in compliance_for(session, "Acme Devices", procurement.ref)}
    assert lines["sam"].status == "NOT CHECKED"
    with state_store.transaction() as session:
        with pytest.raises(ValidationError):
            record_sam_check(session, procurement.ref, "Acme Devices", {"result": "maybe"})
        record_sam_check(session, procurement.ref, "Acme Devices", {
            "checked_by": "Ann Lee", "checked_on": "2026-05-02", "result": "clear",
            "reference": "SAM search 2026-05-02"})
    with state_store.session() as session:
        lines = {x.code: x for x in compliance_for(session, "Acme Devices", procurement.ref)}
    assert lines["sam"].status == "PASS" and "Ann Lee" in lines["sam"].reason
