"""The all-needs grid's column-wise read gives exactly the lines `list_needs` gives."""

from __future__ import annotations

from app.models.db import Store
from app.services.demo import fill_demo
from app.services.need_grid import need_grid, sources_tuple
from app.services.needs import create_need, list_needs, set_status


def _add_odd_lines(store: Store) -> None:
    """Lines the demo does not make: off-catalog, odd amounts, non-ASCII, withdrawn."""
    with store.transaction() as session:
        create_need(session, {"member": "920", "description": "Straße-Kabel ÉCRAN",
                              "unit": "each", "quantity": "2.5", "unit_price": "0.05",
                              "funding_sources": "local,state"})
        odd = create_need(session, {"member": "320", "description": "Half cent",
                                    "unit": "box", "quantity": "0.333",
                                    "unit_price": "1.50", "funding_sources": ""})
        set_status(session, odd.uid, "withdrawn")


def test_grid_is_list_needs_column_wise(region3_store: Store) -> None:
    fill_demo(region3_store, seed=3, lines_per_member=4)
    _add_odd_lines(region3_store)
    with region3_store.session() as session:
        rows = list_needs(session)
        grid = need_grid(session)
    assert len(grid) == len(rows) > 40
    for i, row in enumerate(rows):
        assert grid.members[grid.member_id[i]] == (row.member_code, row.member_name)
        assert (grid.item_code[i], grid.description[i], grid.unit[i]) == \
            (row.item_code, row.description, row.unit)
        # the same Decimals, to the exponent: they are shown and sorted as they are
        assert str(grid.quantity_at(i)) == str(row.quantity)
        assert str(grid.unit_price_at(i)) == str(row.unit_price)
        assert str(grid.amount_at(i)) == str(row.amount)
        assert sources_tuple(grid.funding_sources[i]) == row.funding_sources
        assert (grid.funding_year[i], grid.current_vendor[i], grid.preferred_vendor[i],
                grid.notes[i], grid.status[i]) == (
            row.funding_year, row.current_vendor, row.preferred_vendor, row.notes,
            row.status)
    assert "withdrawn" in grid.status and "" in grid.item_code


def test_empty_store_gives_an_empty_grid(region3_store: Store) -> None:
    with region3_store.session() as session:
        grid = need_grid(session)
    assert len(grid) == 0 and grid.status == []
