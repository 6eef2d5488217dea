"""A dashboard panel: how many separate procurements the consortium saves its members
(members × lots they take part in, against the consortium's own), by funding source."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.services.demand import EffortRow, aggregate_demand
from app.services.needs import default_funding_year
from app.services.store import Store

SOURCE_LABELS = {"erate": "E-rate", "federal": "Federal grants (RttT…)",
                 "state": "State funds", "local": "Local funds", "all": "All procurements",
                 "potential": "If all demand were bought together"}
# Short headings keep the panel narrow beside the dashboard's member table.
HEADINGS = (("Funding", ""),
            ("Consortium", "Procurements the consortium runs"),
            ("Separate", "Separate procurements they replace (members × lots)"),
            ("Saved", "Separate procurements members no longer run"))


class EffortSavedPanel(QFrame):
    """Call `refresh()` after data changes; the figures come from app.services.demand."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.rows: list[EffortRow] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Effort saved")
        self.title = QLabel("<b>Effort saved</b>")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        layout.addWidget(self.note)

    def refresh(self, funding_year: int | None = None) -> None:
        with self.store.session() as session:
            year = funding_year or default_funding_year(session)
            report = aggregate_demand(session, "item", year)
        self.rows = [*report.effort, report.potential]
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for column, (text, tip) in enumerate(HEADINGS):
            header = QLabel(f"<b>{text}</b>")
            header.setToolTip(tip)
            header.setAlignment(Qt.AlignmentFlag.AlignRight if column else
                                Qt.AlignmentFlag.AlignLeft)
            self.grid.addWidget(header, 0, column)
        for number, row in enumerate(self.rows, start=1):
            cells = (SOURCE_LABELS.get(row.source, row.source),
                     f"{row.consortium_procurements:,}", f"{row.separate_procurements:,}",
                     f"{row.saved:,}")
            for column, text in enumerate(cells):
                label = QLabel(f"<b>{text}</b>" if row.source == "all" else text)
                label.setWordWrap(column == 0)
                label.setAlignment(Qt.AlignmentFlag.AlignRight if column else
                                   Qt.AlignmentFlag.AlignLeft)
                self.grid.addWidget(label, number, column)
        self.note.setText(f"FY{year}: each member taking part in a lot would otherwise run "
                          "its own procurement for it." if year else "")
