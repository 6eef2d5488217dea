"""Sync: export and import signed bundles, the history of bundles in and out, trusted keys with
fingerprints, conflicts side by side, and how many changes have not left yet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.changes import unexported_changes
from app.services.progress import CancelToken, ProgressFn
from app.services.scope import current_identity
from app.sync.conflicts import ConflictRow, get_conflict, list_conflicts
from app.sync.export import ExportResult, export_bundle
from app.sync.keys import KeyRow, export_key, list_keys, read_key_file, trust_key
from app.sync.service import BundleRow, bundle_history
from app.ui.dialogs.bundle_preview import BundlePreviewDialog, who
from app.ui.dialogs.conflict_dialog import ConflictDialog
from app.ui.formatting import count
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.pages.base import Page
from app.ui.tasks import TaskRunner, run_with_progress
from app.ui.widgets.table_panel import TablePanel

FOLDER_KEY = "sync/last_folder"

HISTORY_COLUMNS: list[Column[BundleRow]] = [
    Column("When", lambda r: r.recorded_at,
           formatter=lambda v: v.astimezone().strftime("%Y-%m-%d %H:%M")),
    Column("Direction", lambda r: r.direction,
           formatter=lambda v: "Received" if v == "in" else "Sent"),
    Column("Other side", lambda r: who(r.peer_scope)),
    Column("Kind", lambda r: "full" if r.full else "incremental"),
    Column("Records", lambda r: r.records, RIGHT, count,
           tooltip="records written (in) or carried (out)"),
    Column("Conflicts", lambda r: r.conflicts, RIGHT, lambda v: f"{v:,}" if v else ""),
    Column("Refused", lambda r: r.refused, RIGHT, lambda v: f"{v:,}" if v else ""),
    Column("Acknowledged", lambda r: r.acknowledged,
           formatter=lambda v: "" if v is None else ("yes" if v else "not yet")),
    Column("Bundle", lambda r: r.bundle_uid, formatter=lambda v: f"{v[:8]}…",
           tooltip="the bundle's id (the filter finds the whole id)"),
    Column("File", lambda r: r.file_name, stretch=True),
]
KEY_COLUMNS: list[Column[KeyRow]] = [
    Column("Fingerprint", lambda r: r.fingerprint,
           tooltip="compare these 16 characters with the other side by phone"),
    Column("Who", lambda r: r.who),
    Column("Label", lambda r: r.label, max_width=260),
    Column("Instance id", lambda r: r.instance_uid, stretch=True),
]
CONFLICT_COLUMNS: list[Column[ConflictRow]] = [
    Column("#", lambda r: r.id, RIGHT),
    Column("Record", lambda r: r.label, stretch=True),
    Column("From", lambda r: who(r.source_scope)),
    Column("Kind", lambda r: r.kind,
           tooltip="changed on both sides; another instance's edit of a record owned "
                   "here (your answer travels back); or declined by its owner (whose "
                   "answer is final: accept it or correct again)"),
    Column("Fields that differ", lambda r: ", ".join(d.name for d in r.diffs), max_width=300),
    Column("Mine", lambda r: r.local_version, RIGHT, lambda v: f"v{v}"),
    Column("Theirs", lambda r: r.remote_version, RIGHT, lambda v: f"v{v}"),
]


class SyncPage(Page):
    title = "Sync"
    listens_to = frozenset({"needs", "members", "catalog", "sync", "instance"})

    def _build_ui(self) -> None:
        self.runner = TaskRunner(self)
        self.preview_dialog: BundlePreviewDialog | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.intro.setAccessibleName("This instance and its key")
        self.status = QLabel()
        self.status.setAccessibleName("Changes not yet exported")
        self.status.setWordWrap(True)

        self.receiver = QComboBox()
        self.receiver.setAccessibleName("Send to")
        self.full_check = QCheckBox("&Full bundle")
        self.full_check.setToolTip("Everything this instance owns, not only what changed since "
                                   "the other side's last acknowledgement")
        self.export_button = QPushButton("&Export bundle…")
        self.import_button = QPushButton("&Import bundle…")
        actions = QHBoxLayout()
        self.receiver_label = QLabel("Send to:")
        actions.addWidget(self.receiver_label)
        actions.addWidget(self.receiver)
        actions.addWidget(self.full_check)
        actions.addWidget(self.export_button)
        actions.addSpacing(24)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Last sync result")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)  # no empty gap until there is something to say

        self.history = TablePanel(RowsModel(HISTORY_COLUMNS, lambda r: f"{r.peer_scope} "
                                            f"{r.bundle_uid} {r.file_name}"),
                                  "bundles", "region, bundle id or file")
        self.keys = TablePanel(RowsModel(KEY_COLUMNS, lambda r: f"{r.who} {r.fingerprint}"),
                               "keys", "who or fingerprint")
        self.add_key_button = QPushButton("&Trust a key file…")
        self.export_key_button = QPushButton("Save &my key file…")
        key_tab = QWidget()
        key_layout = QVBoxLayout(key_tab)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.add_key_button)
        key_buttons.addWidget(self.export_key_button)
        key_buttons.addStretch(1)
        key_layout.addLayout(key_buttons)
        key_layout.addWidget(self.keys, 1)
        self.conflicts = TablePanel(RowsModel(CONFLICT_COLUMNS, lambda r: r.label),
                                    "open conflicts", "record")
        self.resolve_button = QPushButton("&Resolve selected…")
        conflict_tab = QWidget()
        conflict_layout = QVBoxLayout(conflict_tab)
        conflict_buttons = QHBoxLayout()
        conflict_buttons.addWidget(self.resolve_button)
        conflict_note = QLabel("A conflict is a record changed both here and by its owner, "
                               "or another instance's edit of a record owned here; nothing "
                               "was overwritten. The owner's answer is final: keeping yours "
                               "of a record you do not own sends it to the owner again.")
        conflict_note.setWordWrap(True)
        conflict_buttons.addWidget(conflict_note, 1)
        conflict_buttons.addStretch(1)
        conflict_layout.addLayout(conflict_buttons)
        conflict_layout.addWidget(self.conflicts, 1)

        history_tab = QWidget()
        QVBoxLayout(history_tab).addWidget(self.history)
        self.tabs = QTabWidget()
        self.tabs.addTab(history_tab, "History")
        self.tabs.addTab(key_tab, "Trusted keys")
        self.tabs.addTab(conflict_tab, "Conflicts")
        for widget in (self.intro, self.status):
            self.layout_.addWidget(widget)
        self.layout_.addLayout(actions)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.export_button.clicked.connect(self.export_clicked)
        self.import_button.clicked.connect(self.import_clicked)
        self.add_key_button.clicked.connect(self.trust_clicked)
        self.export_key_button.clicked.connect(self.save_key_clicked)
        self.resolve_button.clicked.connect(self.resolve_clicked)
        self.conflicts.view.doubleClicked.connect(lambda _i: self.resolve_clicked())
        # A table filled while its tab was hidden sized its columns for no width.
        self.tabs.currentChanged.connect(lambda _i: self._current_panel().fit_columns())

    def _current_panel(self) -> TablePanel:
        return [self.history, self.keys, self.conflicts][self.tabs.currentIndex()]

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            identity = current_identity(session)
            pending = unexported_changes(session)
            history = bundle_history(session)
            keys = list_keys(session)
            conflicts = list_conflicts(session)
        own = keys[0]
        self.is_state = identity.role == "state"
        partner = "each region" if self.is_state else "the state"
        self.intro.setText(
            f"Bundles are signed files you carry to {partner} on a USB stick or by e-mail. "
            f"This instance's key fingerprint is <b>{own.fingerprint}</b> — read it to the "
            "other side by phone when you exchange key files.")
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        where = "every region" if self.is_state else "the state"
        self.status.setText(f"<b>{pending:,}</b> change(s) here not yet exported to {where}; "
                            f"<b>{len(conflicts):,}</b> open conflict(s).")
        current = self.receiver.currentData()
        self.receiver.clear()
        if self.is_state:
            for number in range(1, 9):
                self.receiver.addItem(f"Region {number}", f"region:{number}")
            index = self.receiver.findData(current)
            self.receiver.setCurrentIndex(max(index, 0))
        else:
            self.receiver.addItem("The state", "state")
        self.history.set_rows(history)
        self.keys.set_rows(keys)
        self.conflicts.set_rows(conflicts)
        self.tabs.setTabText(2, f"Conflicts ({len(conflicts):,})")
        self.resolve_button.setEnabled(bool(conflicts))

    # --- files ---------------------------------------------------------------------------------
    def _folder(self) -> str:
        return str(self.ctx.settings.value(FOLDER_KEY, str(Path.home())))

    def _remember(self, path: str) -> None:
        self.ctx.settings.setValue(FOLDER_KEY, str(Path(path).parent))

    def ask_save_path(self, title: str, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(self._folder()) / suggested),
                                              pattern)
        return path

    def ask_open_path(self, title: str, pattern: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, title, self._folder(), pattern)
        return path

    # --- export --------------------------------------------------------------------------------
    def export_clicked(self) -> CancelToken | None:
        receiver = str(self.receiver.currentData())
        full = self.full_check.isChecked()
        info = self.ctx.info()
        source = "state" if info.role == "state" else f"region{info.region}"
        name = f"{source}-to-{receiver.replace(':', '')}{'-full' if full else ''}.zip"
        path = self.ask_save_path("Export a sync bundle", name, "Sync bundles (*.zip)")
        if not path:
            return None
        self._remember(path)

        def work(progress: ProgressFn, token: CancelToken) -> ExportResult:
            return export_bundle(self.ctx.store, Path(path), to=receiver, full=full,
                                 progress=progress, cancel=token)

        def done(result: ExportResult) -> None:
            what = f"{result.total:,} records" if result.total else "no new records"
            self.say(f"Wrote {'a full' if full else 'an incremental'} bundle for "
                     f"{who(result.receiver)} with {what} to {result.path}.")
            self.ctx.notify("sync")

        return run_with_progress(self, self.runner, "Exporting a bundle", work, done,
                                 self._failed)

    def _failed(self, error: BaseException) -> None:
        self.say(f"Not done: {error}")

    # --- import --------------------------------------------------------------------------------
    def import_clicked(self) -> BundlePreviewDialog | None:
        path = self.ask_open_path("Import a sync bundle", "Sync bundles (*.zip);;All files (*)")
        if not path:
            return None
        self._remember(path)
        dialog = BundlePreviewDialog(self.ctx, self.runner, Path(path), self)
        dialog.accepted.connect(lambda: self._imported(dialog))
        self.preview_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def _imported(self, dialog: BundlePreviewDialog) -> None:
        result = dialog.applied
        if result is None:
            return
        if result.already_imported:
            self.say(" ".join([f"The bundle from {who(result.source_scope)} was already "
                               "imported; no data changed.", *result.notes]))
            return
        totals = result.totals()
        self.say(
            f"Imported the bundle from {who(result.source_scope)}: {totals.get('new', 0):,} "
            f"new, {totals.get('updated', 0):,} updated, {totals.get('conflicts', 0):,} "
            f"conflicts, {totals.get('refused', 0):,} refused.")

    # --- keys ----------------------------------------------------------------------------------
    def trust_clicked(self) -> None:
        path = self.ask_open_path("Trust a key file", "Key files (*.key *.json);;All files (*)")
        if not path:
            return
        self._remember(path)
        try:
            info = read_key_file(Path(path))
        except UserError as error:  # said here, next to the button; a bug reaches the crash dialog
            self.say(f"Not trusted: {error}")
            return
        if not self.confirm_fingerprint(info.label, info.fingerprint):
            return
        try:
            with self.ctx.store.transaction() as session:
                result = trust_key(session, info)
        except UserError as error:
            self.say(f"Not trusted: {error}")
            return
        extra = f" (replaces {result.replaced})" if result.replaced else ""
        self.say(f"Trusted {info.label}, fingerprint {info.fingerprint}{extra}.")
        self.ctx.notify("sync")

    def confirm_fingerprint(self, label: str, fingerprint: str) -> bool:
        answer = QMessageBox.question(
            self, "Trust this key?",
            f"{label}\n\nFingerprint: {fingerprint}\n\nTrust it only if the other coordinator "
            "reads you the same fingerprint from their Sync page.")
        return answer == QMessageBox.StandardButton.Yes

    def save_key_clicked(self) -> None:
        info = self.ctx.info()
        name = "state.key" if info.role == "state" else f"region{info.region}.key"
        path = self.ask_save_path("Save this instance's key file", name, "Key files (*.key)")
        if not path:
            return
        self._remember(path)
        key = export_key(self.ctx.store.require_identity(), Path(path))
        self.say(f"Saved {path} — fingerprint {key.fingerprint}. Send it to the "
                             "other side and read them the fingerprint.")

    # --- conflicts -----------------------------------------------------------------------------
    def resolve_clicked(self) -> ConflictDialog | None:
        rows = self.conflicts.view.selectionModel().selectedRows()
        visible = self.conflicts.visible_rows()
        if not visible:
            return None
        chosen = visible[rows[0].row()] if rows else visible[0]
        with self.ctx.store.session() as session:
            fresh = get_conflict(session, chosen.id)
        dialog = ConflictDialog(self.ctx, fresh, self)
        dialog.open()
        return dialog
