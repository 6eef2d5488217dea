"""A record as it looks on every instance: local integer keys replaced by uids.

The content hash is taken over this form, so two instances holding the same record
compute the same hash whatever their local ids are.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import inspect
from sqlalchemy.orm import RelationshipDirection

# Bookkeeping columns that change without the content changing.
NON_CONTENT_COLUMNS = frozenset({"id", "seq", "version", "updated_at", "content_hash"})


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Normalised so that 100, 100.0 and 100.000 (before and after a round trip through
        # the database) hash alike.
        return f"{value.normalize():f}"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def portable_fields(obj: Any) -> dict[str, Any]:
    """Content columns of `obj`, with each many-to-one key given as ``<relationship>_uid``."""
    mapper = inspect(obj).mapper
    fk_columns: dict[str, str] = {}
    for rel in mapper.relationships:
        if rel.direction is RelationshipDirection.MANYTOONE:
            for column in rel.local_columns:
                fk_columns[column.key] = rel.key
    out: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        key = attr.key
        if key in NON_CONTENT_COLUMNS:
            continue
        if key in fk_columns:
            target = getattr(obj, fk_columns[key])
            out[f"{fk_columns[key]}_uid"] = target.uid if target is not None else None
        else:
            out[key] = jsonable(getattr(obj, key))
    return out


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8 as is: the bytes every instance hashes alike.

    orjson writes exactly what ``json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` writes for the values records hold (strings, integers, booleans,
    null, lists and objects of them; tests/models/test_portable.py checks it on random
    values) at about a quarter of the cost; what orjson refuses (integers past 64 bits)
    goes through the standard library."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False).encode("utf-8")


def content_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields)).hexdigest()
