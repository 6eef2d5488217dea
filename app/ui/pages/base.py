"""What pages share: a heading, and refreshing on `data_changed` only when it matters.

A page that is not on screen only marks itself stale and reloads when it is next shown, so a
change does not make eight pages query the database at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.context import AppContext


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def paragraph(html: str) -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class Page(QWidget):
    """Subclasses set `title` and `listens_to`, build in `_build_ui` and load in `refresh`."""

    title = ""
    # Which data_changed topics concern this page; "*" always does.
    listens_to: frozenset[str] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.setObjectName(f"page_{type(self).__name__}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 18, 24, 18)
        self.layout_.setSpacing(12)
        self.layout_.addWidget(heading(self.title))
        self._build_ui()
        self._connect_signals()
        self.ctx.events.data_changed.connect(self._on_data_changed)

    def _build_ui(self) -> None:
        """Add widgets below the heading."""

    def _connect_signals(self) -> None:
        """Wire widgets to slots."""

    def refresh(self) -> None:
        """Reload from the store. Pages without data leave this empty."""

    def focus_filter(self) -> None:
        """Put the cursor in the page's filter box, if it has one."""

    def ensure_fresh(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_fresh()
        super().showEvent(event)

    def _on_data_changed(self, what: str) -> None:
        if what != "*" and what not in self.listens_to:
            return
        self._stale = True
        if self.isVisible():
            self.ensure_fresh()


class ExplainPage(Page):
    """A page whose features arrive later: says plainly what it will do and what works now."""

    body_html = ""

    def _build_ui(self) -> None:
        self.body = paragraph(self.body_html)
        self.body.setMaximumWidth(900)
        self.layout_.addWidget(self.body)
        self.layout_.addStretch(1)


def explain_html(purpose: str, planned: list[str], commands: list[tuple[str, str]]) -> str:
    """Body text for an ExplainPage: what it is for, what is coming, what works today."""
    items = "".join(f"<li>{p}</li>" for p in planned)
    rows = "".join(
        f"<tr><td style='padding:4px 18px 4px 0'><code>{c}</code></td>"
        f"<td style='padding:4px 0'>{w}</td></tr>"
        for c, w in commands)
    return (f"<p style='line-height:130%'>{purpose}</p>"
            f"<p><b>This page will let you:</b></p><ul style='line-height:130%'>{items}</ul>"
            "<p><b>Available today from the command line</b> (same data folder; run "
            "<code>consortium --help</code> for all options):</p>"
            f"<table>{rows}</table>")
