"""First run: make this store a regional or the state instance."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.errors import UserError, ValidationError
from app.services.instance import InitResult, init_instance
from app.services.reference_data import REGION_NAMES
from app.services.store import Store

ERROR_STYLE = "color: #b00020;"
FIELD_LABELS = {"role": "Role", "region": "Region", "operator": "Operator name"}


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def field_messages(error: ValidationError) -> dict[str, str]:
    """Messages keyed by the dialog's fields; anything else goes under the form ("")."""
    shown: dict[str, str] = {}
    for name, message in error.by_field().items():
        key = name if name in FIELD_LABELS else ""
        label = FIELD_LABELS.get(name, name)
        text = f"{label} {message}" if message.startswith("is ") else message[:1].upper() \
            + message[1:]
        shown[key] = f"{shown[key]}\n{text}" if key in shown else text
    return shown


def _stacked(top: QWidget | QLayout, below: QWidget) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(2)
    if isinstance(top, QLayout):
        box.addLayout(top)
    else:
        box.addWidget(top)
    box.addWidget(below)
    return box


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir
        self.result_: InitResult | None = None
        self._build_ui()
        self._connect_signals()
        self._update_state()

    def _build_ui(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — set up this computer")
        self.setMinimumWidth(560)
        intro = QLabel(
            "<p><b>Welcome.</b> This folder has no consortium data yet. Say whose copy of the "
            "program this is; a regional copy starts with its region's LEAs, the state copy "
            "with all 115. You can run several copies side by side with different data "
            "folders.</p>")
        intro.setWordWrap(True)

        self.region_radio = QRadioButton("&Regional coordinator")
        self.state_radio = QRadioButton("&State coordinator")
        self.region_radio.setAccessibleName("Role: regional coordinator")
        self.state_radio.setAccessibleName("Role: state coordinator")
        self.region_radio.setChecked(True)
        self.role_group = QButtonGroup(self)
        self.role_group.addButton(self.region_radio)
        self.role_group.addButton(self.state_radio)
        role_box = QVBoxLayout()
        role_box.setSpacing(4)
        role_box.addWidget(self.region_radio)
        role_box.addWidget(self.state_radio)

        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName("Region")
        for number, name in REGION_NAMES.items():
            self.region_combo.addItem(f"{number} — {name}", number)
        self.operator_edit = QLineEdit()
        self.operator_edit.setAccessibleName("Operator name")
        self.operator_edit.setPlaceholderText("your name, e.g. Pat Jones")
        self.operator_edit.setMaxLength(120)
        self.folder_label = QLabel(str(self.data_dir))
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setAccessibleName("Data folder")

        self.errors = {name: _error_label() for name in ("role", "region", "operator", "")}
        folder_hint = QLabel("To use another folder, start the program with "
                             "<code style='white-space:pre'>--data-dir FOLDER</code>.")
        folder_hint.setWordWrap(True)
        folder_hint.setStyleSheet("color: palette(placeholder-text);")
        region_label = QLabel("Re&gion:")
        region_label.setBuddy(self.region_combo)
        operator_label = QLabel("&Operator name:")
        operator_label.setBuddy(self.operator_edit)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        # Each field with its own error line under it, so a hidden error takes no space.
        form.addRow("Role:", _stacked(role_box, self.errors["role"]))
        form.addRow(region_label, _stacked(self.region_combo, self.errors["region"]))
        form.addRow(operator_label, _stacked(self.operator_edit, self.errors["operator"]))
        form.addRow("Data folder:", _stacked(self.folder_label, folder_hint))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Set &up")
        self.ok_button.setAccessibleName("Set up this instance")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.region_radio, self.state_radio)
        QWidget.setTabOrder(self.state_radio, self.region_combo)
        QWidget.setTabOrder(self.region_combo, self.operator_edit)
        QWidget.setTabOrder(self.operator_edit, self.buttons)
        self.operator_edit.setFocus()

    def _connect_signals(self) -> None:
        self.role_group.buttonToggled.connect(lambda *_: self._update_state())
        self.operator_edit.textChanged.connect(lambda *_: self._update_state())
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)

    def role(self) -> str:
        return "state" if self.state_radio.isChecked() else "region"

    def region(self) -> int | None:
        return None if self.role() == "state" else int(self.region_combo.currentData())

    def _update_state(self) -> None:
        self.region_combo.setEnabled(self.role() == "region")
        self.ok_button.setEnabled(bool(self.operator_edit.text().strip()))
        self.errors["operator"].hide()

    def _show_errors(self, messages: dict[str, str]) -> None:
        for name, label in self.errors.items():
            text = messages.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))

    def _on_ok(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_ = init_instance(self.store, self.role(), self.region(),
                                         self.operator_edit.text())
        except ValidationError as error:
            self._show_errors(field_messages(error))
            return
        except UserError as error:
            self._show_errors({"": str(error)})
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
