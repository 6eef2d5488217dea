"""The all-needs grid's column-wise model shows, sorts and filters exactly as the generic
rows model does over `NeedRow`s (what the page used before): same cells, same orders
(ties included), same matches, also when a filter narrows the previous one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models.db import Store
from app.services.demo import fill_demo
from app.services.need_grid import need_grid
from app.services.needs import create_need, list_needs, set_status
from app.ui.item_models.need_grid_model import NeedGridModel
from app.ui.item_models.rows_model import RowsFilterProxy, RowsModel
from app.ui.pages.all_needs import NEED_COLUMNS, need_search_text

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole,
         Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole)


def _pair(store: Store) -> tuple[RowsFilterProxy, RowsFilterProxy]:
    fill_demo(store, seed=5, lines_per_member=5)
    with store.transaction() as session:
        odd = create_need(session, {"member": "920", "description": "Straße-Kabel ÉCRAN",
                                    "unit": "Each", "quantity": "2.5", "unit_price": "0.05",
                                    "funding_sources": "state,local"})
        set_status(session, odd.uid, "withdrawn")
    with store.session() as session:
        rows, grid = list_needs(session), need_grid(session)
    old = RowsModel(NEED_COLUMNS, need_search_text)
    old.set_rows(rows)
    new = NeedGridModel(NEED_COLUMNS)
    new.set_grid(grid)
    return RowsFilterProxy(old), RowsFilterProxy(new)


def _cells(proxy: RowsFilterProxy) -> list[tuple[object, ...]]:
    # proxy.data(), not index.data(): PySide6 6.12 drops a reference to None each time
    # QModelIndex.data() returns None to Python, and thousands of cells crash the test.
    return [tuple(proxy.data(proxy.index(r, c), role) for c in range(proxy.columnCount())
                  for role in ROLES) for r in range(proxy.rowCount())]


def test_same_columns_cells_and_order(region3_store: Store) -> None:
    old, new = _pair(region3_store)
    assert [c.header for c in new.source_rows().columns] == [c.header for c in NEED_COLUMNS]
    assert _cells(new) == _cells(old)


def test_every_column_sorts_the_same_both_ways(region3_store: Store) -> None:
    old, new = _pair(region3_store)
    # one sort after another, so ties keep the previous sort's order in both
    for column in [*range(len(NEED_COLUMNS)), 3, 0, 12, 7]:
        for order in (ASC, DESC):
            old.sort(column, order)
            new.sort(column, order)
            assert _cells(new) == _cells(old), (NEED_COLUMNS[column].header, order)


def test_filters_match_the_same_lines_and_narrow(region3_store: Store) -> None:
    old, new = _pair(region3_store)
    new.sort(6, DESC)
    old.sort(6, DESC)
    for needle in ["w", "wa", "wak", "STRASSE", "straße", "écran", "state loc", "2026",
                   "zzz", "", "e", "ea"]:
        old.set_needle(needle)
        new.set_needle(needle)
        assert _cells(new) == _cells(old), needle
        fresh = RowsFilterProxy(new.source_rows())  # matches without the previous needle
        fresh.set_needle(needle)
        assert _cells(fresh) == _cells(new), needle
    old.set_needle("a")
    new.set_needle("a")
    old.sort(1, ASC)
    new.sort(1, ASC)  # a sort under a filter keeps the same lines, in the new order
    assert _cells(new) == _cells(old)


def test_totals_of_the_lines_shown(region3_store: Store) -> None:
    _old, new = _pair(region3_store)
    model = new.source_rows()
    assert isinstance(model, NeedGridModel)
    with region3_store.session() as session:
        rows = list_needs(session)
    for lines in (list(range(len(rows))), list(range(0, len(rows), 3)), [4], []):
        chosen = [rows[i] for i in lines]
        confirmed, draft, withdrawn = model.totals(lines)
        assert confirmed == sum(r.amount for r in chosen if r.status == "confirmed")
        assert draft == sum(r.amount for r in chosen if r.status == "draft")
        assert withdrawn == sum(r.status == "withdrawn" for r in chosen)
