"""The bundle format: names, version, limits, and what a record of each entity looks like.

Everything here is derived from the models, so a new synced table (procurements, lots) travels
without sync code changes: its records are its portable fields (parents named by uid), plus
`version` and `updated_at`. See docs/bundle-format.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, Table, Text, inspect
from sqlalchemy.orm import Mapper, RelationshipDirection

from app.models import Base, Synced, table_of
from app.models.portable import NON_CONTENT_COLUMNS
from app.models.types import ScaledDecimal, UTCDateTime

FORMAT_NAME = "consortium-bundle"
FORMAT_VERSION = 1
KEY_FILE_FORMAT = "consortium-key"

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REFS = "refs.jsonl"
ASSIGNMENTS = "member_assignments.jsonl"
RECORDS_DIR = "records/"
# The zip comment holds a second signature, over every byte of the file before the comment's
# length field: the manifest signature covers the content, this one the container, so that
# no byte of a bundle (timestamps, attributes) can change unnoticed.
SEAL_PREFIX = b"consortium-seal:1:"

# Fields a record line carries besides its portable fields.
META_FIELDS = ("version", "updated_at")
# Every identifier a bundle carries (bundle, instance, record and parent uids) is a UUID in
# its canonical 8-4-4-4-12 form: it becomes a file name, a query value and a watermark key,
# so nothing else (a path, an empty string, 10 kB of text) may pass for one.
UID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                    r"[0-9a-fA-F]{12}\Z")
# Sequence numbers, versions and acknowledgements are stored in 64-bit signed columns.
MAX_SEQ = 2**63 - 1
# Who a record belongs to: the state or one of the eight regions.
OWNER_RE = re.compile(r"^(state|region:[1-8])\Z")


def is_uid(value: Any) -> bool:
    return isinstance(value, str) and UID_RE.match(value) is not None


def is_seq(value: Any, low: int = 0) -> bool:
    """An integer (not a bool) in low..2^63-1, as sequence numbers and versions are."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= MAX_SEQ


@dataclass(frozen=True)
class Limits:
    """Caps on untrusted zips, checked on declared sizes first and again while reading.

    Reading holds every record of a bundle in memory (~1.5 KB per need line), so the caps
    on unpacked bytes and lines, not the zip's size, bound the memory a bundle can take: at
    these values under ~500 MB whatever the content. A 100k-line bundle (the stress size in
    docs/performance.md) unpacks to ~55 MB.
    """

    max_members: int = 64
    max_directory_bytes: int = 64 * 1024  # the zip's central directory
    max_file_bytes: int = 64 * 1024 * 1024  # the zip file (its seal is checked over it whole)
    max_member_bytes: int = 128 * 1024 * 1024  # one entry, unpacked
    max_total_bytes: int = 128 * 1024 * 1024  # all entries, unpacked
    max_manifest_bytes: int = 1024 * 1024
    max_signature_bytes: int = 1024
    max_line_bytes: int = 1024 * 1024
    max_lines: int = 200_000  # record lines in all files together
    # Values inside lists and objects (a JSON field, a ref's key) in all lines together:
    # each costs ~50 bytes parsed for 2 bytes of text, so they are counted, not sized.
    max_nested_values: int = 200_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # str | int | bool | decimal | date | datetime | json | uid
    nullable: bool
    max_len: int | None = None


@dataclass(frozen=True)
class EntitySpec:
    """One synced table as it appears in a bundle."""

    name: str  # table name, also the file name records/<name>.jsonl
    model: type[Synced]
    fields: dict[str, FieldSpec]
    # relationship name -> (column key of the FK, parent table name)
    parents: dict[str, tuple[str, str]]
    # natural key columns (unique besides uid): how two instances recognise one record
    natural_key: tuple[str, ...] = field(default=())

    @property
    def table(self) -> Table:
        return table_of(self.model)

    @property
    def file_name(self) -> str:
        return f"{RECORDS_DIR}{self.name}.jsonl"

    def label(self, fields: dict[str, Any]) -> str:
        """How a person recognises the record in a message."""
        noun = self.name.removesuffix("s").replace("_", " ")
        if self.name == "letters_of_agency":
            noun = "letter of agency"
        if self.name == "categories":
            noun = "category"
        uid = str(fields.get("uid", ""))[:8]
        if self.name == "members":
            return f"member {fields.get('code', '')} {fields.get('name', '')}".strip()
        key = " ".join(str(fields.get(k, "")) for k in self.natural_key)
        text = fields.get("name") or fields.get("description") or ""
        return " ".join(p for p in (noun, key or f"{uid}…", str(text)[:60]) if p)


def _kind(column: Any) -> tuple[str, int | None]:
    col_type = column.type
    if isinstance(col_type, ScaledDecimal):
        return "decimal", None
    if isinstance(col_type, UTCDateTime):
        return "datetime", None
    if isinstance(col_type, Boolean):
        return "bool", None
    if isinstance(col_type, Integer):
        return "int", None
    if isinstance(col_type, Date):
        return "date", None
    if isinstance(col_type, JSON):
        return "json", None
    if isinstance(col_type, String | Text):
        return "str", getattr(col_type, "length", None)
    raise TypeError(f"no bundle kind for {column!r}")


def _spec(model: type[Synced]) -> EntitySpec:
    mapper: Mapper[Synced] = inspect(model)
    fk_to_rel: dict[str, tuple[str, str]] = {}
    for rel in mapper.relationships:
        if rel.direction is RelationshipDirection.MANYTOONE:
            # A table column always has a key; the type allows None for anonymous SQL.
            fk_to_rel.update({c.key: (rel.key, rel.mapper.class_.__tablename__)
                              for c in rel.local_columns if c.key is not None})
    fields: dict[str, FieldSpec] = {}
    parents: dict[str, tuple[str, str]] = {}
    natural: list[str] = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if attr.key in NON_CONTENT_COLUMNS:
            continue
        if attr.key == "uid":  # the record's identity: a UUID, not any text of 36 characters
            fields["uid"] = FieldSpec("uid", "uid", False)
            continue
        if attr.key in fk_to_rel:
            rel_name, parent = fk_to_rel[attr.key]
            parents[rel_name] = (attr.key, parent)
            fields[f"{rel_name}_uid"] = FieldSpec(f"{rel_name}_uid", "uid", column.nullable)
            continue
        kind, length = _kind(column)
        fields[attr.key] = FieldSpec(attr.key, kind, bool(column.nullable), length)
        if column.unique and attr.key != "uid":
            natural.append(attr.key)
    return EntitySpec(model.__tablename__, model, fields, parents, tuple(natural))


@cache
def entity_specs() -> dict[str, EntitySpec]:
    """Every synced table, parents before children (the order apply inserts in)."""
    synced = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers
              if issubclass(m.class_, Synced)}
    ordered = [t.name for t in Base.metadata.sorted_tables if t.name in synced]
    return {name: _spec(synced[name]) for name in ordered}


class FieldTypeError(ValueError):
    pass


def check_value(spec: FieldSpec, value: Any) -> None:
    """Raise FieldTypeError when `value` is not what the column takes, as it appears in JSON."""
    if value is None:
        if not spec.nullable:
            raise FieldTypeError("is missing (null) but required")
        return
    kind = spec.kind
    ok = True
    if kind in ("str", "uid"):
        ok = isinstance(value, str)
        if ok and spec.max_len is not None and len(value) > spec.max_len:
            raise FieldTypeError(f"is {len(value)} characters, more than {spec.max_len}")
        if ok and kind == "uid" and not UID_RE.match(value):
            raise FieldTypeError(f"'{value[:40]}' is not a uid")
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "json":
        ok = isinstance(value, list | dict)
    elif kind == "decimal":
        ok = isinstance(value, str)
        if ok:
            try:
                ok = Decimal(value).is_finite()
            except InvalidOperation:
                ok = False
    elif kind == "date":
        ok = isinstance(value, str) and _parses(date.fromisoformat, value)
    elif kind == "datetime":
        ok = isinstance(value, str) and _parses(datetime.fromisoformat, value)
    if not ok:
        raise FieldTypeError(f"{value!r:.40} is not a valid {kind}")


_DECIMAL_TEXT = re.compile(r"^-?[0-9]{1,18}(\.[0-9]{1,12})?$")
_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def column_ok(spec: FieldSpec, values: list[Any]) -> bool:
    """True when every value of one field is valid, checked a column at a time (C-level
    loops); False sends the rows through `check_value` one by one for the exact message.
    Never True for a value `check_value` refuses."""
    if spec.nullable:
        present = [v for v in values if v is not None]
    elif None in values:
        return False
    else:
        present = values
    types = set(map(type, present))
    kind = spec.kind
    if kind in ("str", "uid", "decimal", "date", "datetime"):
        if types - {str}:
            return False
        if kind == "str":
            return spec.max_len is None or max(map(len, present), default=0) <= spec.max_len
        pattern = {"uid": UID_RE, "decimal": _DECIMAL_TEXT, "date": _DATE_TEXT}.get(kind)
        if pattern is not None and not all(map(pattern.match, present)):
            return False
        if kind in ("date", "datetime"):
            parse = date.fromisoformat if kind == "date" else datetime.fromisoformat
            try:
                list(map(parse, set(present)))
            except ValueError:
                return False
        return True
    if kind == "int":
        return not types - {int}
    if kind == "bool":
        return not types - {bool}
    if kind == "json":
        return not types - {list, dict}
    return False


def _parses(parse: Any, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def to_python(spec: FieldSpec, value: Any) -> Any:
    """The JSON value as the column's Python value (already checked by `check_value`)."""
    if value is None:
        return None
    if spec.kind == "decimal":
        return Decimal(value)
    if spec.kind == "date":
        return date.fromisoformat(value)
    if spec.kind == "datetime":
        return datetime.fromisoformat(value)
    return value
