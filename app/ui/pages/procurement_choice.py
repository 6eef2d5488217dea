"""The procurement chooser the Bids page's panels share: fill it, keep the choice across a
reload, follow the page's choice, and reload when the data it lists changed."""

from __future__ import annotations

from typing import Any


class ProcurementChoice:
    """Mixed into a panel with `ctx`, a `chooser` QComboBox and a `refresh()`."""

    ctx: Any
    chooser: Any
    reload_on: frozenset[str] = frozenset({"*", "bids", "procurements", "vendors"})

    def refresh(self) -> None:
        raise NotImplementedError

    def load_procurements(self) -> None:
        from app.services.procurements import list_procurements

        current = self.current_ref()
        with self.ctx.store.session() as session:
            rows = list_procurements(session)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for row in rows:
            self.chooser.addItem(f"{row.ref} — {row.title}", row.ref)
        self.chooser.blockSignals(False)
        if current:
            self.set_procurement(current)
        else:
            self.refresh()

    def current_ref(self) -> str | None:
        return self.chooser.currentData()

    def set_procurement(self, ref: str) -> None:
        index = self.chooser.findData(ref)
        if index >= 0 and index != self.chooser.currentIndex():
            self.chooser.setCurrentIndex(index)  # refreshes
        else:
            self.refresh()

    def _on_data_changed(self, what: str) -> None:
        if what in self.reload_on:
            self.load_procurements()
