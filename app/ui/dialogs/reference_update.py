"""Updating the reference data from a newer schools file: what it would change (new, closed
and changed schools and members, figures kept because a member confirmed them), and only on
Apply the change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.reference_update import (
    MemberUpdate,
    ReferenceUpdate,
    SchoolUpdate,
    apply_reference_update,
    plan_reference_update,
)
from app.ui.context import AppContext
from app.ui.item_models.rows_model import Column, RowsModel
from app.ui.widgets.table_panel import TablePanel


def _changes(changes: tuple, extra: str) -> str:  # type: ignore[type-arg]
    return "; ".join([*map(str, changes), extra] if extra else map(str, changes))


SCHOOL_COLUMNS: list[Column[SchoolUpdate]] = [
    Column("Change", lambda u: u.action),
    Column("Member", lambda u: u.member_code),
    Column("School", lambda u: u.code),
    Column("Name", lambda u: u.name),
    Column("What changes", lambda u: _changes(u.changes, u.kept), stretch=True),
]
MEMBER_COLUMNS: list[Column[MemberUpdate]] = [
    Column("Change", lambda u: u.action),
    Column("Member", lambda u: u.code),
    Column("Name", lambda u: u.name),
    Column("What changes", lambda u: _changes(u.changes, u.note), stretch=True),
]


def choose_and_update(parent: QWidget, ctx: AppContext) -> ReferenceUpdate | None:
    """Ask for the file, show what it changes; the applied update, or None."""
    path, _chosen = QFileDialog.getOpenFileName(
        parent, "Update reference data from a schools file", "",
        "Schools files (*.csv *.xlsx)")
    if not path:
        return None
    dialog = ReferenceUpdateDialog(ctx, Path(path), parent)
    dialog.exec()
    return dialog.applied


class ReferenceUpdateDialog(QDialog):
    """`applied` holds the update once it has been written."""

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.plan: ReferenceUpdate | None = None
        self.applied: ReferenceUpdate | None = None
        self.setWindowTitle("Update reference data")
        self.resize(1000, 600)
        self._build_ui()
        self.preview()

    def _build_ui(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("Update summary")
        self.schools = TablePanel(RowsModel(SCHOOL_COLUMNS, lambda u: u.code), "schools",
                                  "school, member or change")
        self.members = TablePanel(RowsModel(MEMBER_COLUMNS, lambda u: u.code), "members",
                                  "member or change")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.schools, "Schools")
        self.tabs.addTab(self.members, "Members")
        self.note = QLabel(
            "Figures a member has confirmed, and NSLP counts typed by hand, are kept. Nothing "
            "is written until you press Apply; the changes reach the regions in your next "
            "bundle to each.")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.apply_button = QPushButton("&Apply")
        self.apply_button.setEnabled(False)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def preview(self) -> None:
        try:
            with self.ctx.store.session() as session:
                self.plan = plan_reference_update(session, self.path)
        except UserError as error:
            self.summary.setText(f"<b>File:</b> {_escape(str(self.path))}<br><b>This file is "
                                 f"refused:</b><br>{_escape(str(error)).replace(chr(10), '<br>')}")
            self.note.setText("Nothing was changed.")
            return
        plan = self.plan
        self.schools.set_rows(list(plan.schools))
        self.members.set_rows(list(plan.members))
        self.tabs.setTabText(0, f"Schools ({len(plan.schools):,})")
        self.tabs.setTabText(1, f"Members ({len(plan.members):,})")
        nothing = not plan.schools and not plan.members
        self.summary.setText(
            f"<b>File:</b> {_escape(str(self.path))}<br><b>Would change:</b> "
            f"{'nothing' if nothing else plan.summary}; "
            f"{plan.unchanged_schools:,} schools unchanged.")
        self.apply_button.setEnabled(not nothing)

    def apply(self) -> None:
        if self.plan is None:
            return
        try:
            with self.ctx.store.transaction() as session:
                self.applied = apply_reference_update(session, self.plan)
        except UserError as error:
            QMessageBox.warning(self, "Not applied", str(error))
            return
        self.ctx.notify("*")
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
