"""Dashboard: who this instance is and how much is in it, at a glance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.ui.formatting import count
from app.ui.pages.base import Page

FIGURES = (
    ("members", "Members"),
    ("schools", "Schools"),
    ("contacts", "Contacts"),
    ("catalog_items", "Catalog items"),
    ("needs", "Need lines"),
)


class Figure(QFrame):
    """One big number with its label underneath."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMaximumWidth(240)
        self.value = QLabel("–")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 2.6)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(label)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 14, 10, 14)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setAccessibleName(label)

    def set_value(self, value: int) -> None:
        self.value.setText(count(value))
        self.setAccessibleDescription(f"{value} {self.caption.text().lower()}")


class DashboardPage(Page):
    title = "Dashboard"
    listens_to = frozenset({"members", "schools", "contacts", "catalog", "needs", "instance"})

    def _build_ui(self) -> None:
        self.instance_label = QLabel()
        font = QFont(self.instance_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.instance_label.setFont(font)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setToolTip(
            "Read this to the other coordinator by phone to confirm you exchanged the right "
            "key file.")
        self.layout_.addWidget(self.instance_label)
        self.layout_.addWidget(self.fingerprint_label)
        self.layout_.addSpacing(12)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.figures: dict[str, Figure] = {}
        for column, (key, label) in enumerate(FIGURES):
            figure = Figure(label)
            self.figures[key] = figure
            grid.addWidget(figure, 0, column)
            grid.setColumnStretch(column, 1)
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        info = self.ctx.info()
        self.instance_label.setText(info.title)
        self.fingerprint_label.setText(f"Signing key fingerprint: <b>{info.fingerprint}</b>")
        for key, figure in self.figures.items():
            figure.set_value(info.counts.get(key, 0))
