"""What every page gets: the store, the data folder, the app-wide events and the UI settings.

Passed explicitly to each page so tests can build one page over any store, and so there is no
global state to reset between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:  # the start-up window is shown before the database layer is imported
    from app.services.instance import InstanceInfo
    from app.services.store import Store


class AppEvents(QObject):
    """App-wide signals. `data_changed` carries what changed ("needs", "members", "*")."""

    data_changed = Signal(str)


@dataclass
class AppContext:
    store: Store
    data_dir: Path
    events: AppEvents
    settings: QSettings

    def info(self) -> InstanceInfo:
        """A fresh description of the instance (counts included); cheap enough to call often."""
        from app.services.instance import instance_info

        return instance_info(self.store)

    def notify(self, what: str = "*") -> None:
        self.events.data_changed.emit(what)
