"""Checking a bundle's values before the plan uses them (DESIGN.md §3: every value from a
bundle passes the same checker as a value typed in the app).

The reader has checked each field's JSON type. Here every record also passes its kind's
rules (`app.services.record_rules`, the ones behind the forms, the CLI and the spreadsheets)
and what any stored value needs: integers that fit their column, decimals with no more places
than the column keeps (refused, never rounded), text without NUL or control characters, times
with a zone; and a natural key (member code, school code…) stays unique. A record that fails
is refused by itself, named by table, uid, field and reason; a manifest that fails ends the
import before anything is planned.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from app.errors import FieldError
from app.models.types import ScaledDecimal
from app.services.record_rules import BY_TABLE
from app.services.values import CONTROL_CHARS, INT_MAX, Checker
from app.sync.format import EntitySpec

# The longest identifier the sync tables store (bundle and instance uids are UUIDs).
UID_MAX = 36
BIGINT_MAX = 2**63 - 1


def _check_columns(check: Checker, spec: EntitySpec, row: Mapping[str, Any]) -> None:
    """What any value needs to be stored as it is, whatever its kind of record."""
    table = spec.model.__table__  # type: ignore[attr-defined]
    for field_spec in spec.fields.values():
        value = row[field_spec.name]
        if value is None:
            continue
        kind = field_spec.kind
        if kind in ("str", "uid"):
            control = CONTROL_CHARS.search(value)
            if control:
                check.fail(field_spec.name, "contains a control character "
                                            f"(U+{ord(control.group()):04X})")
        elif kind == "int":
            _integer(check, field_spec.name, value)
        elif kind == "decimal":
            column_type = table.c[field_spec.name].type
            assert isinstance(column_type, ScaledDecimal)
            limit = Decimal(BIGINT_MAX // column_type.factor)
            check.decimal(field_spec.name, value, places=column_type.places,
                          minimum=-limit, maximum=limit)
        elif kind == "datetime":
            check.moment(field_spec.name, value)
    _integer(check, "version", row["version"], minimum=1)
    check.moment("updated_at", row["updated_at"], required=True)


def _integer(check: Checker, name: str, value: int, minimum: int = -INT_MAX - 1) -> None:
    # Integer columns are 32-bit on PostgreSQL; SQLite overflows past 64 bits.
    if not minimum <= value <= INT_MAX:
        check.fail(name, f"{str(value)[:24]} is out of range ({minimum} to {INT_MAX})")


def record_error(spec: EntitySpec, row: Mapping[str, Any]) -> FieldError | None:
    """The first problem with one record's values, or None when it may be stored."""
    check = Checker(record=spec.label(row)[:80], exact=True)
    _check_columns(check, spec, row)
    rules = BY_TABLE.get(spec.name)
    if rules is not None and not check.errors:
        rules.record(check, row)
    return check.errors[0] if check.errors else None


def key_errors(spec: EntitySpec, rows: list[dict[str, Any]], here: Mapping[tuple[Any, ...], Any]
               ) -> dict[str, FieldError]:
    """Records whose natural key (a member's or school's code…) would not stay unique: two
    records of the bundle with one key, or a record this store holds under its uid taking a
    key another record here has. `here` is the store's natural-key index (key → record with
    a `uid`); a record not here by uid but here by key is the same record (both loaded it
    from reference data), which the plan matches."""
    if not spec.natural_key:
        return {}
    name = spec.natural_key[0]
    local_uids = {local.uid for local in here.values()}
    by_key: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault(tuple(row[k] for k in spec.natural_key), []).append(row)
    errors: dict[str, FieldError] = {}
    for key, same in by_key.items():
        shown = " ".join(str(k) for k in key)
        if len(same) > 1:
            for row in same:
                others = ", ".join(f"{r['uid'][:8]}…" for r in same if r is not row)
                errors[row["uid"]] = FieldError(
                    name, f"{shown} is also the {name} of {others} in this bundle",
                    record=spec.label(row)[:80])
            continue
        row = same[0]
        local = here.get(key)
        if local is not None and local.uid != row["uid"] and row["uid"] in local_uids:
            errors[row["uid"]] = FieldError(
                name, f"{shown} already belongs to another record here ({local.uid[:8]}…)",
                record=spec.label(row)[:80])
    return errors


def bad_records(spec: EntitySpec, rows: list[dict[str, Any]],
                here: Mapping[tuple[Any, ...], Any]) -> list[tuple[dict[str, Any], FieldError]]:
    """Every record of one table that must be refused, with its first problem."""
    bad = []
    for row in rows:
        error = record_error(spec, row)
        if error is not None:
            bad.append((row, error))
    refused = {row["uid"] for row, _error in bad}
    keys = key_errors(spec, [r for r in rows if r["uid"] not in refused], here)
    bad.extend((row, keys[row["uid"]]) for row in rows if row["uid"] in keys)
    return bad


def manifest_problem(manifest: Mapping[str, Any]) -> str | None:
    """What is wrong with the manifest's values (the reader checked their JSON types), or
    None: what is stored from it must fit its column."""
    check = Checker(exact=True)
    for name in ("seq_from", "seq_to"):
        _integer(check, name, manifest[name], minimum=0)
    check.moment("created_at", manifest["created_at"], required=True)
    for name, value in (("bundle_uid", manifest["bundle_uid"]),
                        ("source.instance_uid", manifest["source"]["instance_uid"])):
        _identifier(check, name, value)
    for index, ack in enumerate(manifest["acks"]):
        where = f"acks[{index}]"
        if not isinstance(ack, dict):
            check.fail(where, "is not an object")
            continue
        if not isinstance(ack.get("instance_uid"), str):
            check.fail(f"{where}.instance_uid", "is missing or not text")
        seq = ack.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            check.fail(f"{where}.seq", "is missing or not a whole number")
        else:
            _integer(check, f"{where}.seq", seq, minimum=0)
        bundles = ack.get("bundles", [])
        if not isinstance(bundles, list) or not all(isinstance(b, str) for b in bundles):
            check.fail(f"{where}.bundles", "is not a list of bundle ids")
    if not check.errors:
        return None
    error = check.errors[0]
    return f"the manifest's '{error.field}' {error.message}"


def _identifier(check: Checker, name: str, value: str) -> None:
    if len(value) > UID_MAX or CONTROL_CHARS.search(value):
        check.fail(name, f"'{value[:40]}' is not an identifier (at most {UID_MAX} characters, "
                         "no control characters)")
