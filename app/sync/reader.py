"""Reading and verifying a bundle, with no database: a bundle is untrusted input.

Order of checks: the file's size and the zip's end record (entry count, directory size)
before zipfile reads the directory; the directory (entry names, count, declared sizes,
compression); the manifest's format, version and identifiers (uids, sequence numbers, acks);
the signature against a trusted key; that the manifest's source is the instance that key was
trusted for; who the bundle is for; then every member file streamed a block at a time, with
caps on unpacked bytes, line length and line count (see `Limits`), each line parsed and its
fields named as it arrives, the whole compared with the manifest's hash and row count; then
every line's field types and identifiers. The first problem ends the read with a
`UserError` that names it.

Who sent a bundle is the trusted key's record (`KeyInfo`: instance, role, region), never what
the manifest says: a key speaks only for its own instance.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from app.services.untrusted_zip import directory_problem
from app.sync.bundle_zip import (
    ZIP_ERRORS,
    Budget,
    BundleError,
    check_names,
    count_nested,
    fail,
    key_problem,
    read_capped,
    stream_lines,
)
from app.sync.format import (
    ASSIGNMENTS,
    DEFAULT_LIMITS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_SEQ,
    META_FIELDS,
    OWNER_RE,
    REFS,
    SEAL_PREFIX,
    SIGNATURE,
    FieldSpec,
    FieldTypeError,
    Limits,
    check_value,
    column_ok,
    entity_specs,
    is_seq,
    is_uid,
)
from app.sync.keys import KeyInfo, fingerprint_or_error, verify


@dataclass(frozen=True)
class Receiver:
    """Who is reading: the bundle must be meant for this scope (and instance, if named)."""

    instance_uid: str
    scope: str


@dataclass
class Bundle:
    path: Path
    manifest: dict[str, Any]
    signer_fingerprint: str
    sender: KeyInfo  # the trusted key's record: who this bundle is from
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refs: list[dict[str, Any]] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def uid(self) -> str:
        return str(self.manifest["bundle_uid"])

    @property
    def source_scope(self) -> str:
        return self.sender.scope

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.records.items()}


def _manifest(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeError):
        raise fail(path, "manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise fail(path, "this is not a Consortium Buying bundle (manifest format is "
                          f"{manifest.get('format') if isinstance(manifest, dict) else None!r})")
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise fail(path, "the manifest has no format version")
    if version > FORMAT_VERSION:
        raise fail(path, f"the bundle is format version {version}, made by a newer version of "
                          f"Consortium Buying; this version reads format {FORMAT_VERSION}. "
                          "Update the program")
    if version < 1:
        raise fail(path, f"format version {version} is not valid")
    expected = {"bundle_uid": str, "created_at": str, "source": dict, "receiver": dict,
                "full": bool, "seq_from": int, "seq_to": int, "acks": list, "files": list}
    for key, kind in expected.items():
        if not isinstance(manifest.get(key), kind):
            raise fail(path, f"the manifest's '{key}' is missing or not a {kind.__name__}")
    source = manifest["source"]
    for key in ("instance_uid", "role", "scope", "public_key"):
        if not isinstance(source.get(key), str):
            raise fail(path, f"the manifest's source.{key} is missing")
    _check_manifest_ids(path, manifest)
    return manifest


def _check_manifest_ids(path: Path, manifest: dict[str, Any]) -> None:
    """Every identifier and number the manifest carries, before any is used (the bundle uid
    names the kept copy of the file; sequence numbers and acks move watermarks)."""
    def bad_uid(what: str, value: Any) -> BundleError:
        return fail(path, f"the manifest's {what} {str(value)[:60]!r} is not a UUID")

    if not is_uid(manifest["bundle_uid"]):
        raise bad_uid("bundle_uid", manifest["bundle_uid"])
    if not is_uid(manifest["source"]["instance_uid"]):
        raise bad_uid("source.instance_uid", manifest["source"]["instance_uid"])
    receiver_uid = manifest["receiver"].get("instance_uid")
    if receiver_uid is not None and not is_uid(receiver_uid):
        raise bad_uid("receiver.instance_uid", receiver_uid)
    for key, low in (("seq_from", 1), ("seq_to", 0)):
        if not is_seq(manifest[key], low):
            raise fail(path, f"the manifest's {key} {str(manifest[key])[:30]} is not a "
                              f"sequence number ({low} to 2^63-1)")
    try:
        datetime.fromisoformat(manifest["created_at"])
    except ValueError:
        raise fail(path, f"the manifest's created_at {manifest['created_at'][:40]!r} is not "
                          "a date and time") from None
    for number, ack in enumerate(manifest["acks"], start=1):
        if (not isinstance(ack, dict) or not is_uid(ack.get("instance_uid"))
                or not is_seq(ack.get("seq")) or not isinstance(ack.get("bundles", []), list)
                or not all(map(is_uid, ack.get("bundles", [])))):
            raise fail(path, f"the manifest's ack {number} needs an instance_uid (UUID), a "
                              "seq (0 to 2^63-1) and a list of bundle UUIDs")


def _check_sender(path: Path, manifest: dict[str, Any], key: KeyInfo) -> None:
    """The manifest's source must be the instance the signing key was trusted for."""
    source = manifest["source"]
    claimed = (source["instance_uid"], source["role"], source.get("region"), source["scope"])
    if claimed != (key.instance_uid, key.role, key.region, key.scope):
        raise fail(path, f"it says it comes from {source['scope'][:20]} (instance "
                          f"{source['instance_uid']}), but it is signed by the key trusted for "
                          f"{key.scope} (instance {key.instance_uid}); a key speaks only for "
                          "its own instance")


def read_bundle(path: Path, trusted: Mapping[str, KeyInfo], me: Receiver | None,
                limits: Limits = DEFAULT_LIMITS) -> Bundle:
    """Read and verify `path`. `trusted` maps fingerprints to the trusted keys' records
    (public key, instance, role, region); `me` is the reader (None to inspect a bundle
    without checking who it is for)."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise fail(path, f"the file is {size:,} bytes, over the limit of "
                              f"{limits.max_file_bytes:,} for a bundle")
        problem = directory_problem(path, limits.max_members, limits.max_directory_bytes)
        if problem:
            raise fail(path, f"{problem} in a bundle (a zip bomb?)")
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file") from None
    except ZIP_ERRORS as error:
        raise fail(path, f"not a readable bundle: the zip is truncated or corrupted ({error})") \
            from None
    try:
        with archive:
            return _read_archive(path, archive, trusted, me, limits)
    except ZIP_ERRORS as error:
        raise fail(path, f"the zip is corrupted ({error.__class__.__name__}: {error})") \
            from None


def _read_archive(path: Path, archive: zipfile.ZipFile, trusted: Mapping[str, KeyInfo],
                  me: Receiver | None, limits: Limits) -> Bundle:
    infos = archive.infolist()
    check_names(path, infos, limits)
    names = {i.filename for i in infos}
    for required in (MANIFEST, SIGNATURE):
        if required not in names:
            raise fail(path, f"{required} is missing; this is not a complete bundle")
    raw_manifest = read_capped(path, archive, MANIFEST, limits.max_manifest_bytes)
    manifest = _manifest(path, raw_manifest)
    signature = read_capped(path, archive, SIGNATURE, limits.max_signature_bytes)
    fingerprint = fingerprint_or_error(manifest["source"]["public_key"], path.name)
    if fingerprint not in trusted:
        raise fail(path, f"it is signed by key {fingerprint}, which this instance does not "
                          "trust. Compare that fingerprint with the sender by phone, then "
                          "trust their key file (consortium keys trust FILE)")
    sender = trusted[fingerprint]
    if not verify(sender.public_key, signature, raw_manifest):
        raise fail(path, "the signature does not match the manifest: the bundle was "
                          "changed after it was signed")
    _check_sender(path, manifest, sender)
    if me is not None:
        _check_receiver(path, sender, manifest, me)
    bundle = Bundle(path, manifest, fingerprint, sender)
    listed = {MANIFEST, SIGNATURE}
    budget = Budget.of(limits)
    for entry in manifest["files"]:
        listed.add(_read_file(path, archive, names, entry, bundle, limits, budget))
    extra = sorted(names - listed)
    if extra:
        raise fail(path, f"the zip holds '{extra[0]}', which the manifest does not list")
    _check_seal(path, archive.comment, sender.public_key, limits)
    return bundle


def _check_seal(path: Path, comment: bytes, public_pem: str, limits: Limits) -> None:
    if not comment.startswith(SEAL_PREFIX):
        raise fail(path, "the zip has no seal: it was rewritten after it was signed")
    try:
        signature = base64.b64decode(comment[len(SEAL_PREFIX):], validate=True)
    except ValueError:
        raise fail(path, "the zip's seal is damaged") from None
    if path.stat().st_size > limits.max_file_bytes:
        raise fail(path, "the file is larger than the size limit")
    data = path.read_bytes()
    end = len(data) - len(comment)
    if data[end - 2:end] != len(comment).to_bytes(2, "little") or data[end:] != comment:
        raise fail(path, "the zip's end record was changed after it was signed")
    signed = memoryview(data)[:end - 2]  # not a second copy of the file
    if not verify(public_pem, signature, signed):
        raise fail(path, "the file was changed after it was signed (its seal does not match)")


def _check_receiver(path: Path, sender: KeyInfo, manifest: dict[str, Any], me: Receiver
                    ) -> None:
    receiver = manifest["receiver"]
    scope, uid = receiver.get("scope"), receiver.get("instance_uid")
    if scope != me.scope or (uid and uid != me.instance_uid):
        meant = f"{scope}" + (f" (instance {uid})" if uid else "")
        raise fail(path, f"this bundle is meant for {meant}, not for this instance "
                          f"({me.scope}, {me.instance_uid})")
    if sender.scope == me.scope:
        raise fail(path, "this bundle comes from an instance with the same role and region")


def _read_file(path: Path, archive: zipfile.ZipFile, names: set[str], entry: Any,
               bundle: Bundle, limits: Limits, budget: Budget) -> str:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), t) for k, t in (
            ("name", str), ("sha256", str), ("rows", int), ("entity", str))):
        raise fail(path, "a manifest file entry lacks name, entity, sha256 or rows")
    # Both checked to be str just above.
    name: str = entry["name"]
    entity: str = entry["entity"]
    if name not in names:
        raise fail(path, f"'{name}' is listed in the manifest but missing from the zip")
    expected, nested_ok = _line_shape(path, name, entity, bundle)
    if entry["rows"] > budget.lines:
        raise fail(path, f"'{name}' has {entry['rows']:,} lines; a bundle may have "
                          f"{limits.max_lines:,} in all")
    budget.lines -= max(entry["rows"], 0)
    digest = hashlib.sha256()
    lines = stream_lines(path, archive, name, limits, budget, digest)
    rows: list[dict[str, Any]] = []
    problem: BundleError | None = None
    for number, line in enumerate(lines, start=1):
        try:
            rows.append(_parse_line(path, name, number, line, entry["rows"], expected,
                                    nested_ok, limits, budget))
        except BundleError as error:
            problem = error
            break
    if problem is not None:
        # Finish hashing (still capped) so a file changed after signing is named as such,
        # not by the first line that the change broke.
        for _line in lines:
            pass
    if digest.hexdigest() != entry["sha256"]:
        raise fail(path, f"'{name}' does not match the SHA-256 in the signed manifest: it "
                          "was changed after signing, or the manifest is wrong")
    if problem is not None:
        raise problem
    if len(rows) != entry["rows"]:
        raise fail(path, f"'{name}' has {len(rows)} lines but the manifest says "
                          f"{entry['rows']}")
    if name == REFS:
        bundle.refs = _check_refs(path, rows)
    elif name == ASSIGNMENTS:
        bundle.assignments = _check_assignments(path, rows)
    else:
        _check_records(path, name, entity, rows)
        bundle.records[entity] = rows
    return name


def _parse_line(path: Path, name: str, number: int, line: bytes, declared_rows: int,
                expected: set[str] | None, nested_ok: frozenset[str], limits: Limits,
                budget: Budget) -> dict[str, Any]:
    """One line as a JSON object with the file's keys; refused before the next is read."""
    if number > declared_rows:
        raise fail(path, f"'{name}' has more lines than the {declared_rows:,} the manifest "
                          "says")
    try:
        value = orjson.loads(line)  # strict RFC 8259: no NaN, no comments
    except ValueError:  # orjson.JSONDecodeError, bad UTF-8 included
        raise fail(path, f"'{name}' line {number} is not valid JSON") from None
    if type(value) is not dict:
        raise fail(path, f"'{name}' line {number} is not a JSON object")
    if expected is not None and value.keys() != expected:
        raise fail(path, f"'{name}' line {number}: {key_problem(value, expected)}")
    # A line with one '{' and no '[' holds no list or object besides itself.
    if line.count(b"[") + line.count(b"{") > 1:
        count_nested(path, name, number, value, nested_ok, limits, budget)
    return value


def _line_shape(path: Path, name: str, entity: str, bundle: Bundle
                ) -> tuple[set[str] | None, frozenset[str]]:
    """The keys every line of the file must have (None: checked later) and the fields that
    may hold a list or an object; refuses an entity this version does not know before any
    line is read."""
    if name == REFS:
        return None, frozenset({"key"})
    if name == ASSIGNMENTS:
        return None, frozenset()
    specs = entity_specs()
    if entity not in specs or name != specs[entity].file_name:
        raise fail(path, f"'{name}' holds '{entity}', which this version does not know "
                          "(a bundle from a newer version?)")
    if entity in bundle.records:
        raise fail(path, f"'{entity}' is listed twice in the manifest")
    spec = specs[entity]
    return set(spec.fields) | set(META_FIELDS), frozenset(
        f.name for f in spec.fields.values() if f.kind == "json")


def _check_records(path: Path, name: str, entity: str, rows: list[dict[str, Any]]) -> None:
    """Field types and uniqueness (every line's keys were checked as it was read)."""
    spec = entity_specs()[entity]
    meta = [FieldSpec("version", "int", False), FieldSpec("updated_at", "datetime", False)]
    field_specs = list(spec.fields.values()) + meta
    # Each check runs over all rows at C speed first; only a failing one walks the rows to
    # name the line.
    for field_spec in field_specs:
        values = list(map(itemgetter(field_spec.name), rows))
        if column_ok(field_spec, values):
            continue
        for number, value in enumerate(values, start=1):
            try:
                check_value(field_spec, value)
            except FieldTypeError as error:
                raise fail(path, f"'{name}' line {number}, field '{field_spec.name}': "
                                  f"{error}") from None
    versions = list(map(itemgetter("version"), rows))
    if not 1 <= min(versions, default=1) <= max(versions, default=1) <= MAX_SEQ:
        number = next(n for n, v in enumerate(versions, start=1) if not is_seq(v, 1))
        raise fail(path, f"'{name}' line {number}: version must be 1 to 2^63-1")
    owners = set(map(itemgetter("owner"), rows))
    if not all(map(OWNER_RE.match, owners)):
        number, owner = next((n, row["owner"]) for n, row in enumerate(rows, start=1)
                             if not OWNER_RE.match(row["owner"]))
        raise fail(path, f"'{name}' line {number}: owner {owner[:20]!r} is not 'state' or "
                          "'region:N' (N = 1..8)")
    uids = list(map(itemgetter("uid"), rows))
    if len(set(uids)) != len(uids):
        seen: set[str] = set()
        for number, uid in enumerate(uids, start=1):
            if uid in seen:
                raise fail(path, f"'{name}' line {number}: uid {uid} appears twice")
            seen.add(uid)


def _check_refs(path: Path, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    specs = entity_specs()
    for number, row in enumerate(rows, start=1):
        if (not is_uid(row.get("uid")) or row.get("entity") not in specs
                or not isinstance(row.get("key"), dict)):
            raise fail(path, f"'{REFS}' line {number}: needs entity, uid (a UUID) and key")
    return rows


def _check_assignments(path: Path, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for number, row in enumerate(rows, start=1):
        region = row.get("region")
        if (not is_uid(row.get("uid")) or not isinstance(row.get("code"), str)
                or not isinstance(region, int) or isinstance(region, bool)
                or not 1 <= region <= 8):
            raise fail(path, f"'{ASSIGNMENTS}' line {number}: needs uid (a UUID), code and "
                              "region 1-8")
    return rows
