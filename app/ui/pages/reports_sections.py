"""The Reports page's tabs: a packet's sections with their text (edit, reset to default,
preview with placeholders filled), its evaluation criteria, and the region needs summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.reports.packet.dto import SECTION_KEYS, SECTION_TITLES, BidPacket
from app.services import packet_settings as ps
from app.services.member_regions import region_choices
from app.services.progress import CancelToken, ProgressFn
from app.services.scope import current_identity
from app.ui.crash import show_user_error
from app.ui.tasks import run_with_progress
from app.ui.widgets.criteria_editor import CriteriaEditor

if TYPE_CHECKING:
    from app.ui.pages.reports import ReportsPage

ONLY_WITH = {"forms_erate": "printed only when E-rate money is involved",
             "forms_federal": "printed only when federal grant money pays",
             "terms_federal": "printed only when federal grant money pays"}


def wrapped(text: str) -> QLabel:
    """A label that wraps, so long text never sets the window's minimum width."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SectionsTab(QWidget):
    def __init__(self, page: ReportsPage) -> None:
        super().__init__()
        self.page = page
        self.packet: BidPacket | None = None
        self.list = QListWidget()
        self.list.setObjectName("section_list")
        self.list.setMinimumWidth(200)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("section_editor")
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(mono)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("section_preview")
        self.preview.setReadOnly(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.save_button = QPushButton("Save text")
        self.save_button.setObjectName("save_section")
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.setObjectName("reset_section")
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.state)
        column.addWidget(wrapped("Text (## numbered subsection, - bullet, **bold**, "
                                 "[[page]], [[sign: Label | Label]], {placeholders}):"))
        column.addWidget(self.editor, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)
        column.addWidget(QLabel("As it will print (placeholders filled):"))
        column.addWidget(self.preview, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        self.list.currentRowChanged.connect(lambda _r: self._show_current())
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)

    def set_editable(self, editable: bool) -> None:
        self.editor.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.reset_button.setEnabled(editable)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def show_packet(self, packet: BidPacket | None) -> None:
        key = self.current_key()
        self.packet = packet
        self.list.blockSignals(True)
        self.list.clear()
        if packet is not None:
            for section_key in SECTION_KEYS:
                section = packet.section(section_key)
                label = SECTION_TITLES[section_key]
                if section is not None and section.overridden:
                    label += "  (edited)"
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, section_key)
                self.list.addItem(item)
        keys = [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]
        self.list.setCurrentRow(keys.index(key) if key in keys else 0)
        self.list.blockSignals(False)
        self._show_current()

    def _show_current(self) -> None:
        key, packet = self.current_key(), self.packet
        if key is None or packet is None:
            self.editor.setPlainText("")
            self.preview.setPlainText("")
            self.state.setText("")
            return
        section = packet.section(key)
        with self.page.ctx.store.session() as session:
            from app.services.erate import find_procurement

            texts = ps.overrides(session, find_procurement(session, packet.ref))
        self.editor.setPlainText(texts.get(key, ps.default_text(key)))
        self.preview.setPlainText(section.text if section else "")
        note = ONLY_WITH.get(key, "")
        source = "edited for this procurement" if key in texts else "the default text"
        self.state.setText(f"<b>{SECTION_TITLES[key]}</b> — {source}"
                           + (f"; {note}" if note else "")
                           + (". Data tables (lots, quantities, members…) follow the text."
                              if key in ("consortium", "schedule", "scope", "quantities",
                                         "pricing", "evaluation", "members") else "."))

    def _store(self, text: str | None) -> None:
        key, packet = self.current_key(), self.packet
        if key is None or packet is None:
            return
        try:
            with self.page.ctx.store.transaction() as session:
                ps.set_section_text(session, packet.ref, key, text)
        except UserError as error:
            show_user_error(error, self)
            return
        self.page.changed()

    def save(self) -> None:
        self._store(self.editor.toPlainText())

    def reset(self) -> None:
        self._store(None)


class CriteriaTab(QWidget):
    def __init__(self, page: ReportsPage) -> None:
        super().__init__()
        self.page = page
        self.ref: str | None = None
        self.editor = CriteriaEditor(self)
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.note)
        self.editor.save_requested.connect(self.save)
        self.editor.defaults_requested.connect(
            lambda: self.editor.set_rows(list(ps.DEFAULT_CRITERIA)))

    def set_editable(self, editable: bool) -> None:
        for button in (self.editor.save_button, self.editor.add_button,
                       self.editor.remove_button, self.editor.defaults_button):
            button.setEnabled(editable)

    def show_packet(self, packet: BidPacket | None, ref: str | None) -> None:
        self.ref = ref
        if ref is None or packet is None:
            self.editor.set_rows([])
            self.note.setText("")
            return
        with self.page.ctx.store.session() as session:
            rows, default = ps.list_criteria(session, ref)
        self.editor.set_rows(rows)
        self.note.setText("These are the default criteria; save them to fix them for this "
                          "procurement." if default else "")

    def save(self, rows: list[dict[str, Any]]) -> None:
        if self.ref is None:
            return
        try:
            with self.page.ctx.store.transaction() as session:
                ps.set_criteria(session, self.ref, rows)
        except UserError as error:
            show_user_error(error, self)
            return
        self.page.changed()


class RegionTab(QWidget):
    FOLDER_KEY = "folders/region_summaries"

    def __init__(self, page: ReportsPage) -> None:
        super().__init__()
        self.page = page
        self.region = QComboBox()
        self.region.setObjectName("region_combo")
        self.region.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.save_button = QPushButton("Save region summary…")
        self.save_button.setObjectName("save_region_summary")
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("Region:"))
        row.addWidget(self.region)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(
            "A region's needs for the funding year in focus: each member's confirmed and "
            "draft lines and amounts, its confirmation status, and the totals by category — "
            "to print beside the members' confirmation sheets."))
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.ask_and_save)

    def refresh(self) -> None:
        """The state chooses any region; a region's own is the only one it holds data for,
        so it is chosen and fixed (Region 1 on a Region 4 laptop printed an empty page)."""
        current = self.region.currentData()
        with self.page.ctx.store.session() as session:
            identity = current_identity(session)
            regions = region_choices(session)
            if identity.role == "region":
                regions = [r for r in regions if r[0] == identity.region]
                current = identity.region
        self.region.clear()
        for number, name in regions:
            self.region.addItem(f"Region {number} — {name}", number)
        if current is not None:
            self.region.setCurrentIndex(max(self.region.findData(current), 0))
        self.region.setEnabled(identity.role == "state")

    def ask_and_save(self) -> None:
        number = self.region.currentData()
        if number is None:
            return
        folder = str(self.page.ctx.settings.value(self.FOLDER_KEY, str(Path.home())))
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the region needs summary",
            str(Path(folder) / f"region-{number}-needs-summary.pdf"), "PDF documents (*.pdf)")
        if chosen:
            path = Path(chosen)
            self.page.ctx.settings.setValue(self.FOLDER_KEY, str(path.parent))
            self.save_to(int(number), path)

    def save_to(self, number: int, path: Path) -> CancelToken:
        store = self.page.ctx.store

        def work(progress: ProgressFn, token: CancelToken) -> Path:
            from app.reports.region_summary import render_region_summary
            from app.services.region_summary_data import region_summary

            progress(0, 2, "Reading the region's needs…")
            with store.session() as session:
                summary = region_summary(session, number)
            token.check()
            progress(1, 2, "Drawing the summary…")
            data = render_region_summary(summary)
            token.check()
            try:
                path.write_bytes(data)
            except OSError as error:
                raise UserError(f"Could not save {path}: {error.strerror}.") from error
            return path

        def done(result: Any) -> None:
            self.status.setText(f"Saved {Path(result).name}")
            self.page.last_pdf = Path(result)
            self.page.open_button.setEnabled(True)

        return run_with_progress(self, self.page.runner, "Writing the region summary", work,
                                 done, self.page._failed)
