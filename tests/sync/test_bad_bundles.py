"""Bundles are untrusted input: every bad one ends in a clear error naming the problem, and
the receiving store is exactly as it was (row counts and a hash of every row of every table).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from bundle_tools import dump, edit_lines, read_members, rebuild, write_members
from sync_helpers import Factory, exchange_keys, store_fingerprint

from app.errors import UserError
from app.models.db import Store
from app.services.instance import make_keypair
from app.services.needs import create_need
from app.sync.export import export_bundle
from app.sync.format import MANIFEST, Limits
from app.sync.keys import signing_key
from app.sync.service import import_bundle, inspect_bundle

NEEDS = "records/needs.jsonl"


@pytest.fixture
def setup(make_store: Factory, state_store: Store, tmp_path: Path
          ) -> tuple[Store, Store, Path, str]:
    region = make_store("region", 3)
    with region.transaction() as session:
        for quantity in ("10", "20", "30"):
            create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": quantity})
    exchange_keys(region, state_store)
    good = export_bundle(region, tmp_path / "good.zip").path
    return region, state_store, good, signing_key(region, region.require_identity())


def refused(store: Store, path: Path, match: str, limits: Limits | None = None) -> str:
    before = store_fingerprint(store)
    with pytest.raises(UserError, match=match) as info:
        if limits is None:
            import_bundle(store, path)
        else:
            import_bundle(store, path, limits=limits)
    assert store_fingerprint(store) == before
    assert "Nothing was changed" in str(info.value)
    return str(info.value)


def test_good_bundle_applies(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, _key = setup
    result = import_bundle(state, good)
    assert result.counts["needs"]["new"] == 3


def test_truncated_zip(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, _key = setup
    data = good.read_bytes()
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(data[: len(data) // 2])
    refused(state, bad, "truncated or corrupted")


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_one_byte_changed_anywhere(setup, tmp_path: Path, fraction: float) -> None:  # noqa
    _region, state, good, _key = setup
    data = bytearray(good.read_bytes())
    data[int(len(data) * fraction)] ^= 0x01
    bad = tmp_path / "flipped.zip"
    bad.write_bytes(bytes(data))
    refused(state, bad, "Nothing was changed")


def test_member_changed_after_signing(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, _key = setup

    def change(members: dict, _manifest: dict) -> None:
        members[NEEDS] = members[NEEDS].replace(b'"quantity":"10"', b'"quantity":"99"')

    message = refused(state, rebuild(good, tmp_path / "b.zip", change), "SHA-256")
    assert "records/needs.jsonl" in message


def test_signed_manifest_with_wrong_hash(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, key = setup

    def change(_members: dict, manifest: dict) -> None:
        manifest["files"][0]["sha256"] = "0" * 64

    refused(state, rebuild(good, tmp_path / "b.zip", change, key, fix_hashes=False),
            "does not match the SHA-256")


def test_signed_manifest_with_wrong_count(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, key = setup

    def change(members: dict, manifest: dict) -> None:
        for entry in manifest["files"]:
            if entry["name"] == NEEDS:
                entry["rows"] = 4
                import hashlib
                entry["sha256"] = hashlib.sha256(members[NEEDS]).hexdigest()

    refused(state, rebuild(good, tmp_path / "b.zip", change, key, fix_hashes=False),
            "has 3 lines but the manifest says 4")


def test_untrusted_key_names_its_fingerprint(setup, tmp_path: Path) -> None:  # noqa: ANN001
    from app.services.instance import key_fingerprint

    _region, state, good, _key = setup
    public, private = make_keypair()
    bad = rebuild(good, tmp_path / "b.zip", lambda m, f: None, private, public_pem=public)
    refused(state, bad, key_fingerprint(public))


def test_signature_by_trusted_key_over_other_manifest(setup, tmp_path: Path) -> None:  # noqa
    _region, state, good, _key = setup

    def change(members: dict, _manifest: dict) -> None:
        members[MANIFEST] = members[MANIFEST].replace(b'"full": false', b'"full": true')

    refused(state, rebuild(good, tmp_path / "b.zip", change), "signature does not match")


def test_newer_format_version(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, key = setup

    def change(_members: dict, manifest: dict) -> None:
        manifest["format_version"] = 2

    refused(state, rebuild(good, tmp_path / "b.zip", change, key), "format version 2.*newer")


@pytest.mark.parametrize("name", ["../evil.jsonl", "/etc/evil.jsonl", "records/../../x",
                                  "C:/x.jsonl"])
def test_unsafe_entry_paths(setup, tmp_path: Path, name: str) -> None:  # noqa: ANN001
    _region, state, good, _key = setup
    members = read_members(good)
    members[name] = b"{}\n"
    refused(state, write_members(tmp_path / "b.zip", members), "unsafe path")


def test_declared_size_over_the_limit(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, _key = setup
    refused(state, good, "declares .* over the limit", Limits(max_member_bytes=200))


def test_total_size_over_the_limit(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, _key = setup
    refused(state, good, "add up to .* over the limit", Limits(max_total_bytes=2000))


def test_too_many_entries(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, _key = setup
    refused(state, good, "entries, more than", Limits(max_members=2))


def test_real_size_over_the_limit_while_streaming(setup, tmp_path: Path) -> None:  # noqa
    """A highly compressible 3 MB 'manifest' passes the declared-size check (which allows
    128 MB per member) but is stopped by the streaming cap of 1 MB."""
    _region, state, good, _key = setup
    members = read_members(good)
    members[MANIFEST] = b" " * (3 * 1024 * 1024)
    bad = write_members(tmp_path / "bomb.zip", members)
    assert bad.stat().st_size < 100_000
    refused(state, bad, "unpacks to more than")


def test_duplicate_uids(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, key = setup

    def change(members: dict, _manifest: dict) -> None:
        edit_lines(members, NEEDS, lambda rows: [dump(r) for r in rows + rows[:1]])

    refused(state, rebuild(good, tmp_path / "b.zip", change, key), "appears twice")


def test_malformed_json_line(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, key = setup

    def change(members: dict, _manifest: dict) -> None:
        members[NEEDS] = members[NEEDS] + b'{"uid": "broken\n'

    refused(state, rebuild(good, tmp_path / "b.zip", change, key), "line 4 is not valid JSON")


@pytest.mark.parametrize(("field", "value", "match"), [
    ("quantity", 12, "field 'quantity'"),
    ("funding_year", "2026", "field 'funding_year'"),
    ("needed_by", "next week", "field 'needed_by'"),
    ("member_uid", None, "field 'member_uid'"),
    ("version", "1", "field 'version'"),
])
def test_wrong_field_types(setup, tmp_path: Path, field: str, value: object,  # noqa: ANN001
                           match: str) -> None:
    _region, state, good, key = setup

    def change(members: dict, _manifest: dict) -> None:
        edit_lines(members, NEEDS, lambda rows: [dump({**r, field: value}) for r in rows])

    refused(state, rebuild(good, tmp_path / "b.zip", change, key), match)


def test_unknown_field(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, good, key = setup

    def change(members: dict, _manifest: dict) -> None:
        edit_lines(members, NEEDS, lambda rows: [dump({**r, "price_x": 1}) for r in rows])

    refused(state, rebuild(good, tmp_path / "b.zip", change, key), "unknown field 'price_x'")


def test_bundle_meant_for_another_instance(make_store: Factory, setup, tmp_path: Path  # noqa
                                           ) -> None:
    _region, state, _good, _key = setup
    region4 = make_store("region", 4)
    exchange_keys(region4, state)
    for_region3 = export_bundle(state, tmp_path / "s.zip", to="region:3").path
    refused(region4, for_region3, "meant for region:3")


def test_not_a_zip_at_all(setup, tmp_path: Path) -> None:  # noqa: ANN001
    _region, state, _good, _key = setup
    bad = tmp_path / "notes.zip"
    bad.write_text("hello")
    refused(state, bad, "truncated or corrupted")


def test_inspect_changes_nothing(setup) -> None:  # noqa: ANN001
    region, state, good, _key = setup
    before = store_fingerprint(state)
    inspection = inspect_bundle(state, good)
    assert inspection.result is not None and inspection.result.counts["needs"]["new"] == 3
    assert store_fingerprint(state) == before
    assert json.dumps(inspection.as_json(), default=str)
    assert zipfile.is_zipfile(good)


def test_every_single_byte_change_is_refused(setup, tmp_path: Path) -> None:  # noqa: ANN001
    """Read-and-verify only (no database), over every third byte of the file: the manifest
    signature covers the content, the seal in the zip comment covers the container."""
    from app.sync.reader import Receiver, read_bundle

    _region, state, good, _key = setup
    identity = state.require_identity()
    region_key = read_members(good)  # the signer's key is the trusted region's
    assert region_key
    from app.sync.keys import trusted_senders

    with state.session() as session:
        trusted = trusted_senders(session)
    me = Receiver(identity.uid, identity.owner_scope)
    read_bundle(good, trusted, me)
    data = good.read_bytes()
    bad = tmp_path / "bad.zip"
    for position in range(0, len(data), 3):
        changed = bytearray(data)
        changed[position] ^= 0x20
        bad.write_bytes(bytes(changed))
        with pytest.raises(UserError):
            read_bundle(bad, trusted, me)
