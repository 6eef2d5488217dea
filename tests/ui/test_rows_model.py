"""The generic rows model and the number formats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from app.ui.formatting import money, quantity
from app.ui.item_models.rows_model import RIGHT, Column, RowsFilterProxy, RowsModel


@dataclass(frozen=True)
class Row:
    name: str
    price: Decimal | None
    when: date


COLUMNS = [Column("Name", lambda r: r.name), Column("Price", lambda r: r.price, RIGHT, money),
           Column("When", lambda r: r.when)]
ROWS = [Row("beta", Decimal("9.5"), date(2026, 1, 2)), Row("Alpha", None, date(2025, 5, 1)),
        Row("gamma", Decimal("10"), date(2027, 3, 3))]


def _proxy() -> RowsFilterProxy:
    model = RowsModel(COLUMNS, lambda r: r.name)
    model.set_rows(ROWS)
    return RowsFilterProxy(model)


def _column(proxy: RowsFilterProxy, column: int) -> list[object]:
    return [proxy.index(r, column).data(Qt.ItemDataRole.UserRole)
            for r in range(proxy.rowCount())]


def test_display_and_native_values() -> None:
    proxy = _proxy()
    assert proxy.index(0, 1).data() == "$9.50"
    assert proxy.index(0, 1).data(Qt.ItemDataRole.UserRole) == Decimal("9.5")
    assert proxy.headerData(1, Qt.Orientation.Horizontal) == "Price"


def test_sorting_is_on_native_values() -> None:
    proxy = _proxy()
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert _column(proxy, 1) == [Decimal("9.5"), Decimal("10"), None]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert _column(proxy, 1) == [Decimal("10"), Decimal("9.5"), None]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert _column(proxy, 0) == ["Alpha", "beta", "gamma"]
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    assert _column(proxy, 2)[0] == date(2027, 3, 3)


def test_filter_keeps_working_after_sort() -> None:
    proxy = _proxy()
    proxy.sort(2, Qt.SortOrder.AscendingOrder)
    proxy.set_needle("A")
    assert sorted(_column(proxy, 0)) == ["Alpha", "beta", "gamma"]
    proxy.set_needle("GAM")
    assert [r.name for r in proxy.visible_rows()] == ["gamma"]


def test_formats() -> None:
    assert money(Decimal("1234.5")) == "$1,234.50"
    assert money(Decimal("-3")) == "-$3.00"
    assert quantity(Decimal("1200.000")) == "1,200"
    assert quantity(Decimal("2.500")) == "2.5"
