"""A school, contact or letter removed on its region reaches the state as removed: the
tombstone travels as an ordinary update, nothing is deleted on either side."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sync_helpers import Factory, exchange_keys

from app.models import Contact, LetterOfAgency, School
from app.models.db import Store
from app.services.letters import add_letter, list_letters, remove_letter
from app.services.schools import (
    add_contact,
    add_school,
    list_contacts,
    list_schools,
    remove_contact,
    remove_school,
)
from app.sync.export import export_bundle
from app.sync.service import import_bundle


def stored(store: Store, model: type, uid: str) -> tuple[bool, int, str]:
    with store.session() as session:
        record = session.scalar(select(model).where(model.uid == uid))
        return record.deleted, record.version, record.content_hash


def test_removals_on_the_region_arrive_at_the_state(make_store: Factory, state_store: Store,
                                                    tmp_path: Path) -> None:
    region = make_store("region", 3)
    exchange_keys(region, state_store)
    with region.transaction() as session:
        school = add_school(session, "920", {"code": "920N04", "name": "Apex Elementary",
                                             "students": "600"})
        contact = add_contact(session, "920", {"name": "Keith Cooper"})
        letter = add_letter(session, "920", {"first_funding_year": "2026",
                                             "last_funding_year": "2026"})
    import_bundle(state_store, export_bundle(region, tmp_path / "first.zip").path)
    with state_store.session() as session:
        assert "920N04" in [s.code for s in list_schools(session, "920")]

    with region.transaction() as session:
        remove_school(session, "920N04")
        remove_contact(session, contact.uid)
        remove_letter(session, letter.uid)
    result = import_bundle(state_store, export_bundle(region, tmp_path / "second.zip").path)

    for table in ("schools", "contacts", "letters_of_agency"):
        assert result.counts[table]["updated"] == 1, (table, result.counts[table])
        assert result.counts[table]["conflicts"] == 0
    for model, uid in ((School, school.uid), (Contact, contact.uid),
                       (LetterOfAgency, letter.uid)):
        assert stored(state_store, model, uid) == stored(region, model, uid)
        assert stored(state_store, model, uid)[:2] == (True, 2)
    with state_store.session() as session:
        assert "920N04" not in [s.code for s in list_schools(session, "920")]
        assert list_contacts(session, "920") == []
        assert list_letters(session, "920") == []
