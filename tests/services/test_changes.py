from __future__ import annotations

from app.models import Counter
from app.models.db import Store
from app.services.changes import EXPORTED_SEQ, unexported_changes
from app.services.needs import create_need


def test_unexported_changes_count_own_records_after_the_watermark(region3_store: Store) -> None:
    with region3_store.session() as session:
        before = unexported_changes(session)  # the region's LEAs loaded at init
    assert before == 14
    with region3_store.transaction() as session:
        create_need(session, {"member": "920", "item": "CB-STU-116", "quantity": "1"})
    with region3_store.transaction() as session:
        assert unexported_changes(session) == before + 1
        session.merge(Counter(name=EXPORTED_SEQ, value=10**9))
    with region3_store.session() as session:
        assert unexported_changes(session) == 0


def test_change_marker_moves_on_every_write(region3_store: Store) -> None:
    """What an open window polls to notice another program's changes (#12 item 10)."""
    from app.services.changes import change_marker
    from app.services.needs import create_need, set_status

    with region3_store.session() as session:
        first = change_marker(session)
    with region3_store.session() as session:
        assert change_marker(session) == first  # reading changes nothing
    with region3_store.transaction() as session:
        uid = create_need(session, {"member": "920", "item": "CB-STU-116",
                                    "quantity": "3"}).uid
    with region3_store.session() as session:
        second = change_marker(session)
    assert second != first
    with region3_store.transaction() as session:
        set_status(session, uid, "withdrawn")
    with region3_store.session() as session:
        assert change_marker(session) not in (first, second)
