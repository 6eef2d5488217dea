"""Settings: who this instance is and where its data lives (read-only for now)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel

from app.ui.pages.base import Page, paragraph

FIELDS = (
    ("operator", "Operator"),
    ("role", "Role"),
    ("instance", "Instance id"),
    ("fingerprint", "Key fingerprint"),
    ("data_dir", "Data folder"),
    ("database", "Database"),
    ("schema", "Schema revision"),
)


class SettingsPage(Page):
    title = "Settings"
    listens_to = frozenset({"instance"})

    def _build_ui(self) -> None:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(10)
        self.values: dict[str, QLabel] = {}
        for key, label in FIELDS:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            value.setAccessibleName(label)
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(f"{label}:", value)
        self.layout_.addLayout(form)
        self.layout_.addSpacing(8)
        note = paragraph(
            "These are set when the instance is initialised. To change the operator or role, "
            "run <code>consortium init --force</code>: it keeps the data but makes a new "
            "instance identity and signing key, so the other side of every sync needs your "
            "new key file.")
        note.setMaximumWidth(900)
        self.layout_.addWidget(note)
        self.layout_.addStretch(1)

    def refresh(self) -> None:
        info = self.ctx.info()
        role = "State coordinator" if info.role == "state" else \
            f"Regional coordinator — Region {info.region} ({info.region_name})"
        texts = {
            "operator": info.operator,
            "role": role,
            "instance": info.instance_uid,
            "fingerprint": info.fingerprint,
            "data_dir": str(self.ctx.data_dir),
            "database": info.database,
            "schema": info.schema_revision or "(none)",
        }
        for key, text in texts.items():
            self.values[key].setText(text)
            self.values[key].setTextFormat(Qt.TextFormat.PlainText)
