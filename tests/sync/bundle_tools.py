"""Making bad bundles on purpose: rewrite members of a good one, re-sign or not."""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.sync.export import seal
from app.sync.format import MANIFEST, SIGNATURE
from app.sync.keys import sign

Members = dict[str, bytes]


def read_members(path: Path) -> Members:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path: Path, members: Members) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def rebuild(source: Path, target: Path, change: Callable[[Members, dict], None],
            private_pem: str | None = None, fix_hashes: bool = True,
            public_pem: str | None = None) -> Path:
    """Copy `source` to `target` after `change(members, manifest)`; with `private_pem` the
    manifest is signed again (as a sender with that key would), refreshing hashes and counts
    unless `fix_hashes` is False."""
    members = read_members(source)
    manifest = json.loads(members[MANIFEST])
    change(members, manifest)
    if private_pem is not None:
        if fix_hashes:
            for entry in manifest["files"]:
                data = members.get(entry["name"], b"")
                entry["sha256"] = hashlib.sha256(data).hexdigest()
                entry["rows"] = data.count(b"\n")
        if public_pem is not None:
            manifest["source"]["public_key"] = public_pem
        raw = json.dumps(manifest, indent=1).encode()
        members[MANIFEST] = raw
        members[SIGNATURE] = sign(private_pem, raw)
    write_members(target, members)
    if private_pem is not None:
        seal(target, private_pem)
    return target


def edit_lines(members: Members, name: str, edit: Callable[[list[dict]], list[bytes]]) -> None:
    rows = [json.loads(line) for line in members[name].splitlines()]
    members[name] = b"".join(line if line.endswith(b"\n") else line + b"\n"
                             for line in edit(rows))


def dump(row: dict) -> bytes:
    return (json.dumps(row) + "\n").encode()


def rebuild_streamed(source: Path, target: Path, name: str, chunks: Callable[[], Iterator[bytes]],
                     private_pem: str) -> Path:
    """Copy `source` with member `name` replaced by what `chunks()` yields, written a chunk at
    a time (a huge member never sits in memory here), and sign it again as its sender would."""
    members = read_members(source)
    manifest = json.loads(members[MANIFEST])
    digest, rows = hashlib.sha256(), 0
    for chunk in chunks():
        digest.update(chunk)
        rows += chunk.count(b"\n")
    entry = next(e for e in manifest["files"] if e["name"] == name)
    entry["sha256"], entry["rows"] = digest.hexdigest(), rows
    raw = json.dumps(manifest, indent=1).encode()
    members[MANIFEST], members[SIGNATURE] = raw, sign(private_pem, raw)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            if member != name:
                archive.writestr(member, data)
        with archive.open(name, "w", force_zip64=True) as handle:
            for chunk in chunks():
                handle.write(chunk)
    seal(target, private_pem)
    return target


def many_entries_zip(path: Path, count: int) -> Path:
    """A zip whose central directory lists `count` empty files named like bundle members
    (all pointing at one stored entry), with the ZIP64 end records a real writer uses past
    65,535 entries: built in about a second, where zipfile would take minutes to write it."""
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"x"
    head = struct.Struct("<4s6H3L5H2L").pack(b"PK\x01\x02", 45, 20, 0, 0, 0, 0, 0, 0, 0, 21,
                                              0, 0, 0, 0, 0, 0)
    directory_at, directory_size = len(local), (len(head) + 21) * count
    record_at = directory_at + directory_size
    with path.open("wb") as handle:
        handle.write(local)
        for start in range(0, count, 10_000):
            handle.write(b"".join(head + b"records/%07d.jsonl" % i
                                  for i in range(start, min(count, start + 10_000))))
        handle.write(struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                                 directory_size, directory_at))
        handle.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, record_at, 1))
        handle.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF,
                                 0xFFFFFFFF, 0xFFFFFFFF, 0))
    return path
