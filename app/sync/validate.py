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

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from functools import cache
from operator import itemgetter
from typing import Any

from app.errors import FieldError
from app.models.types import ScaledDecimal
from app.services.record_rules import BY_TABLE, Rule
from app.services.values import CONTROL_CHARS, INT_MAX, MONEY_MAX, Checker
from app.sync.format import EntitySpec, FieldSpec

BIGINT_MAX = 2**63 - 1
META = (FieldSpec("version", "int", False), FieldSpec("updated_at", "datetime", False))


def _column_error(check: Checker, table: Any, field_spec: FieldSpec, value: Any) -> None:
    """What any value needs to be stored as it is, whatever its kind of record."""
    kind, name = field_spec.kind, field_spec.name
    if value is None:
        return
    if kind in ("str", "uid"):
        control = CONTROL_CHARS.search(value)
        if control:
            check.fail(name, f"contains a control character (U+{ord(control.group()):04X})")
    elif kind == "int":
        # Integer columns are 32-bit on PostgreSQL; SQLite overflows past 64 bits.
        low = 1 if name == "version" else -INT_MAX - 1
        if not low <= value <= INT_MAX:
            check.fail(name, f"{str(value)[:24]} is out of range ({low} to {INT_MAX})")
    elif kind == "decimal":
        column_type = table.c[name].type
        assert isinstance(column_type, ScaledDecimal)
        limit = Decimal(BIGINT_MAX // column_type.factor)
        check.decimal(name, value, places=column_type.places, minimum=-limit, maximum=limit)
    elif kind == "datetime":
        check.moment(name, value, required=name == "updated_at")


def _value_outcome(table: Any, field_spec: FieldSpec, rule: Rule | None, value: Any
                   ) -> tuple[Any, FieldError | None]:
    """One value of one field: its typed form and its first problem (or None)."""
    check = Checker(exact=True)
    if rule is None or rule.kind != "decimal":  # a decimal rule keeps within the column
        _column_error(check, table, field_spec, value)
    typed = value
    if rule is not None and not check.errors:
        typed = rule.check(check, field_spec.name, value)
    return typed, (check.errors[0] if check.errors else None)


def _plainly_fine(field_spec: FieldSpec, rule: Rule | None, column: list[Any]
                  ) -> list[Any] | None:
    """The typed column when every value is plainly fine, found at C speed (most columns of
    most bundles); None sends the column through `_value_outcome` value by value."""
    kind = field_spec.kind
    if kind == "uid":  # the reader matched it to hex digits and dashes
        return column
    present = [v for v in column if v is not None] if field_spec.nullable else column
    if kind == "str":
        distinct = set(present)
        strings = rule is None or (
            rule.kind == "text" and rule.pattern is None
            and max(map(len, distinct), default=0) <= rule.max_len
            and (not rule.required or all(map(str.strip, distinct))))
        return column if strings and not CONTROL_CHARS.search("\t".join(distinct)) else None
    if kind == "datetime" and (rule is None or rule.kind == "moment") and not (
            rule is not None and rule.required and len(present) < len(column)):
        try:
            parsed = list(map(datetime.fromisoformat, present))
        except ValueError:
            return None
        if any(moment.tzinfo is None for moment in parsed):
            return None
        if rule is None:
            return column
        moments = iter(parsed)
        return [None if v is None else next(moments) for v in column]
    if kind == "decimal" and rule is not None and rule.kind == "decimal" and not rule.minimum \
            and (not rule.required or len(present) == len(column)) \
            and all(map(_plain_decimal(rule).match, present)):
        return column
    if kind == "int" and rule is None:
        low = 1 if field_spec.name == "version" else -INT_MAX - 1
        fine = not present or (low <= min(present) and max(present) <= INT_MAX)
        return column if fine else None
    if kind == "bool" and (rule is None or rule.kind == "boolean"):
        return column
    if rule is not None and rule.kind == "choice" and set(column) <= set(rule.choices) | (
            set() if rule.required else {None, ""}):
        return column
    return None


@cache
def _plain_decimal(rule: Rule) -> re.Pattern[str]:
    """Decimal text that `rule` plainly accepts: no sign, fewer whole digits than its maximum
    has, at most its places (and not zero when it must be positive)."""
    digits = len(str(int(rule.maximum if rule.maximum is not None else MONEY_MAX))) - 1
    not_zero = r"(?!0+(?:\.0*)?$)" if rule.positive else ""
    return re.compile(rf"^{not_zero}[0-9]{{1,{digits}}}(?:\.[0-9]{{1,{rule.places}}})?$")


def value_errors(spec: EntitySpec, rows: list[dict[str, Any]]) -> dict[int, FieldError]:
    """Each refused record's first problem, by its index in `rows`.

    A column holds few distinct values (a status, a year, a catalog item's price), so each
    distinct value is checked once, and a column of plainly fine values is passed at C speed:
    100k need lines cost a fraction of a second, not the seconds a Checker per line would."""
    table = spec.table
    rules = BY_TABLE.get(spec.name)
    across = rules.across_fields if rules is not None and rules.across is not None else ()
    errors: dict[int, FieldError] = {}
    typed: dict[str, list[Any]] = {}
    for field_spec in (*spec.fields.values(), *META):
        name = field_spec.name
        rule = rules.fields.get(name) if rules is not None else None
        if rule is None and field_spec.kind in ("uid", "bool"):
            continue  # the reader checked their type; nothing more is asked of them
        column = list(map(itemgetter(name), rows))
        fine = _plainly_fine(field_spec, rule, column)
        if fine is not None:
            if name in across:
                # Plainly fine decimals stay text (fast); the rule across fields compares
                # numbers: as text, "91190.27" > "151983.78" refused a valid allocation.
                typed[name] = [None if v is None else Decimal(v) for v in fine] \
                    if field_spec.kind == "decimal" else fine
            continue
        try:
            outcomes = {v: _value_outcome(table, field_spec, rule, v) for v in set(column)}
            results = list(map(outcomes.__getitem__, column))
            bad = any(error is not None for _typed, error in outcomes.values())
        except TypeError:  # unhashable JSON (a list, an object): one value at a time
            results = [_value_outcome(table, field_spec, rule, v) for v in column]
            bad = True
        if name in across:
            typed[name] = [t for t, _error in results]
        if bad:
            for index, (_typed, error) in enumerate(results):
                if error is not None and index not in errors:
                    errors[index] = error
    if across and rules is not None and rules.across is not None:
        # Once per distinct combination of the fields it reads, like the values above.
        combos = list(zip(*(typed[n] for n in across), strict=True))
        verdicts: dict[tuple[Any, ...], FieldError | None] = {}
        for combo in set(combos):
            check = Checker(exact=True)
            rules.across(check, dict(zip(across, combo, strict=True)))
            verdicts[combo] = check.errors[0] if check.errors else None
        if any(verdict is not None for verdict in verdicts.values()):
            for index, combo in enumerate(combos):
                verdict = verdicts[combo]
                if verdict is not None and index not in errors:
                    errors[index] = verdict
    return {index: replace(error, record=spec.label(rows[index])[:80])
            for index, error in errors.items()}


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


def manifest_problem(manifest: Mapping[str, Any]) -> str | None:
    """What the reader's identifier checks (UUIDs, sequence numbers up to 2^63-1, the acks'
    shape) leave to the store: the sequence range stored from the manifest fits its 32-bit
    columns, and its creation time has a zone. None when all is well."""
    check = Checker(exact=True)
    # An ack's seq is only compared (apply holds it to what was sent), never stored as is.
    for name in ("seq_from", "seq_to"):
        value = manifest[name]
        if isinstance(value, int) and not 0 <= value <= INT_MAX:
            check.fail(name, f"{str(value)[:24]} is out of range (0 to {INT_MAX})")
    check.moment("created_at", manifest["created_at"], required=True)
    if not check.errors:
        return None
    error = check.errors[0]
    return f"the manifest's '{error.field}' {error.message}"
