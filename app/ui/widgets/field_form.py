"""A form of labelled inputs whose errors appear under the field that caused them.

Values go to the services as typed text (the services parse and check them, so the UI and
the CLI refuse the same things); a `ValidationError` comes back and `show_errors` puts each
message next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | multiline | check | choice
    hint: str = ""
    choices: tuple[tuple[str, Any], ...] = ()  # (label, value) for "choice"
    width: int = 0  # 0: as wide as the form
    placeholder: str = ""  # short grey text in the empty box; `hint` is the tooltip


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class FieldForm(QWidget):
    def __init__(self, specs: list[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for spec in specs:
            widget = self._make_input(spec)
            widget.setAccessibleName(spec.label.replace("&", ""))
            if spec.hint:
                widget.setToolTip(spec.hint)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setAccessibleName(f"{spec.label.replace('&', '')} error")
            error.hide()
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 4)
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            label = QLabel(f"{spec.label}:")
            label.setBuddy(widget)
            form.addRow(label, cell)
            self.inputs[spec.key] = widget
            self.errors[spec.key] = error

    @staticmethod
    def _make_input(spec: FieldSpec) -> QWidget:
        widget: QWidget
        if spec.kind == "multiline":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(72)
            edit.setPlaceholderText(spec.placeholder)
            widget = edit
        elif spec.kind == "check":
            widget = QCheckBox()
        elif spec.kind == "choice":
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for label, value in spec.choices:
                combo.addItem(label, value)
            widget = combo
        else:
            line = QLineEdit()
            line.setPlaceholderText(spec.placeholder)
            widget = line
        if spec.width:
            widget.setMaximumWidth(spec.width)
            if isinstance(widget, QComboBox):  # items may arrive after the layout is made
                widget.setMinimumWidth(spec.width)
        return widget

    # --- values ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText().strip()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            widget = self.inputs.get(key)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(as_text(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and value not in (None, ""):
                    widget.addItem(str(value), value)  # a value from elsewhere is kept
                    index = widget.count() - 1
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QLineEdit):
                widget.setText(as_text(value))
                widget.setCursorPosition(0)
        self.clear_errors()

    # --- errors ---------------------------------------------------------------------------
    def show_errors(self, by_field: dict[str, str]) -> list[str]:
        """Show each message under its field; returns the messages for fields not on the
        form (to show elsewhere). Focus goes to the first field in error."""
        self.clear_errors()
        leftover = []
        first: QWidget | None = None
        for key, message in by_field.items():
            label = self.errors.get(key)
            if label is None:
                leftover.append(f"{key}: {message}")
                continue
            if message[:1].islower():  # "is required" → "Students is required"
                name = next(sp.label for sp in self.specs if sp.key == key).replace("&", "")
                message = f"{name} {message}"
            label.setText(message)
            label.show()
            widget = self.inputs[key]
            widget.setAccessibleDescription(message)
            if first is None:
                first = widget
        if first is not None:
            first.setFocus()
        return leftover

    def clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.clear()
            label.hide()
            self.inputs[key].setAccessibleDescription("")

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""
