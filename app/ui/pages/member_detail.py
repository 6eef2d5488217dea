"""One member in full: profile (editable), schools, contacts, letters of agency, and the
"Print confirmation sheet…" action."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.member_regions import move_member, region_choices
from app.services.members import MemberRow, edit_member, get_member, member_row
from app.services.needs import NeedRow, default_funding_year, list_needs
from app.services.record_rules import ENROLMENT
from app.services.scope import current_identity
from app.ui.context import AppContext
from app.ui.crash import show_user_error
from app.ui.formatting import money
from app.ui.pages.member_print import ConfirmationPrinter
from app.ui.pages.member_records import ContactsTab, LettersTab, SchoolsTab
from app.ui.widgets.field_form import ERROR_STYLE, FieldForm, FieldSpec
from app.ui.widgets.history_panel import HistoryPanel

KIND_LABELS = {"lea": "LEA", "charter": "Charter school", "regional": "Regional school"}
PROFILE_FIELDS = [
    FieldSpec("students", "&Students", hint="Enrolled students", width=180,
              placeholder="not known"),
    FieldSpec("nslp_eligible", "&NSLP eligible",
              hint="Students eligible for free or reduced-price meals (National School "
                   "Lunch Program)", width=180, placeholder="not known"),
    FieldSpec("cep_isp", "&CEP ISP %",
              hint="Community Eligibility Provision identified student percentage, e.g. "
                   "45.2; leave blank if the member does not use CEP", width=180,
              placeholder="not CEP"),
    FieldSpec("rural", "&Urban / rural", "choice",
              choices=(("Not known", None), ("Urban", False), ("Rural", True)), width=180),
    FieldSpec("ben", "E-rate &BEN", hint="Billed entity number from USAC's EPC", width=180),
    FieldSpec("notes", "N&otes", "multiline"),
]


def needs_summary(needs: list[NeedRow], year: int | None) -> str:
    """"FY2026 needs: 22 confirmed ($4,378,012.47), 8 draft ($1,234.00)" for the header."""
    confirmed = [n for n in needs if n.status == "confirmed"]
    draft = [n for n in needs if n.status == "draft"]
    where = f"FY{year} needs" if year else "Needs"
    if not confirmed and not draft:
        return f"{where}: none yet (enter them on the Needs page)"
    total = {k: sum((n.amount for n in v), Decimal(0)) for k, v in
             (("c", confirmed), ("d", draft))}
    return (f"{where}: {len(confirmed):,} confirmed ({money(total['c'])}), "
            f"{len(draft):,} draft ({money(total['d'])})")


def nslp_share_text(member: MemberRow) -> str:
    """The figure the E-rate discount band is read from, as saved."""
    if member.cep_isp is not None:
        return (f"Uses CEP: identified student percentage {member.cep_isp.normalize():f} % "
                "(multiplied by the funding year's CEP multiplier for the discount).")
    if member.students and member.nslp_eligible is not None:
        share = 100 * member.nslp_eligible / member.students
        return (f"NSLP share as saved: {share:.1f} % of {member.students:,} students — the "
                "figure the E-rate discount band is read from.")
    return "Enter students and NSLP-eligible students (or the CEP ISP) for the E-rate discount."


class ProfileTab(QWidget):
    saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = FieldForm(PROFILE_FIELDS)
        self.form.setMaximumWidth(720)
        self.save_button = QPushButton("&Save profile")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("&Revert")
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.message, 1)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(12, 12, 12, 12)
        box.addWidget(self.form)
        self.share_label = QLabel()
        self.share_label.setWordWrap(True)
        self.share_label.setStyleSheet("color: #52606d;")
        box.addWidget(self.share_label)
        box.addLayout(buttons)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def set_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #2e7d32;")
        self.message.setText(text)


class MemberDetail(QWidget):
    """Shows the member `show_member(code)` chose; empty text until one is chosen."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member: MemberRow | None = None
        self.focus_year: int | None = None
        self.printer = ConfirmationPrinter(ctx, self)
        self._build_ui()
        self._connect_signals()
        self.show_member(None)

    def _build_ui(self) -> None:
        self.name_label = QLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setWordWrap(True)
        self.facts_label = QLabel()
        self.facts_label.setWordWrap(True)
        self.print_button = QPushButton("&Print confirmation sheet…")
        self.print_button.setToolTip("Save a PDF of this member's confirmed needs, with "
                                     "signature lines, to print at the meeting")
        self.print_button.setAccessibleName("Print confirmation sheet")
        self.move_button = QPushButton("Move to re&gion…")
        self.move_button.setToolTip("Assign this member, with its schools, contacts, letters "
                                    "and need lines, to another region (the state's decision)")
        self.is_state = False
        top = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name_label)
        names.addWidget(self.facts_label)
        top.addLayout(names, 1)
        top.addWidget(self.move_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)

        self.profile = ProfileTab()
        self.schools = SchoolsTab(self.ctx)
        self.contacts = ContactsTab(self.ctx)
        self.letters = LettersTab(self.ctx)
        self.history = HistoryPanel(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Member details")
        self.tabs.addTab(self.profile, "Profile")
        self.tabs.addTab(self.schools, "Schools")
        self.tabs.addTab(self.contacts, "Contacts")
        self.tabs.addTab(self.letters, "Letters of agency")
        self.tabs.addTab(self.history, "History")
        self.empty_label = QLabel("Choose a member in the list to see and edit its profile, "
                                  "schools, contacts and letters of agency.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_label, 1)

    def _connect_signals(self) -> None:
        self.profile.save_button.clicked.connect(self.save_profile)
        self.profile.revert_button.clicked.connect(self.reload)
        self.print_button.clicked.connect(self.print_confirmation)
        self.move_button.clicked.connect(self.move_to_region)
        self.tabs.currentChanged.connect(self._tab_changed)

    # --- loading --------------------------------------------------------------------------
    def show_member(self, code: str | None) -> None:
        if code is None:
            self.member = None
            for widget in (self.tabs, self.print_button, self.name_label, self.facts_label,
                           self.move_button):
                widget.hide()
            self.empty_label.show()
            return
        with self.ctx.store.session() as session:
            try:
                member = member_row(get_member(session, code))
            except UserError:
                self.show_member(None)
                return
            self.is_state = current_identity(session).role == "state"
            self.focus_year = default_funding_year(session)
            self.letters.focus_year = self.focus_year
            changed = self.member is None or self.member.code != member.code
            self.member = member
            for tab in (self.schools, self.contacts, self.letters):
                tab.load(member.code, member.name, session)
            needs = list_needs(session, member_code=member.code, funding_year=self.focus_year)
        self.empty_label.hide()
        for widget in (self.tabs, self.print_button, self.name_label, self.facts_label):
            widget.show()
        self.move_button.setVisible(self.is_state)
        self.name_label.setText(member.name)
        kind = KIND_LABELS.get(member.kind, member.kind)
        county = f" · {member.county} County" if member.county else ""
        self.facts_label.setText(f"Code {member.code} · {kind}{county} · "
                                 f"Region {member.region}\n{needs_summary(needs, self.focus_year)}")
        self.tabs.setTabText(1, f"Schools ({self.schools.table.model.rowCount()})")
        self.tabs.setTabText(2, f"Contacts ({self.contacts.table.model.rowCount()})")
        self.tabs.setTabText(3, f"Letters of agency ({self.letters.table.model.rowCount()})")
        self._fill_profile(member, keep_message=not changed)
        self.history.query = {}  # read when its tab is shown: a member's trail can be long
        self._tab_changed()

    def _tab_changed(self, _index: int = 0) -> None:
        if self.member is not None and self.tabs.currentWidget() is self.history \
                and self.history.query.get("member") != self.member.code:
            self.history.load(member=self.member.code)

    def reload(self) -> None:
        self.show_member(self.member.code if self.member else None)

    def _fill_profile(self, member: MemberRow, keep_message: bool = False) -> None:
        self.profile.form.set_values({k: getattr(member, k) for k in
                                      ("students", "nslp_eligible", "cep_isp", "rural", "ben",
                                       "notes")})
        if not keep_message:
            self.profile.set_message("")
        self.profile.share_label.setText(nslp_share_text(member))
        # A member with schools counts what its schools count: edit those on the Schools tab.
        summed = self.schools.table.model.rowCount() > 0
        for name in ENROLMENT:
            self.profile.form.inputs[name].setEnabled(not summed)
            self.profile.form.inputs[name].setToolTip(
                "The sum of the member's schools: change the figures on the Schools tab"
                if summed else "")

    # --- actions --------------------------------------------------------------------------
    def save_profile(self) -> bool:
        """One service call in one transaction; errors appear under their fields."""
        if self.member is None:
            return False
        values: dict[str, Any] = {
            name: value for name, value in self.profile.form.values().items()
            if self.profile.form.inputs[name].isEnabled()}
        try:
            with self.ctx.store.transaction() as session:
                row = edit_member(session, self.member.code, values)
        except ValidationError as error:
            leftover = self.profile.form.show_errors(error.by_field())
            self.profile.set_message("Not saved: " + ("; ".join(leftover) if leftover else
                                                      "fix the fields marked in red."), True)
            return False
        except UserError as error:
            show_user_error(error, self)
            return False
        self.member = row
        self.profile.form.clear_errors()
        self.profile.set_message(f"Saved {row.name}.")
        self.ctx.notify("members")
        return True

    def choose_region(self, member: MemberRow, choices: list[tuple[int, str]]) -> int | None:
        """Ask which region to move `member` to; None if cancelled. (Tests replace this.)"""
        labels = [f"Region {n} — {name}" for n, name in choices if n != member.region]
        text, ok = QInputDialog.getItem(
            self, "Move to another region",
            f"Move {member.code} {member.name} from Region {member.region} to:\n\n"
            "Its schools, contacts, letters of agency and need lines go with it. The state's "
            "next bundle to the new region hands them over; the old region can no longer "
            "change them.", labels, 0, False)
        if not ok or not text:
            return None
        return int(text.split()[1])

    def move_to_region(self) -> bool:
        if self.member is None:
            return False
        with self.ctx.store.session() as session:
            choices = region_choices(session)
        region = self.choose_region(self.member, choices)
        if region is None:
            return False
        try:
            with self.ctx.store.transaction() as session:
                moved = move_member(session, self.member.code, region)
        except UserError as error:
            show_user_error(error, self)
            return False
        self.profile.set_message(
            f"Moved to Region {moved.new_region} with {moved.records_moved} record(s); send "
            f"Region {moved.new_region} a bundle to hand them over.")
        self.ctx.notify("members")
        self.reload()
        return True

    def print_confirmation(self) -> None:
        if self.member is not None:
            self.printer.ask_and_print(self.member.code, self.member.name, self.focus_year)
