"""Hostile bundles are refused within bounded memory (issue #11, hole 5): each is read in a
fresh interpreter whose peak resident set must stay under 500 MB, and the refusal must say
which limit the bundle broke. Before the limits were enforced while streaming, a 1.1 MB
bundle signed by a trusted key took 11.5 GB and a 1M-entry zip 611 MB before any check ran.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_tools import many_entries_zip, rebuild, rebuild_streamed
from peak_memory import run_measured
from sync_helpers import Factory, exchange_keys

from app.models.db import Store
from app.services.needs import create_need
from app.sync.export import export_bundle
from app.sync.format import Limits
from app.sync.keys import KeyInfo, signing_key, trusted_senders

NEEDS = "records/needs.jsonl"
TARGET_MB = 500


@pytest.fixture
def signed(make_store: Factory, state_store: Store, tmp_path: Path) -> tuple[Path, str, str]:
    """A good bundle, the region's private key (a sender the state trusts), and the state's
    trusted keys as JSON for the child process."""
    region = make_store("region", 3)
    with region.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "10"})
    exchange_keys(region, state_store)
    good = export_bundle(region, tmp_path / "good.zip").path
    with state_store.session() as session:
        trusted = {fp: dataclasses.asdict(key) for fp, key in trusted_senders(session).items()}
    return good, signing_key(region, region.require_identity()), json.dumps(trusted)


def trusted_from_json(trusted_json: str) -> dict[str, KeyInfo]:
    return {fp: KeyInfo(**key) for fp, key in json.loads(trusted_json).items()}


def read_in_child(path: Path, trusted_json: str = "{}") -> tuple[str, float]:
    return run_measured(f"""
from pathlib import Path
from app.sync.keys import KeyInfo
from app.sync.reader import read_bundle
trusted = {{fp: KeyInfo(**key) for fp, key in {trusted_json}.items()}}
read_bundle(Path({str(path)!r}), trusted, None)
""")


def _lines_of(line: bytes, count: int) -> Iterator[bytes]:
    for _ in range(count):
        yield line


@pytest.mark.parametrize(("line", "match"), [
    # 1 MB lines that parse to 330k empty lists each: 20 MB per line once parsed.
    (b'{"junk":[' + b"[]," * 349_000 + b"[]]}\n", "line 1: unknown field 'junk'"),
    (b'{"notes":[' + b"[]," * 349_000 + b"[]]}\n", "line 1: missing field"),
])
def test_signed_member_that_parses_huge(signed, tmp_path: Path, line: bytes,  # noqa: ANN001
                                        match: str) -> None:
    good, key, trusted = signed
    bad = rebuild_streamed(good, tmp_path / "huge-lines.zip", NEEDS,
                           lambda: _lines_of(line, 40), key)
    assert bad.stat().st_size < 2_000_000
    outcome, peak = read_in_child(bad, trusted)
    assert match in outcome and "Nothing was changed" in outcome
    assert peak < TARGET_MB


def test_signed_record_with_a_list_where_a_value_belongs(signed, tmp_path: Path) -> None:  # noqa
    good, key, trusted = signed

    def change(members: dict, _manifest: dict) -> None:
        row = json.loads(members[NEEDS].splitlines()[0])
        row["notes"] = [[]] * 100_000
        members[NEEDS] = (json.dumps(row) + "\n").encode() * 40

    bad = rebuild(good, tmp_path / "nested.zip", change, key)
    outcome, peak = read_in_child(bad, trusted)
    assert "line 1, field 'notes': a list or object where a single value belongs" in outcome
    assert peak < TARGET_MB


def test_signed_member_that_unpacks_huge(signed, tmp_path: Path) -> None:  # noqa: ANN001
    """200 MB of newlines in a 200 KB file, its size declared honestly and its hash signed."""
    good, key, trusted = signed
    bad = rebuild_streamed(good, tmp_path / "bomb.zip", NEEDS,
                           lambda: _lines_of(b"\n" * (1 << 20), 200), key)
    assert bad.stat().st_size < 1_000_000
    outcome, peak = read_in_child(bad, trusted)
    assert "declares 209,715,200 bytes, over the limit" in outcome
    assert peak < TARGET_MB


def test_unpacked_size_is_capped_while_streaming(signed, tmp_path: Path) -> None:  # noqa
    """The lines limit is checked against the signed row count before a member is read; the
    line length as it is unpacked, before the line is whole."""
    good, key, trusted = signed
    line = b'{"uid": "' + b"a" * 1000 + b'"}\n'
    bad = rebuild_streamed(good, tmp_path / "lines.zip", NEEDS, lambda: _lines_of(line, 3000),
                           key)
    from app.errors import UserError
    from app.sync.reader import read_bundle
    trust = trusted_from_json(trusted)
    with pytest.raises(UserError, match="bundle may have 2,000 in all"):
        read_bundle(bad, trust, None, Limits(max_lines=2000))
    with pytest.raises(UserError, match="line 1 is over 900 bytes"):
        read_bundle(bad, trust, None, Limits(max_line_bytes=900))


def test_million_entry_zip_is_refused_from_its_end_record(tmp_path: Path) -> None:
    bad = many_entries_zip(tmp_path / "entries.zip", 1_000_000)
    outcome, peak = read_in_child(bad)
    assert "the zip has 1,000,000 entries, more than the 64 allowed" in outcome
    assert peak < TARGET_MB


def test_directory_size_is_capped_when_the_count_lies(tmp_path: Path) -> None:
    """zipfile walks the directory by its size, so a count of 1 over a 1M-entry directory
    must not get through."""
    import struct

    bad = many_entries_zip(tmp_path / "entries.zip", 100_000)
    data = bytearray(bad.read_bytes())
    record = data.rfind(b"PK\x06\x06")
    struct.pack_into("<2Q", data, record + 24, 1, 1)  # entries on this disk, entries
    bad.write_bytes(bytes(data))
    from app.errors import UserError
    from app.sync.reader import read_bundle
    with pytest.raises(UserError, match="directory is 6,700,000 bytes, more than the 65,536"):
        read_bundle(bad, {}, None)


def test_values_inside_lists_and_objects_are_counted(signed) -> None:  # noqa: ANN001
    """A ref's key is an object: its values count against the bundle-wide cap."""
    from app.errors import UserError
    from app.sync.reader import read_bundle

    good, _key, trusted = signed
    trust = trusted_from_json(trusted)
    assert read_bundle(good, trust, None).refs
    with pytest.raises(UserError, match="refs.jsonl' line 1: the bundle holds more than 0 "
                                        "values inside lists and objects"):
        read_bundle(good, trust, None, Limits(max_nested_values=0))
