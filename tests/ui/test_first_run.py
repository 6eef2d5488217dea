"""The first-run dialog sets the store up as a region or the state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.errors import FieldError, ValidationError
from app.models.db import Store
from app.ui.dialogs.first_run import FirstRunDialog, field_messages


def _dialog(qtbot, store: Store) -> FirstRunDialog:  # noqa: ANN001
    assert store.data_dir is not None
    dialog = FirstRunDialog(store, store.data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_ok_disabled_until_operator_filled(qtbot, empty_store: Store) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, empty_store)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.operator_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.operator_edit, "Pat")
    assert dialog.ok_button.isEnabled()
    assert str(empty_store.data_dir) in dialog.folder_label.text()


def test_region_4_set_up(qtbot, empty_store: Store) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, empty_store)
    assert dialog.region_radio.isChecked()
    dialog.region_combo.setFocus()
    qtbot.keyClicks(dialog.region_combo, "4")
    assert dialog.region_combo.currentText() == "4 — Sandhills"
    qtbot.keyClicks(dialog.operator_edit, "Pat Jones")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    identity = empty_store.identity()
    assert identity is not None
    assert (identity.role, identity.region, identity.operator) == ("region", 4, "Pat Jones")
    assert dialog.result_ is not None and dialog.result_.members_loaded > 0


def test_state_disables_region(qtbot, empty_store: Store) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, empty_store)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.region_radio.setFocus()
    qtbot.waitUntil(dialog.region_radio.hasFocus)
    qtbot.keyClick(dialog.region_radio, Qt.Key.Key_Down)  # arrow keys move between radios
    assert dialog.state_radio.isChecked()
    assert not dialog.region_combo.isEnabled()
    qtbot.keyClicks(dialog.operator_edit, "S. Coordinator")
    qtbot.keyClick(dialog.operator_edit, Qt.Key.Key_Return)
    identity = empty_store.identity()
    assert identity is not None and (identity.role, identity.region) == ("state", None)


def test_already_initialised_shown_in_dialog(qtbot, region3_store: Store) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, region3_store)
    qtbot.keyClicks(dialog.operator_edit, "Someone Else")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors[""].isVisible()
    assert "already initialised" in dialog.errors[""].text()


def test_validation_errors_go_next_to_fields() -> None:
    error = ValidationError([FieldError("operator", "is required (the coordinator's name)"),
                             FieldError("region", "a region instance needs a number")])
    assert field_messages(error) == {
        "operator": "Operator name is required (the coordinator's name)",
        "region": "A region instance needs a number",
    }


def test_inputs_have_accessible_names(qtbot, empty_store: Store) -> None:  # noqa: ANN001
    dialog = _dialog(qtbot, empty_store)
    for widget in (dialog.region_radio, dialog.state_radio, dialog.region_combo,
                   dialog.operator_edit, dialog.ok_button):
        assert widget.accessibleName()
