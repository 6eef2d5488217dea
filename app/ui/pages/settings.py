"""Settings: the operator's name, the funding year in focus and (the state) the consortium's
name and OCDS ocid prefix, kept in the database; who this instance is (read-only); and the
window layout remembered on this computer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.holidays import Holiday, holidays_source, install_holidays, list_holidays
from app.services.settings import get_settings, update_settings
from app.ui.crash import show_user_error
from app.ui.item_models.rows_model import Column, RowsModel
from app.ui.pages.base import Page, paragraph
from app.ui.widgets.field_form import ERROR_STYLE, FieldForm, FieldSpec
from app.ui.widgets.table_panel import TablePanel

FIELDS = (
    ("role", "Role"),
    ("instance", "Instance id"),
    ("fingerprint", "Key fingerprint"),
    ("data_dir", "Data folder"),
    ("database", "Database"),
    ("schema", "Schema revision"),
)
HOLIDAY_COLUMNS: list[Column[Holiday]] = [
    Column("Date", lambda h: h.on.isoformat()),
    Column("Day", lambda h: f"{h.on:%a}"),
    Column("Holiday", lambda h: h.name, stretch=True),
]
# Window layout kept in QSettings (this computer only); "Reset" forgets these.
LAYOUT_PREFIXES = ("main_window/", "members/", "folders/", "needs/", "all_needs/")


class SettingsPage(Page):
    title = "Settings"
    listens_to = frozenset({"instance"})

    def _build_ui(self) -> None:
        # Scrolls rather than setting the window's minimum height (the pages share a stack).
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.layout_.addWidget(scroll, 1)
        editable = QGroupBox("This desk and the consortium")
        self.form = FieldForm([
            FieldSpec("operator", "&Operator",
                      hint="Your name: stamped on every change you make and printed on the "
                           "confirmation sheets", width=360),
            FieldSpec("focus_funding_year", "&Funding year in focus", "choice", width=320,
                      hint="The year new need lines get, and the year the dashboard and "
                           "the confirmation sheets show"),
            FieldSpec("consortium_name", "&Consortium name", width=520,
                      hint="Heads every PDF. Kept by the state coordinator and sent to the "
                           "regions in the state's bundle"),
            FieldSpec("ocid_prefix", "OCDS ocid &prefix", width=320,
                      hint="The prefix the Open Contracting Partnership registered for the "
                           "consortium (ocds-a1b2c3): every procurement published as open "
                           "data (consortium ocds export) has it. State only"),
        ])
        self.shown_prefix = ""
        self.save_button = QPushButton("&Save settings")
        self.message = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.message, 1)
        box = QVBoxLayout(editable)
        box.addWidget(self.form)
        box.addWidget(paragraph(
            "Your name is stamped on every change you make and printed on confirmation "
            "sheets. The funding year in focus is the year new need lines get, and the year "
            "the dashboard and the confirmation sheets show."))
        self.consortium_note = paragraph("")
        self.consortium_editable = False
        box.addWidget(self.consortium_note)
        box.addLayout(buttons)
        editable.setMaximumWidth(900)
        body.addWidget(editable)

        identity = QGroupBox("Instance (set when it was initialised)")
        form = QFormLayout(identity)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(8)
        self.values: dict[str, QLabel] = {}
        for key, label in FIELDS:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            value.setAccessibleName(label)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            self.values[key] = value
            form.addRow(f"{label}:", value)
        note = paragraph(
            "To change the role or region, run <code>consortium init --force</code>: it keeps "
            "the data but makes a new instance identity and signing key, so the other side of "
            "every sync needs your new key file.")
        form.addRow(note)
        identity.setMaximumWidth(900)
        body.addWidget(identity)

        reference = QGroupBox("Reference data (NC schools and enrolment)")
        reference_box = QHBoxLayout(reference)
        self.reference_note = paragraph("")
        reference_box.addWidget(self.reference_note, 1)
        self.reference_button = QPushButton("&Update from a newer schools file…")
        reference_box.addWidget(self.reference_button, 0, Qt.AlignmentFlag.AlignTop)
        reference.setMaximumWidth(900)
        body.addWidget(reference)

        holidays = QGroupBox("NC state holidays (deadlines move off them)")
        holiday_box = QVBoxLayout(holidays)
        self.holidays_note = paragraph("")
        holiday_box.addWidget(self.holidays_note)
        self.holidays_table = TablePanel(RowsModel(HOLIDAY_COLUMNS, lambda h: h.on.isoformat()),
                                         "holidays", "year or holiday")
        self.holidays_table.setMinimumHeight(180)
        self.holidays_table.setMaximumHeight(260)
        holiday_box.addWidget(self.holidays_table)
        holiday_buttons = QHBoxLayout()
        self.holidays_button = QPushButton("Replace with a &holiday file…")
        holiday_buttons.addWidget(self.holidays_button)
        holiday_buttons.addStretch(1)
        holiday_box.addLayout(holiday_buttons)
        holidays.setMaximumWidth(900)
        body.addWidget(holidays)

        window = QGroupBox("Window")
        window_box = QHBoxLayout(window)
        window_box.addWidget(paragraph(
            "The window's size and position, the page you were on, the split between the "
            "member list and its details, and the folders you last saved to are remembered "
            "on this computer."), 1)
        self.reset_button = QPushButton("&Reset window layout")
        window_box.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignTop)
        window.setMaximumWidth(900)
        body.addWidget(window)
        body.addStretch(1)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset_layout)
        self.reference_button.clicked.connect(self.update_reference)
        self.holidays_button.clicked.connect(self.choose_holidays)

    def refresh(self) -> None:
        info = self.ctx.info()
        with self.ctx.store.session() as session:
            current = get_settings(session)
        combo = self.form.inputs["focus_funding_year"]
        combo.blockSignals(True)
        combo.clear()  # type: ignore[attr-defined]
        latest = current.funding_years[-1] if current.funding_years else None
        combo.addItem(f"The latest (FY{latest})" if latest else "The latest", None)  # type: ignore[attr-defined]
        for year in reversed(current.funding_years):
            combo.addItem(f"FY{year} (1 July {year} – 30 June {year + 1})", year)  # type: ignore[attr-defined]
        combo.blockSignals(False)
        self.form.set_values({"operator": current.operator,
                              "focus_funding_year": current.focus_funding_year,
                              "consortium_name": current.consortium_name,
                              "ocid_prefix": current.ocid_prefix})
        self.shown_prefix = current.ocid_prefix
        self.consortium_editable = current.consortium_name_editable
        self.form.inputs["consortium_name"].setEnabled(current.consortium_name_editable)
        self.form.inputs["ocid_prefix"].setEnabled(current.consortium_name_editable)
        self.consortium_note.setText(
            "The consortium name heads every confirmation sheet, region summary and bid "
            "packet; it goes to the regions in your next bundle to each."
            + ("" if current.ocid_prefix_set else " The ocid prefix shown is a placeholder "
               "until you enter the one registered for the consortium.")
            if current.consortium_name_editable else
            "The consortium name is kept by the state coordinator and arrives in the "
            "state's bundle.")
        role = "State coordinator" if info.role == "state" else \
            f"Regional coordinator — Region {info.region} ({info.region_name})"
        texts = {
            "role": role,
            "instance": info.instance_uid,
            "fingerprint": info.fingerprint,
            "data_dir": str(self.ctx.data_dir),
            "database": info.database,
            "schema": info.schema_revision or "(none)",
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self._fill_holidays()
        state = info.role == "state"
        self.reference_button.setVisible(state)
        self.reference_note.setText(
            "The members, schools and enrolment loaded at init come from NC DPI's 2023-24 "
            "files. Load a newer year's schools file (same columns): you see the new, closed "
            "and changed schools and members before anything changes, and figures a member "
            "has confirmed are never overwritten." if state else
            "The members, schools and enrolment loaded at init come from NC DPI's 2023-24 "
            "files; the state coordinator loads newer years, and the changes arrive in the "
            "state's bundle.")

    def _fill_holidays(self) -> None:
        try:
            with self.ctx.store.session() as session:
                rows, source = list_holidays(session), holidays_source(session)
        except UserError as error:
            self.holidays_note.setText(f"The holiday list cannot be read: {error}")
            self.holidays_table.set_rows([])
            return
        years = sorted({h.on.year for h in rows})
        span = f"{years[0]}–{years[-1]}" if years else "no years"
        own = source.parent == self.ctx.data_dir
        self.holidays_note.setText(
            f"{len(rows)} holidays, {span}, from "
            f"{'your own list in the data folder' if own else 'the list shipped with the app'}"
            ". A computed deadline (last Form 470, latest NC advertisement, written questions, "
            "Form 486) that falls on one of them or a weekend moves to the business day "
            "before; a bid due date on one fails the checklist. Replace the list with a CSV "
            "file of <code>date,holiday</code> rows (dates YYYY-MM-DD) when OSHR publishes "
            "a new year.")
        self.holidays_table.set_rows(rows)

    def choose_holidays(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(self, "Replace the holiday list", "",
                                                    "Holiday lists (*.csv)")
        if path:
            self.install_holidays(Path(path))

    def install_holidays(self, path: Path) -> bool:
        try:
            with self.ctx.store.session() as session:
                rows = install_holidays(session, path)
        except UserError as error:
            show_user_error(error, self)
            return False
        self._fill_holidays()
        self._say(f"Holiday list replaced: {len(rows)} holidays.")
        self.ctx.notify("*")  # calendars and checklists follow the new list
        return True

    def update_reference(self) -> None:
        from app.ui.dialogs.reference_update import choose_and_update

        applied = choose_and_update(self, self.ctx)
        if applied is not None:
            self._say(f"Reference data updated: {applied.summary}.")

    def save(self) -> bool:
        values = self.form.values()
        year = values["focus_funding_year"]
        try:
            with self.ctx.store.transaction() as session:
                update_settings(session, operator=values["operator"],
                                focus_funding_year=year, clear_focus=year is None,
                                consortium_name=values["consortium_name"]
                                if self.consortium_editable else None,
                                # Unchanged, the placeholder is not saved as if registered.
                                ocid_prefix=values["ocid_prefix"]
                                if self.consortium_editable
                                and values["ocid_prefix"] != self.shown_prefix else None)
        except ValidationError as error:
            self.form.show_errors(error.by_field())
            self._say("Not saved: fix the field marked in red.", error=True)
            return False
        except UserError as error:
            show_user_error(error, self)
            return False
        self.form.clear_errors()
        self._say("Saved.")
        # The focus year changes what the dashboard, members and needs show: refresh all.
        self.ctx.notify("*")
        return True

    def reset_layout(self) -> None:
        for key in self.ctx.settings.allKeys():
            if key.startswith(LAYOUT_PREFIXES):
                self.ctx.settings.remove(key)
        window = self.window()
        if hasattr(window, "reset_layout"):
            window.reset_layout()
        self._say("Window layout reset.")

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #2e7d32;")
        self.message.setText(text)
