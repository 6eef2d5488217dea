"""Fast inserts for bulk paths (spreadsheet import, demo data, bundles): Core `insert()` with
lists of dicts (~9x the ORM's speed here), stamped and audited exactly as the ORM hook would;
and the cyclic collector paused while a bulk path makes its objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Mapper, RelationshipDirection, Session

from app.models.base import Synced, new_uid
from app.models.instance import AuditEntry
from app.models.portable import NON_CONTENT_COLUMNS, content_hash, jsonable
from app.models.tracking import OPERATOR, audit_row, next_change_seq
from app.models.types import utcnow


@contextmanager
def gc_paused() -> Iterator[None]:
    """A bundle, or the all-needs grid's read, makes a few hundred thousand small objects that
    live on; the cyclic collector would walk them (and everything else alive) again and again
    as they arrive: a third of a 100k-line bundle import, and of the grid's read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _layout(model: type[Synced]) -> tuple[dict[str, str], dict[str, Any]]:
    """FK column → relationship name, and column → scalar Python default."""
    mapper: Mapper[Synced] = inspect(model)
    fk_columns: dict[str, str] = {}
    for rel in mapper.relationships:
        if rel.direction is RelationshipDirection.MANYTOONE:
            # A table column always has a key; the type allows None for anonymous SQL.
            fk_columns.update({c.key: rel.key for c in rel.local_columns if c.key is not None})
    defaults: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        if column.default is not None and column.default.is_scalar:
            defaults[attr.key] = column.default.arg
    return fk_columns, defaults


def insert_synced(session: Session, model: type[Synced], rows: list[dict[str, Any]],
                  parent_uids: Sequence[Mapping[str, str | None]] | None = None,
                  owner: str | None = None, action: str = "create") -> list[str]:
    """Insert `rows` (column values) of a synced model with one change sequence number.

    `parent_uids[i]` maps each many-to-one relationship name to the parent's uid (the
    content hash names parents by uid, never by local id). Each row gets an audit entry.
    Returns the new uids in order.
    """
    if not rows:
        return []
    fk_columns, defaults = _layout(model)
    mapper: Mapper[Synced] = inspect(model)
    content_keys = [a.key for a in mapper.column_attrs if a.key not in NON_CONTENT_COLUMNS]
    seq = next_change_seq(session)
    now = utcnow()
    operator = session.info.get(OPERATOR, "unknown")
    default_owner = owner or session.info.get("owner", "")
    audits = []
    uids = []
    for index, row in enumerate(rows):
        values = {**defaults, **row}
        values.setdefault("uid", new_uid())
        values.setdefault("owner", default_owner)
        values.update(version=1, seq=seq, updated_at=now)
        parents = parent_uids[index] if parent_uids else {}
        portable: dict[str, Any] = {}
        for key in content_keys:
            if key in fk_columns:
                portable[f"{fk_columns[key]}_uid"] = parents.get(fk_columns[key])
            else:
                portable[key] = jsonable(values.get(key))
        values["content_hash"] = content_hash(portable)
        rows[index] = values
        uids.append(values["uid"])
        audits.append(audit_row(operator, model.__tablename__, values["uid"], action, portable))
    session.execute(insert(model), rows)
    session.execute(insert(AuditEntry), audits)
    return uids
