"""The all-needs grid's model: a `RowsModel` whose rows are line numbers into a `NeedGrid`.

The columns are those of the `NeedRow` table (same headers, widths, formats, native values);
only their accessors read the grid's lists. Cells are formatted when shown; the sort key of
a column is built once per load (stored integers for numbers, case-folded text once per
distinct value) and a sort only reorders line numbers; the search text is built from
case-folded parts once, on the first filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from operator import itemgetter
from typing import Any

from app.services.need_grid import NeedGrid, need_grid_empty, sources_tuple
from app.services.needs import NeedRow
from app.ui.item_models.rows_model import Column, RowsModel


def _folded(values: list[str]) -> list[str]:
    """Each value case-folded, folding every distinct value once."""
    folded = {v: v.casefold() for v in set(values)}
    return [folded[v] for v in values]


def _ranks(values: list[Any], key: Callable[[Any], str]) -> list[int]:
    """Each value's place among the distinct `key`s in order: sorts as `key` does (equal
    keys, equal ranks) but compares integers, twice as fast as text over 100k lines. The
    columns hold a few hundred distinct texts at most, so each is keyed once."""
    keyed = {v: key(v) for v in set(values)}
    place = {k: i for i, k in enumerate(sorted(set(keyed.values())))}
    rank = {v: place[k] for v, k in keyed.items()}
    return [rank[v] for v in values]


def sources_text(stored: str) -> str:
    return ", ".join(sources_tuple(stored))


class NeedGridModel(RowsModel[int]):
    """`columns`: the `NeedRow` columns to show, by header (see `_ACCESSORS`)."""

    def __init__(self, columns: Sequence[Column[NeedRow]], parent: Any = None) -> None:
        self.grid: NeedGrid = need_grid_empty()
        self._member_text: dict[int, str] = {}
        self._keys: dict[int, list[Any]] = {}
        self._base_haystacks: list[str] | None = None
        self._by_status: tuple[list[int], list[int], list[bool]] | None = None
        accessors = self._accessors()
        super().__init__([replace(c, accessor=accessors[c.header]) for c in columns],
                         None, parent)
        self._key_builders = [self._key_builder(c.header) for c in self.columns]

    def _accessors(self) -> dict[str, Callable[[int], Any]]:
        """A column's native value for line i, as the `NeedRow` column's accessor gives it."""
        return {
            "Member": lambda i: self._member_text[self.grid.member_id[i]],
            "Item": lambda i: self.grid.item_code[i],
            "Description": lambda i: self.grid.description[i],
            "Qty": lambda i: self.grid.quantity_at(i),
            "Unit": lambda i: self.grid.unit[i],
            "Unit price": lambda i: self.grid.unit_price_at(i),
            "Amount": lambda i: self.grid.amount_at(i),
            "FY": lambda i: self.grid.funding_year[i],
            "Sources": lambda i: sources_text(self.grid.funding_sources[i]),
            "Current vendor": lambda i: self.grid.current_vendor[i],
            "Preferred vendor": lambda i: self.grid.preferred_vendor[i],
            "Notes": lambda i: self.grid.notes[i],
            "Status": lambda i: self.grid.status[i],
        }

    def _key_builder(self, header: str) -> Callable[[], list[Any]]:
        """The sort key of every line, in the grid's order, ordering as `RowsModel`'s keys
        (case-folded text, the native number) do: texts by their rank, numbers as the stored
        integers (of one scale, they order as their Decimals do)."""
        numbers = {"Qty": "quantity", "Unit price": "unit_price", "Amount": "cents",
                   "FY": "funding_year"}
        texts = {"Item": "item_code", "Description": "description", "Unit": "unit",
                 "Current vendor": "current_vendor", "Preferred vendor": "preferred_vendor",
                 "Notes": "notes", "Status": "status"}
        if header in numbers:
            return lambda: getattr(self.grid, numbers[header])
        if header in texts:
            return lambda: _ranks(getattr(self.grid, texts[header]), str.casefold)
        if header == "Sources":
            return self._sources_keys
        if header == "Member":
            return self._member_keys
        raise KeyError(header)

    def _sources_keys(self) -> list[int]:
        return _ranks(self.grid.funding_sources, lambda s: sources_text(s).casefold())

    def _member_keys(self) -> list[int]:
        return _ranks(self.grid.member_id, lambda m: self._member_text[m].casefold())

    def set_grid(self, grid: NeedGrid) -> None:
        self.grid = grid
        self._member_text = {m: f"{code} {name}" for m, (code, name) in grid.members.items()}
        self._keys = {}
        self._base_haystacks = None
        self._by_status = None
        self.set_rows(range(len(grid)))

    def _sort_keys(self, column: int) -> list[Any]:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = self._key_builders[column]()
        return [keys[i] for i in self._rows]

    def _haystack_list(self) -> list[str] | None:
        if self._haystacks is None:
            if self._base_haystacks is None:
                self._base_haystacks = self._build_haystacks()
            base = self._base_haystacks
            self._haystacks = [base[i] for i in self._rows]
        return self._haystacks

    def _build_haystacks(self) -> list[str]:
        """`need_search_text` of every line, case-folded (folding the parts is the same as
        folding the whole: case folding maps each character on its own)."""
        g = self.grid
        member = {m: t.casefold() for m, t in self._member_text.items()}
        spaced = {s: " ".join(sources_tuple(s)).casefold() for s in set(g.funding_sources)}
        return [f"{member[m]} {i} {d} {s} {y} {c} {p} {n} {spaced[f]}" for
                m, i, d, s, y, c, p, n, f in zip(
                    g.member_id, _folded(g.item_code), _folded(g.description),
                    _folded(g.status), g.funding_year, _folded(g.current_vendor),
                    _folded(g.preferred_vendor), _folded(g.notes), g.funding_sources,
                    strict=True)]

    def totals(self, lines: Sequence[int]) -> tuple[Decimal, Decimal, int]:
        """(confirmed amount, draft amount, number withdrawn) of the given lines."""
        if self._by_status is None:  # once per load: each line's cents under its status
            cents, status = self.grid.cents, self.grid.status
            self._by_status = (
                [c if s == "confirmed" else 0 for c, s in zip(cents, status, strict=True)],
                [c if s == "draft" else 0 for c, s in zip(cents, status, strict=True)],
                [s == "withdrawn" for s in status])
        columns = self._by_status
        if len(lines) == len(self.grid):  # every line: no need to pick
            picked = columns
        elif len(lines) > 1:  # itemgetter picks the lines' values in C
            pick = itemgetter(*lines)
            picked = tuple(pick(column) for column in columns)
        else:
            picked = tuple([column[i] for i in lines] for column in columns)
        confirmed, draft, withdrawn = (sum(column) for column in picked)
        return Decimal(confirmed).scaleb(-2), Decimal(draft).scaleb(-2), withdrawn
