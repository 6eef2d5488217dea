"""NC state holidays: yearly data the user keeps up to date, never constants in the code.

The program ships resources/reference/nc_state_holidays.csv (date, holiday), computed from
the State Human Resources Commission's rule; a checked copy installed in the data folder
(`consortium holidays set --file F.csv`) replaces it, e.g. to add next year or to follow
OSHR's published Christmas days. Deadlines move off these days (app.rules.calendar).
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app import paths
from app.errors import UserError, ValidationError
from app.models.db import DATA_DIR
from app.services.values import Checker

HOLIDAYS_FILE = "nc_state_holidays.csv"
COLUMNS = ("date", "holiday")


@dataclass(frozen=True)
class Holiday:
    on: date
    name: str


def _own_file(data_dir: Path | None) -> Path | None:
    return data_dir / HOLIDAYS_FILE if data_dir is not None else None


def holidays_source(session: Session) -> Path:
    """The list in use: the data folder's own copy when there is one, else the shipped."""
    own = _own_file(session.info.get(DATA_DIR))
    return own if own is not None and own.exists() else paths.reference_file(HOLIDAYS_FILE)


def parse_holidays(text: str, source: str) -> list[Holiday]:
    """Rows of `date,holiday` (ISO dates), checked: every bad row is named, nothing kept."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError(f"{source}: the header must be 'date,holiday' (missing "
                        f"{', '.join(missing)})")
    out: list[Holiday] = []
    errors = []
    seen: set[date] = set()
    for number, row in enumerate(reader, start=2):
        check = Checker(row=number, record=source)
        name = check.text("holiday", row.get("holiday"), required=True, max_len=80)
        on = check.date("date", row.get("date"))
        if on is None and not check.errors:
            check.fail("date", "is required")
        if on is not None and on in seen:
            check.fail("date", f"{on.isoformat()} is listed twice")
        errors += check.errors
        if on is not None and not check.errors:
            seen.add(on)
            out.append(Holiday(on, name))
    if errors:
        raise ValidationError(errors, f"{source}: holiday list")
    return sorted(out, key=lambda h: h.on)


def list_holidays(session: Session) -> list[Holiday]:
    path = holidays_source(session)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UserError(f"{path}: cannot read the holiday list ({error.strerror})") from error
    return parse_holidays(text, path.name)


def holiday_dates(session: Session) -> frozenset[date]:
    return frozenset(h.on for h in list_holidays(session))


def install_holidays(session: Session, source: Path) -> list[Holiday]:
    """Check `source` and make it this data folder's holiday list (all or nothing)."""
    target = _own_file(session.info.get(DATA_DIR))
    if target is None:
        raise UserError("This store has no data folder to keep a holiday list in.")
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{source}: cannot read the file as UTF-8 text ({error})") from error
    holidays = parse_holidays(text, source.name)
    if not holidays:
        raise UserError(f"{source}: no holidays in the file")
    try:
        shutil.copyfile(source, target)
    except OSError as error:
        raise UserError(f"{target}: cannot write the holiday list ({error.strerror})") from error
    return holidays
