"""Which spreadsheet files were imported here, by their SHA-256, so that importing one again
is a decision rather than an accident.

The rule: a needs file whose rows carry no id adds lines every time it is imported. After a
crash (or on a second desk) a coordinator cannot tell whether the file went in; importing
it again would double its lines. So each successful import is remembered (hash, name, when,
who, counts) in the same transaction as the import, and a file with the same content that
would add lines again is refused until the caller says `again`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import ImportedFile
from app.models.tracking import OPERATOR


@dataclass(frozen=True)
class PreviousImport:
    file_name: str
    imported_at: datetime
    operator: str
    added: int
    updated: int

    def describe(self) -> str:
        who = f" by {self.operator}" if self.operator else ""
        name = Path(self.file_name).name
        return (f"this file's content was already imported on "
                f"{self.imported_at:%Y-%m-%d %H:%M} UTC{who} (as {name}: {self.added} "
                f"line(s) added, {self.updated} updated)")


class AlreadyImported(UserError):
    """The same file content was imported before and importing it again would add lines."""

    def __init__(self, message: str, previous: PreviousImport) -> None:
        super().__init__(message)
        self.previous = previous


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def previous_import(session: Session, kind: str, sha256: str) -> PreviousImport | None:
    """The latest import of a file with this content, if any."""
    row = session.scalars(select(ImportedFile).where(
        ImportedFile.kind == kind, ImportedFile.sha256 == sha256)
        .order_by(ImportedFile.imported_at.desc(), ImportedFile.id.desc())).first()
    if row is None:
        return None
    return PreviousImport(row.file_name, row.imported_at, row.operator, row.added, row.updated)


def remember_import(session: Session, kind: str, path: Path, sha256: str, added: int,
                    updated: int) -> None:
    """Record a successful import; call it inside the import's own transaction."""
    session.add(ImportedFile(kind=kind, sha256=sha256, file_name=str(path)[-260:],
                             operator=str(session.info.get(OPERATOR, ""))[:120],
                             added=added, updated=updated))
    session.flush()
