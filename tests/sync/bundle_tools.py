"""Making bad bundles on purpose: rewrite members of a good one, re-sign or not."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
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
