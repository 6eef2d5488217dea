"""The consortium's name: state-owned data that heads every PDF and reaches the regions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_helpers import Factory, exchange_keys

from app.errors import ValidationError
from app.models.db import Store
from app.services.reports_data import confirmation_sheet
from app.services.settings import (
    DEFAULT_CONSORTIUM_NAME,
    consortium_name,
    get_settings,
    update_settings,
)
from app.sync.export import export_bundle
from app.sync.service import import_bundle

NAME = "Carolina Schools Technology Cooperative"


def test_default_until_the_state_names_it(state_store: Store) -> None:
    with state_store.transaction() as session:
        assert consortium_name(session) == DEFAULT_CONSORTIUM_NAME
        update_settings(session, consortium_name=f"  {NAME} ")
    with state_store.transaction() as session:
        assert consortium_name(session) == NAME
        update_settings(session, consortium_name=NAME + " of NC")  # an edit, not a second row
    with state_store.session() as session:
        assert get_settings(session).consortium_name == NAME + " of NC"


def test_bad_names_change_nothing(state_store: Store) -> None:
    for bad in ("", "ab", "x" * 201):
        with pytest.raises(ValidationError, match="consortium_name"), \
                state_store.transaction() as session:
            update_settings(session, operator="Someone Else", consortium_name=bad)
    with state_store.session() as session:
        current = get_settings(session)
    assert current.consortium_name == DEFAULT_CONSORTIUM_NAME
    assert current.operator != "Someone Else"  # the whole change was refused


def test_region_receives_it_and_prints_it(make_store: Factory, state_store: Store,
                                          tmp_path: Path) -> None:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with region.transaction() as session, \
            pytest.raises(ValidationError, match="kept by the state coordinator"):
        update_settings(session, consortium_name=NAME)
    with state_store.transaction() as session:
        update_settings(session, consortium_name=NAME)
    result = import_bundle(region, export_bundle(state_store, tmp_path / "s.zip",
                                                 to="region:3").path)
    assert result.counts["consortium_profile"]["new"] == 1
    with region.session() as session:
        assert consortium_name(session) == NAME
        assert confirmation_sheet(session, "920").consortium_name == NAME
