"""Needs: entering a member's lines at a meeting, and every line of the region."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel, QTabWidget

from app.ui.pages.all_needs import NEED_COLUMNS, AllNeedsTab, need_search_text
from app.ui.pages.base import Page
from app.ui.pages.needs_entry import MemberEntryTab

__all__ = ["NEED_COLUMNS", "NeedsPage", "need_search_text"]


class NeedsPage(Page):
    title = "Needs"
    listens_to = frozenset({"needs", "members", "catalog"})

    def _build_ui(self) -> None:
        self._own_change = False
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.entry = MemberEntryTab(self.ctx, self._notify)
        self.all_needs = AllNeedsTab(self.ctx)
        self.tabs.addTab(self.entry, "Member &entry")
        self.tabs.addTab(self.all_needs, "&All needs")
        self.layout_.addWidget(self.tabs, 1)
        # what existing callers use: the region-wide table and its total
        self.table = self.all_needs.table

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self._tab_changed)

    @property
    def visible_total(self) -> Decimal:
        return self.all_needs.visible_total

    @property
    def total_label(self) -> QLabel:
        return self.all_needs.total_label

    def refresh(self) -> None:
        self.entry.refresh()
        self.all_needs.refresh()

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.all_needs)
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.all_needs and self.all_needs.stale:
            self.all_needs.refresh()

    def _notify(self) -> None:
        """Tell other pages; this page's grid already shows the change."""
        self._own_change = True
        try:
            self.ctx.events.data_changed.emit("needs")
        finally:
            self._own_change = False
        self.all_needs.refresh_later()

    def _on_data_changed(self, what: str) -> None:
        if self._own_change:
            return
        super()._on_data_changed(what)
