"""`consortium bundle inspect` as a coordinator reads it: of one's own bundle, in aligned
tables, with reference data both sides loaded at init reported as unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_helpers import Factory, exchange_keys

from app.errors import UserError
from app.launcher import main
from app.models import CatalogItem
from app.models.db import Store
from app.services.settings import update_settings
from app.sync.export import export_bundle
from app.sync.service import import_bundle, inspect_bundle


def inspect(capsys: pytest.CaptureFixture[str], store: Store, bundle: Path,
            *extra: str) -> tuple[int, str, str]:
    assert store.data_dir is not None
    code = main(["--data-dir", str(store.data_dir), "bundle", "inspect", str(bundle), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_instance_inspects_the_bundle_it_exported(
        make_store: Factory, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state, region = make_store("state"), make_store("region", 3)
    exchange_keys(state, region)
    bundle = export_bundle(state, tmp_path / "s.zip", to="region:3").path
    code, out, err = inspect(capsys, state, bundle, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["source"]["role"] == "state" and "plan" not in data  # not meant for us
    # Importing it here is still refused, saying why: it is for region 3.
    assert main(["--data-dir", str(state.data_dir), "bundle", "import", str(bundle)]) == 2
    assert "this bundle is meant for region:3" in capsys.readouterr().err
    with pytest.raises(UserError, match="this bundle is meant for state"):
        import_bundle(region, export_bundle(region, tmp_path / "r.zip").path)


def test_a_stranger_bundle_is_still_refused(make_store: Factory, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    state, region = make_store("state"), make_store("region", 3)
    bundle = export_bundle(state, tmp_path / "s.zip", to="region:3").path
    code, _, err = inspect(capsys, region, bundle)
    assert code == 2 and "does not trust" in err


def _table(out: str, header: str) -> list[str]:
    """The lines of the table whose header starts with `header`, up to the next blank or
    unindented non-table line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rule = lines[start + 1]
    assert set(rule.replace(" ", "")) == {"-"}, rule
    body = []
    for line in lines[start + 2:]:
        if not line or ":" in line:
            break
        body.append(line)
    return [lines[start], rule, *body]


def test_tables_fit_the_longest_entity_name(make_store: Factory, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    state, region = make_store("state"), make_store("region", 3)
    exchange_keys(state, region)
    with state.transaction() as session:  # "consortium profile": longer than 14 characters
        update_settings(session, consortium_name="Carolina Schools Technology Cooperative")
    bundle = export_bundle(state, tmp_path / "s.zip", to="region:3").path
    code, out, err = inspect(capsys, region, bundle)
    assert code == 0, err
    assert "consortium profile1" not in out
    records = _table(out, "entity         ")
    plan = _table(out[out.index("Against this store"):], "entity ")
    for table in (records, plan):
        widths = [len(cell) for cell in table[1].split("  ")]
        for line in table[2:]:
            name = line[:widths[0]].rstrip()
            assert re.fullmatch(r"[a-z ]+", name), line
            assert line[widths[0]:widths[0] + 2] == "  ", line  # a gap after the widest name
            numbers = line[widths[0]:].split()
            assert all(n.isdigit() for n in numbers), line
            # Right-aligned: every number ends where its column ends.
            assert len(line) == sum(widths) + 2 * (len(widths) - 1), line
    assert any(line.startswith("consortium profile  ") for line in records)


def test_reference_data_loaded_on_both_sides_is_unchanged(make_store: Factory,
                                                          tmp_path: Path) -> None:
    state, region = make_store("state"), make_store("region", 3)
    exchange_keys(state, region)
    to_region = export_bundle(state, tmp_path / "s.zip", to="region:3").path
    plan = inspect_bundle(region, to_region).result
    assert plan is not None
    for entity in ("categories", "funding_years", "regions", "catalog_items"):
        counts = plan.counts[entity]
        assert counts["updated"] == 0 and counts["unchanged"] > 0, (entity, counts)
    to_state = export_bundle(region, tmp_path / "r.zip").path
    counts = inspect_bundle(state, to_state).result.counts["members"]  # type: ignore[union-attr]
    assert counts["updated"] == 0 and counts["unchanged"] == 74  # 14 LEAs, 60 charters
    # Importing still takes the owner's uids, so the next changes match by uid.
    result = import_bundle(region, to_region)
    assert result.totals()["updated"] == 0
    with state.session() as s1, region.session() as s2:
        assert set(s1.scalars(select(CatalogItem.uid))) == set(s2.scalars(select(CatalogItem.uid)))


def test_a_changed_reference_record_is_still_updated(make_store: Factory,
                                                     tmp_path: Path) -> None:
    state, region = make_store("state"), make_store("region", 3)
    exchange_keys(state, region)
    with state.transaction() as session:
        item = session.scalars(select(CatalogItem).order_by(CatalogItem.code)).first()
        assert item is not None
        item.name = item.name + " (revised)"
    plan = inspect_bundle(region, export_bundle(state, tmp_path / "s.zip",
                                                to="region:3").path).result
    assert plan is not None and plan.counts["catalog_items"]["updated"] == 1
