"""The OCDS export of the statewide demo procurement at every stage validates against the
official OCDS 1.1.5 release package schema with zero errors, and its open codelists use
only the codes of the standard's CSVs (issue #17, done-when)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from demo_samples import statewide

from app.errors import UserError, ValidationError
from app.models.db import Store
from app.models.migrate import upgrade
from app.services.demo_award import demo_award
from app.services.demo_bids import demo_bids
from app.services.erate import find_procurement
from app.services.instance import init_instance
from app.services.ocds import release_package
from app.services.ocds_validate import codelist, codelist_problems, schema_errors
from app.services.packet_issue import record_issue
from app.services.settings import get_settings, update_settings


def test_the_codelists_are_read_from_the_shipped_csvs() -> None:
    assert "biddingDocuments" in codelist("documentType") and "buyer" in codelist("partyRole")


def _dates(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and ("date" in key.lower() or key == "publishedDate"):
                yield item
            else:
                yield from _dates(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dates(item)


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """The package as exported at each moment: after planning, after the packet's issue
    with the bids received (sealed), and after the opening, award and contracts."""
    root = tmp_path_factory.mktemp("ocds")
    store, ref = statewide(root)
    out: dict[str, dict[str, Any]] = {}
    with store.session() as session:
        out["planning"] = release_package(session, ref)
    with store.transaction() as session:
        record_issue(session, ref, b"%PDF issued")
        demo_bids(session, ref, root / "returned")
    with store.session() as session:
        out["sealed"] = release_package(session, ref)
    with store.transaction() as session:
        demo_award(session, ref)
    with store.session() as session:
        out["all"] = release_package(session, ref)
        for stage in ("planning", "tender", "award", "contract"):
            out[stage + " only"] = release_package(session, ref, stage=stage)
        # The same world had it been informal bids, not yet awarded: never committed.
        procurement = find_procurement(session, ref)
        procurement.method, procurement.status = "informal", "evaluating"
        out["informal"] = release_package(session, ref, stage="tender")
        session.rollback()
    out["ref"] = {"ref": ref}
    out["store"] = {"store": store}
    yield out
    store.dispose()


@pytest.mark.parametrize("moment", ["planning", "sealed", "all", "informal", "planning only",
                                    "tender only", "award only", "contract only"])
def test_every_stage_validates_with_zero_errors_and_open_codelists_hold(
        stages: dict[str, dict[str, Any]], moment: str) -> None:
    package = stages[moment]
    assert schema_errors(package) == []
    assert codelist_problems(package) == []
    # jsonschema checks "date-time" only with an optional package: every date is read here,
    # and each has its zone.
    assert all(datetime.fromisoformat(value).tzinfo is not None
               for value in _dates(package)), moment


def test_one_release_per_stage_reached_with_its_tag(stages: dict[str, dict[str, Any]]
                                                    ) -> None:
    ref = stages["ref"]["ref"]
    assert [r["tag"] for r in stages["planning"]["releases"]] == [["planning"]]
    assert [r["tag"] for r in stages["sealed"]["releases"]] == [["planning"], ["tender"]]
    releases = stages["all"]["releases"]
    assert [r["tag"] for r in releases] == [["planning"], ["tender"], ["award"], ["contract"]]
    assert {r["ocid"] for r in releases} == {f"ocds-xxxxxx-nc-k12-{ref}"}
    assert len({r["id"] for r in releases}) == 4


def test_planning_is_the_aggregated_demand(stages: dict[str, dict[str, Any]]) -> None:
    release = stages["planning"]["releases"][0]
    assert release["planning"]["budget"]["amount"]["currency"] == "USD"
    assert release["planning"]["budget"]["amount"]["amount"] > 0
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]
    items = release["tender"]["items"]
    assert items and all(i["quantity"] > 0 and i["unit"]["name"] for i in items)
    assert items[0]["id"] == "1.1" and release["tender"]["status"] == "planning"


def test_the_tender_says_nothing_of_the_bidders_until_the_opening(
        stages: dict[str, dict[str, Any]]) -> None:
    sealed = stages["sealed"]["releases"][1]["tender"]
    assert "numberOfTenderers" not in sealed and "tenderers" not in sealed
    assert sealed["documents"][0]["documentType"] == "biddingDocuments"
    assert sealed["documents"][0]["description"].startswith("SHA-256 ")
    informal = stages["informal"]["releases"][0]["tender"]  # public only at the award
    assert "tenderers" not in informal and informal["status"] == "active"
    opened = stages["all"]["releases"][1]["tender"]
    assert opened["numberOfTenderers"] == len(opened["tenderers"]) >= 2
    assert opened["procurementMethod"] in {"open", "limited"} and opened["status"] == "complete"
    assert opened["tenderPeriod"]["endDate"] == "2026-01-14T23:59:59-05:00"


def test_awards_name_their_suppliers_and_contracts_their_awards(
        stages: dict[str, dict[str, Any]]) -> None:
    award, contract = stages["all"]["releases"][2:]
    parties = {p["id"]: p for p in award["parties"]}
    lots = {a["title"].split(" to ")[0] for a in award["awards"]}
    assert lots == {f"Lot {n}" for n in range(1, 8)}
    for a in award["awards"]:
        assert a["status"] == "active" and a["value"]["amount"] > 0 and a["items"]
        assert "supplier" in parties[a["suppliers"][0]["id"]]["roles"]
    award_ids = {a["id"] for a in award["awards"]}
    assert contract["contracts"] and all(c["awardID"] in award_ids
                                         for c in contract["contracts"])
    assert all(c["dateSigned"].endswith("-05:00") for c in contract["contracts"])


def test_a_wrong_code_or_field_is_reported(stages: dict[str, dict[str, Any]]) -> None:
    package = json.loads(json.dumps(stages["all"]))
    package["releases"][0]["parties"][0]["roles"].append("purchaser")
    package["releases"][1]["tender"]["procurementMethod"] = "sealed"
    assert codelist_problems(package) == [
        "releases/0/parties: role 'purchaser' is not in partyRole.csv"]
    assert any(e.startswith("releases/1/tender/procurementMethod")
               for e in schema_errors(package))


def test_a_stage_not_reached_is_refused_and_a_bad_stage_named(tmp_path: Path) -> None:
    store, ref = statewide(tmp_path)
    with store.session() as session:
        with pytest.raises(UserError, match="not reached the tender stage"):
            release_package(session, ref, stage="tender")
        with pytest.raises(UserError, match="'bidding' is not one of"):
            release_package(session, ref, stage="bidding")
    store.dispose()


def test_the_ocid_prefix_is_a_checked_setting_of_the_state(tmp_path: Path) -> None:
    store, ref = statewide(tmp_path)
    with store.transaction() as session:
        with pytest.raises(ValidationError, match="ocid_prefix"):
            update_settings(session, ocid_prefix="nc-k12")
    with store.transaction() as session:
        assert not get_settings(session).ocid_prefix_set
        update_settings(session, ocid_prefix=" ocds-a1b2c3-nck12 ")
    with store.session() as session:
        assert get_settings(session).ocid_prefix == "ocds-a1b2c3-nck12"
        assert release_package(session, ref)["releases"][0]["ocid"] == \
            f"ocds-a1b2c3-nck12-{ref}"
    store.dispose()


def test_only_the_state_publishes(tmp_path: Path) -> None:
    store = Store.for_data_dir(tmp_path / "region")
    upgrade(store)
    init_instance(store, "region", 3, "Rita Region")
    with store.session() as session:
        with pytest.raises(UserError, match="OCDS"):
            release_package(session, "P2026-001")
    store.dispose()
