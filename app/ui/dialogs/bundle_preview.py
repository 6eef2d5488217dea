"""Importing a bundle: verify, show what it would do (per entity, refused rows with reasons,
conflicts), and only on Apply write it — in one transaction, in the background."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.progress import CancelToken, ProgressFn
from app.sync.apply import ImportResult
from app.sync.kept import COPY_MISSING
from app.sync.plan_types import Refusal
from app.sync.reader import Bundle
from app.sync.service import import_bundle, preview_import
from app.ui.context import AppContext
from app.ui.formatting import count
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.tasks import TaskRunner, run_with_progress
from app.ui.widgets.table_panel import TablePanel


@dataclass(frozen=True)
class CountRow:
    entity: str
    new: int
    updated: int
    unchanged: int
    conflicts: int
    refused: int


@dataclass(frozen=True)
class ConflictLine:
    entity: str
    label: str
    local_version: int
    remote_version: int


COUNT_COLUMNS: list[Column[CountRow]] = [
    Column("Records", lambda r: r.entity, stretch=True),
    Column("New", lambda r: r.new, RIGHT, count),
    Column("Updated", lambda r: r.updated, RIGHT, count),
    Column("Unchanged", lambda r: r.unchanged, RIGHT, count),
    Column("Conflicts", lambda r: r.conflicts, RIGHT, count),
    Column("Refused", lambda r: r.refused, RIGHT, count),
]
REFUSED_COLUMNS: list[Column[Refusal]] = [
    Column("Records", lambda r: r.entity.replace("_", " ")),
    Column("Reason", lambda r: r.reason, stretch=True),
    Column("Later?", lambda r: "held: sent again" if r.held else "refused"),
]
CONFLICT_COLUMNS: list[Column[ConflictLine]] = [
    Column("Records", lambda r: r.entity.replace("_", " ")),
    Column("Record", lambda r: r.label, stretch=True),
    Column("Mine", lambda r: r.local_version, RIGHT, lambda v: f"version {v}"),
    Column("Theirs", lambda r: r.remote_version, RIGHT, lambda v: f"version {v}"),
]


def who(scope: str) -> str:
    return "the state" if scope == "state" else f"Region {scope.removeprefix('region:')}"


class BundlePreviewDialog(QDialog):
    """`applied` holds the result once the bundle has been written."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.path = ctx, runner, path
        self.bundle: Bundle | None = None
        self.preview: ImportResult | None = None
        self.applied: ImportResult | None = None
        self.error: str = ""
        self.setWindowTitle("Import a sync bundle")
        self.resize(980, 600)
        self._build_ui()

    def _build_ui(self) -> None:
        self.summary = QLabel(f"<b>File:</b> {self.path}<br>Verifying the signature and "
                              "contents…")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("Bundle summary")
        self.counts = TablePanel(RowsModel(COUNT_COLUMNS, lambda r: r.entity), "kinds of record",
                                 "kind of record")
        self.refused = TablePanel(RowsModel(REFUSED_COLUMNS, lambda r: r.reason),
                                  "refused records", "record or reason")
        self.conflicts = TablePanel(RowsModel(CONFLICT_COLUMNS, lambda r: r.label),
                                    "conflicts", "record")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.counts, "What changes")
        self.tabs.addTab(self.refused, "Refused")
        self.tabs.addTab(self.conflicts, "Conflicts")
        self.note = QLabel("Nothing is written until you press Apply.")
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

    # --- preview ---------------------------------------------------------------------------
    def start(self) -> CancelToken:
        def work(progress: ProgressFn, token: CancelToken) -> tuple[Bundle, ImportResult]:
            progress(0, 0, f"Verifying {self.path.name}…")
            return preview_import(self.ctx.store, self.path, token)

        return run_with_progress(self, self.runner, "Checking the bundle", work,
                                 self.show_preview, self.show_error)

    def show_preview(self, outcome: tuple[Bundle, ImportResult]) -> None:
        self.bundle, self.preview = outcome
        result, manifest = self.preview, self.bundle.manifest
        kind = "full" if manifest["full"] else "incremental"
        self.summary.setText(
            f"<b>File:</b> {self.path}<br><b>From:</b> {who(result.source_scope)} — signed "
            f"with trusted key <b>{self.bundle.signer_fingerprint}</b> (verified)<br>"
            f"<b>Made:</b> {manifest['created_at'][:16].replace('T', ' ')} UTC, {kind}, "
            f"changes {manifest['seq_from']}–{manifest['seq_to']}")
        self.counts.set_rows([CountRow(e.replace("_", " ").capitalize(), c["new"], c["updated"],
                                       c["unchanged"], c["conflicts"], c["refused"])
                              for e, c in result.counts.items()])
        self.refused.set_rows(result.refused)
        self.conflicts.set_rows([ConflictLine(c["entity"], c["label"], c["local_version"],
                                              c["remote_version"]) for c in result.conflicts])
        self.tabs.setTabText(1, f"Refused ({len(result.refused):,})")
        self.tabs.setTabText(2, f"Conflicts ({len(result.conflicts):,})")
        totals = result.totals()
        if result.already_imported:
            if COPY_MISSING in result.notes:  # Apply writes the copy, and changes no data
                self.note.setText(f"This bundle was already imported. {COPY_MISSING}")
                self.apply_button.setEnabled(True)
                return
            self.note.setText("This bundle was already imported; importing it again changes "
                              "nothing.")
            return
        parts = [f"add {totals.get('new', 0):,} and update {totals.get('updated', 0):,} "
                 "records in one step"]
        if totals.get("conflicts"):
            parts.append(f"keep {totals['conflicts']:,} conflict(s) for you to resolve on the "
                         "Sync page (nothing is overwritten)")
        if totals.get("refused"):
            parts.append(f"leave out {totals['refused']:,} refused record(s)")
        self.note.setText("Apply will " + "; ".join(parts) + ".")
        self.apply_button.setEnabled(True)

    def show_error(self, error: BaseException) -> None:
        self.error = str(error)
        self.summary.setText(f"<b>File:</b> {self.path}<br><b>This bundle is refused:</b> "
                             f"{_escape(self.error)}")
        self.note.setText("Nothing was changed.")

    # --- apply -----------------------------------------------------------------------------
    def apply(self) -> CancelToken:
        self.apply_button.setEnabled(False)

        def work(progress: ProgressFn, token: CancelToken) -> ImportResult:
            return import_bundle(self.ctx.store, self.path, progress=progress, cancel=token)

        def done(result: ImportResult) -> None:
            self.applied = result
            self.ctx.notify("*")
            self.accept()

        def failed(error: BaseException) -> None:
            self.note.setText(f"Not applied: {_escape(str(error))}")
            self.apply_button.setEnabled(True)

        return run_with_progress(self, self.runner, "Importing the bundle", work, done, failed)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
