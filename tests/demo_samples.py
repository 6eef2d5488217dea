"""The statewide demo with its Wi-Fi procurement planned and dated, ready for `demo --bids`
and `demo --award`: the world of the bid, award, OCDS and procurement-file tests."""

from __future__ import annotations

from pathlib import Path

from app.models.db import Store
from app.models.migrate import upgrade
from app.services import packet_settings as ps
from app.services.demo import fill_demo
from app.services.instance import init_instance
from app.services.procurements import create_procurement, edit_procurement

DATES = {"form470_certified_on": "2025-12-01", "rfp_posted_on": "2025-12-01",
         "nc_advertised_on": "2025-12-02", "bid_due_on": "2026-01-14"}


def dated_procurement(store: Store) -> str:
    """Plan the Wi-Fi procurement on a state store holding the demo, with its dates."""
    with store.transaction() as session:
        ref = create_procurement(session, title="Statewide Wi-Fi", funding_year=2026,
                                 categories=["WIRELESS"]).ref
        edit_procurement(session, ref, DATES)
        ps.set_fact(session, ref, "bid_due_time", "2:00 PM")
    return ref


def statewide(root: Path) -> tuple[Store, str]:
    """A state store at `root/state` with the statewide demo and the dated procurement."""
    store = Store.for_data_dir(root / "state")
    upgrade(store)
    init_instance(store, "state", None, "Dana Whitfield")
    fill_demo(store, seed=1)
    return store, dated_procurement(store)
