"""Issue #11 hole 4: values in a bundle signed by a genuinely trusted key pass the app's own
checker. A bad record is refused by itself — named by table, uid, field and reason, in the
preview and in the import — and nothing of it is written; a manifest value that cannot be
stored ends the import cleanly (never "internal error")."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bundle_tools import dump, edit_lines, rebuild
from sqlalchemy import text
from sync_helpers import Factory, exchange_keys, store_fingerprint

from app.errors import UserError
from app.models.db import Store
from app.services.members import create_member
from app.services.needs import create_need
from app.services.schools import add_school
from app.sync.export import export_bundle
from app.sync.keys import signing_key
from app.sync.service import import_bundle

NEEDS = "records/needs.jsonl"
MEMBERS = "records/members.jsonl"
SCHOOLS = "records/schools.jsonl"
FILES = {"needs": NEEDS, "members": MEMBERS, "schools": SCHOOLS}


@pytest.fixture
def setup(make_store: Factory, state_store: Store, tmp_path: Path
          ) -> tuple[Store, Path, str]:
    """Region 3's bundle to the state: three need lines, a new member and its new school."""
    region = make_store("region", 3)
    with region.transaction() as session:
        for quantity in ("10", "20", "30"):
            create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": quantity})
        create_member(session, {"code": "99Z", "name": "Test Charter", "kind": "charter",
                                "region": 3})
        add_school(session, "99Z", {"code": "99Z001", "name": "Test School",
                                    "students": 10})
    exchange_keys(region, state_store)
    good = export_bundle(region, tmp_path / "good.zip").path
    return state_store, good, signing_key(region, region.require_identity())


def first_need_with(setup: tuple, tmp_path: Path, **values: Any) -> tuple[Path, str]:  # noqa
    """The good bundle, its first need line changed and signed again by the region's key."""
    return first_row_with(setup, tmp_path, "needs", **values)


def first_row_with(setup: tuple, tmp_path: Path, table: str,  # noqa
                   **values: Any) -> tuple[Path, str]:
    _state, good, key = setup
    changed: dict[str, str] = {}

    def edit(rows: list[dict]) -> list[bytes]:
        target = next(r for r in rows if table != "members" or r["code"] == "99Z")
        target.update(values)
        changed["uid"] = target["uid"]
        return [dump(r) for r in rows]

    path = rebuild(good, tmp_path / "bad.zip",
                   lambda members, _m: edit_lines(members, FILES[table], edit), key)
    return path, changed["uid"]


def rows_with_uid(store: Store, table: str, uid: str) -> int:
    with store.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table} WHERE uid = :u"),
                                  {"u": uid}).scalar_one()


def assert_record_refused(store: Store, path: Path, table: str, uid: str, field: str,
                          words: str, held_before: int = 0) -> None:
    """Refused in the preview (which writes nothing) and in the import (which writes the
    bundle's other records, never this one); named by table, uid, field and reason."""
    before = store_fingerprint(store)
    preview = import_bundle(store, path, dry_run=True)
    assert store_fingerprint(store) == before
    for result in (preview, import_bundle(store, path)):
        refusal = next((r for r in result.refused if r.uid == uid), None)
        assert refusal is not None, result.refused
        assert refusal.entity == table and refusal.field == field, refusal
        assert words in refusal.reason and f"'{field}'" in refusal.reason, refusal.reason
        assert refusal.as_json()["field"] == field
    assert rows_with_uid(store, table, uid) == held_before


@pytest.mark.parametrize(("field", "value", "words"), [
    ("quantity", "-5", "greater than zero"),
    ("quantity", "0", "greater than zero"),
    ("quantity", "1E+308", "at most 10000000"),
    ("quantity", "100000000000000000", "at most 10000000"),  # 1e17
    ("quantity", "9" * 40, "at most 10000000"),
    ("quantity", "1." + "1" * 40, "more than 3 decimal places"),  # not rounded
    ("unit_price", "-1000", "at least 0"),
    ("unit_price", "1E+308", "at most"),
    ("funding_year", 99999, "at most 2100"),
    ("status", "bogus", "is not one of draft, confirmed, withdrawn"),
    ("funding_sources", "bitcoin", "'bitcoin' is not one of"),
    ("description", "", "is required"),
    ("description", "   ", "is required"),
    ("notes", "before\u0000after", "control character (U+0000)"),
    ("current_vendor", "Acme\u0000", "control character"),
    ("confirmed_at", "2026-01-05T10:00:00", "has no time zone"),
    ("updated_at", "2026-01-05T10:00:00", "has no time zone"),
    ("version", 2**31, "out of range"),  # past a 32-bit column (2^63 the reader refuses)
])
def test_bad_need_value_is_refused(setup, tmp_path: Path, field: str, value: Any,  # noqa
                                   words: str) -> None:
    path, uid = first_need_with(setup, tmp_path, **{field: value})
    assert_record_refused(setup[0], path, "needs", uid, field, words)


def test_version_past_64_bits_is_refused_cleanly(setup, tmp_path: Path) -> None:  # noqa
    state = setup[0]
    path, _uid = first_need_with(setup, tmp_path, version=2**63)
    before = store_fingerprint(state)
    with pytest.raises(UserError, match="version.*Nothing was changed"):
        import_bundle(state, path)
    assert store_fingerprint(state) == before


def test_unparsable_time_is_refused_cleanly(setup, tmp_path: Path) -> None:  # noqa
    """`created_at: "yesterday"` in a record: the reader's type check refuses the bundle."""
    state = setup[0]
    path, _uid = first_need_with(setup, tmp_path, confirmed_at="yesterday")
    before = store_fingerprint(state)
    with pytest.raises(UserError, match="field 'confirmed_at'.*Nothing was changed"):
        import_bundle(state, path)
    assert store_fingerprint(state) == before


def test_confirmed_without_confirmer_is_refused(setup, tmp_path: Path) -> None:  # noqa
    path, uid = first_need_with(setup, tmp_path, status="confirmed", confirmed_by="",
                                confirmed_at="2026-01-05T10:00:00+00:00")
    assert_record_refused(setup[0], path, "needs", uid, "confirmed_by", "is required")


def test_confirmed_without_time_is_refused(setup, tmp_path: Path) -> None:  # noqa
    path, uid = first_need_with(setup, tmp_path, status="confirmed", confirmed_by="Pat",
                                confirmed_at=None)
    assert_record_refused(setup[0], path, "needs", uid, "confirmed_at", "is required")


def test_confirmed_with_both_is_taken(setup, tmp_path: Path) -> None:  # noqa
    path, uid = first_need_with(setup, tmp_path, status="confirmed", confirmed_by="Pat",
                                confirmed_at="2026-01-05T10:00:00-05:00")
    result = import_bundle(setup[0], path)
    assert result.refused == [] and rows_with_uid(setup[0], "needs", uid) == 1


def test_good_records_beside_a_bad_one_still_apply(setup, tmp_path: Path) -> None:  # noqa
    path, uid = first_need_with(setup, tmp_path, quantity="-5")
    result = import_bundle(setup[0], path)
    assert result.counts["needs"]["new"] == 2 and len(result.refused) == 1


@pytest.mark.parametrize(("field", "value", "words"), [
    ("kind", "bogus", "is not one of lea, charter, regional"),
    ("name", "", "is required"),
    ("code", "ABCDEFGH", "is not an LEA code"),
    ("students", 2**63, "out of range"),
    ("nslp_eligible", 5000, "more than the"),
    ("cep_isp", "250.00", "at most 100"),
    ("name", "Nul\u0000Charter", "control character"),
])
def test_bad_member_value_is_refused(setup, tmp_path: Path, field: str, value: Any,  # noqa
                                     words: str) -> None:
    extra = {"students": 100} if field == "nslp_eligible" else {}
    path, uid = first_row_with(setup, tmp_path, "members", **{field: value, **extra})
    assert_record_refused(setup[0], path, "members", uid, field, words)


def test_a_refused_members_school_is_refused_too(setup, tmp_path: Path) -> None:  # noqa
    path, uid = first_row_with(setup, tmp_path, "members", kind="bogus")
    result = import_bundle(setup[0], path)
    school = next(r for r in result.refused if r.entity == "schools")
    assert "was refused" in school.reason
    assert rows_with_uid(setup[0], "members", uid) == 0


def with_copy(setup: tuple, tmp_path: Path, table: str,  # noqa
              change: Callable[[dict], None]) -> tuple[Path, str]:
    """The good bundle with a second record of `table`: a copy of the last under a new uid."""
    _state, good, key = setup
    new_uid = str(uuid.uuid4())

    def edit(rows: list[dict]) -> list[bytes]:
        copy = {**rows[-1], "uid": new_uid}
        change(copy)
        return [dump(r) for r in [*rows, copy]]

    return rebuild(good, tmp_path / "dup.zip",
                   lambda members, _m: edit_lines(members, FILES[table], edit), key), new_uid


def test_two_new_members_with_one_code(setup, tmp_path: Path) -> None:  # noqa: ANN001
    path, copy_uid = with_copy(setup, tmp_path, "members", lambda r: r.update(name="Twin"))
    state = setup[0]
    before = store_fingerprint(state)
    preview = import_bundle(state, path, dry_run=True)
    assert store_fingerprint(state) == before
    twins = [r for r in preview.refused if r.entity == "members"]
    assert copy_uid in {r.uid for r in twins} and len(twins) == 2
    assert all(r.field == "code" and "also the code of" in r.reason for r in twins)
    import_bundle(state, path)  # no crash on the unique code
    assert rows_with_uid(state, "members", copy_uid) == 0


def test_two_new_schools_with_one_code(setup, tmp_path: Path) -> None:  # noqa: ANN001
    path, copy_uid = with_copy(setup, tmp_path, "schools", lambda r: r.update(name="Twin"))
    state = setup[0]
    result = import_bundle(state, path)
    twins = [r for r in result.refused if r.entity == "schools"]
    assert copy_uid in {r.uid for r in twins}
    assert all(r.field == "code" and "99Z001" in r.reason for r in twins)
    assert rows_with_uid(state, "schools", copy_uid) == 0


def test_code_already_held_here_by_another_record(setup, tmp_path: Path) -> None:  # noqa
    """The state holds the school; a second bundle moves another school onto its code."""
    state, good, key = setup
    import_bundle(state, good)
    new_uid = str(uuid.uuid4())

    def edit(rows: list[dict]) -> list[bytes]:
        rows[-1]["code"] = "99Z002"  # first the new school arrives under its own code…
        return [dump({**rows[-1], "uid": new_uid})]

    second = rebuild(good, tmp_path / "second.zip",
                     lambda members, manifest: (edit_lines(members, SCHOOLS, edit),
                                                manifest.update(bundle_uid=str(uuid.uuid4()))),
                     key)
    import_bundle(state, second)
    assert rows_with_uid(state, "schools", new_uid) == 1

    def retake(rows: list[dict]) -> list[bytes]:
        # …then a newer version of it takes the code 99Z001 the first school has here.
        return [dump({**rows[-1], "uid": new_uid, "code": "99Z001", "version": 5})]

    third = rebuild(good, tmp_path / "third.zip",
                    lambda members, manifest: (edit_lines(members, SCHOOLS, retake),
                                               manifest.update(bundle_uid=str(uuid.uuid4()))),
                    key)
    assert_record_refused(state, third, "schools", new_uid, "code", "already belongs to",
                          held_before=1)
    with state.engine.connect() as connection:
        assert connection.execute(text("SELECT code, version FROM schools WHERE uid = :u"),
                                  {"u": new_uid}).one() == ("99Z002", 1)


# --- the manifest: the whole bundle is refused, cleanly -----------------------------------

def manifest_with(setup: tuple, tmp_path: Path, change: Callable[[dict], None]) -> Path:  # noqa
    _state, good, key = setup
    return rebuild(good, tmp_path / "m.zip", lambda _members, manifest: change(manifest), key)


@pytest.mark.parametrize(("change", "words"), [
    # What the store cannot hold: a time without a zone, numbers past a 32-bit column.
    (lambda m: m.update(created_at="2026-01-05T10:00:00"), "has no time zone"),
    (lambda m: m.update(seq_to=2**31), "'seq_to'"),
    # Shapes the reader refuses (issue #11 hole 4's list), here so the list is complete.
    (lambda m: m.update(created_at="yesterday"), "created_at"),
    (lambda m: m.update(seq_to=2**63), "seq_to"),
    (lambda m: m["acks"][0].update(bundles=5), "ack 1"),
    (lambda m: m["acks"][0].update(seq=2**64), "ack 1"),
    (lambda m: m["acks"][0].update(seq=-1), "ack 1"),
    (lambda m: m.update(bundle_uid="b" * 300), "bundle_uid"),
    (lambda m: m.update(bundle_uid="abc\u0000def"), "bundle_uid"),
])
def test_bad_manifest_value(setup, tmp_path: Path, change: Callable[[dict], None],  # noqa
                            words: str) -> None:
    state = setup[0]
    path = manifest_with(setup, tmp_path, change)
    before = store_fingerprint(state)
    for dry_run in (True, False):
        with pytest.raises(UserError, match="Nothing was changed") as info:
            import_bundle(state, path, dry_run=dry_run)
        assert words in str(info.value)
    assert store_fingerprint(state) == before


def test_refusal_reaches_the_cli_json(setup, tmp_path: Path, capsys) -> None:  # noqa
    from app.cli import main

    state = setup[0]
    path, uid = first_need_with(setup, tmp_path, quantity="1E+308")
    assert state.data_dir is not None
    url = state.engine.url.render_as_string(hide_password=False)
    code = main(["--data-dir", str(state.data_dir), "--db", url, "bundle", "import", str(path),
                 "--dry-run", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    refused = [r for r in out["refused"] if r["uid"] == uid]
    assert refused and refused[0]["field"] == "quantity" and refused[0]["entity"] == "needs"
