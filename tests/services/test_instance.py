from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import UserError, ValidationError
from app.models import CatalogItem, FundingYear, Member
from app.models.db import Store
from app.services.instance import init_instance, instance_info


def test_region_init_loads_only_its_leas(region3_store: Store) -> None:
    with region3_store.session() as session:
        members = {m.code: m for m in session.scalars(select(Member))}
    assert "920" in members  # Wake
    assert members["920"].name == "Wake County Public School System" or "Wake" in \
        members["920"].name
    assert "530" not in members  # Lee is statutory Region 4
    assert {m.region for m in members.values()} == {3}


def test_state_init_loads_all_reference_data(state_store: Store) -> None:
    info = instance_info(state_store)
    assert info.role == "state"
    assert info.counts["members"] == 334 and info.counts["schools"] == 2701
    assert info.counts["catalog_items"] >= 40
    with state_store.session() as session:
        years = {fy.year: fy for fy in session.scalars(select(FundingYear))}
        item = session.scalars(select(CatalogItem)).first()
    assert set(years) >= {2025, 2026}
    assert str(years[2025].c2_multiplier) == "167.00"
    assert years[2026].federal_micro_purchase_threshold == 15000
    assert item is not None and item.uid and item.version == 1 and item.content_hash


def test_init_twice_is_refused_unless_forced(region3_store: Store) -> None:
    first = region3_store.identity()
    members_before = instance_info(region3_store).counts["members"]
    with pytest.raises(UserError, match="already initialised"):
        init_instance(region3_store, "region", 3, "Someone")
    init_instance(region3_store, "region", 3, "Someone", force=True)
    second = region3_store.identity()
    assert first is not None and second is not None and first.uid != second.uid
    assert instance_info(region3_store).counts["members"] == members_before


@pytest.mark.parametrize("role,region,operator,field", [
    ("region", None, "x", "region"),
    ("region", 9, "x", "region"),
    ("state", 2, "x", "region"),
    ("county", None, "x", "role"),
    ("state", None, "  ", "operator"),
])
def test_init_validation(empty_store: Store, role: str, region: int | None, operator: str,
                         field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        init_instance(empty_store, role, region, operator)
    assert field in caught.value.by_field()
    assert empty_store.identity() is None


def test_info_has_fingerprint(region3_store: Store) -> None:
    info = instance_info(region3_store)
    assert len(info.fingerprint) == 19 and info.fingerprint.count("-") == 3
    assert info.title.startswith("Region 3")


def test_dpi_grouping_moves_lee_to_region_3(empty_store: Store) -> None:
    init_instance(empty_store, "region", 3, "A", grouping="dpi")
    with empty_store.session() as session:
        codes = set(session.scalars(select(Member.code)))
    assert "530" in codes  # Lee: statutory Region 4, DPI Region 3


def test_funding_year_edits(state_store: Store) -> None:
    from app.services.funding_years import edit_funding_year, list_funding_years

    with state_store.transaction() as session:
        edit_funding_year(session, 2026, {"c2_floor": "31000.00",
                                          "form471_window_closes": "2026-04-03"})
    with state_store.session() as session:
        [fy] = [y for y in list_funding_years(session) if y.year == 2026]
    assert str(fy.values["c2_floor"]) == "31000.00"
    with pytest.raises(ValidationError) as caught, state_store.transaction() as session:
        edit_funding_year(session, 2026, {"nc_formal_bid_threshold": "10000",
                                          "discount_matrix": [{"min_pct": 0}], "bogus": 1})
    assert set(caught.value.by_field()) == {"nc_formal_bid_threshold", "discount_matrix",
                                            "bogus"}


def test_region_cannot_edit_funding_years(region3_store: Store) -> None:
    from app.services.funding_years import edit_funding_year

    with pytest.raises(UserError, match="state"), region3_store.transaction() as session:
        edit_funding_year(session, 2026, {"c2_floor": "1"})
