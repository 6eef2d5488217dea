"""The Bids page's allocation tab: an awarded procurement's lines back to its members — per
line the vendor (the member's choice, else its preferred vendor where it won, else the lowest
evaluated), the contract and own prices, the savings, the E-rate share and what the member
pays; a line over the member's Category 2 budget is flagged (with the reason), a line nobody
won is greyed. The totals follow the filter, so one member's totals are a filter away.

The state allocates ("Allocate", refused with the reason until every lot is decided) and
records a member's choice among a lot's awarded vendors. A region shows the allocation that
came in the state's bundle, read-only: the allocation is the state's.

Everything comes from `app.services.allocation` (figures) and `app.services.award` (who won
a lot); the panel computes nothing."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.rules.allocation import CHOICE, PIGGYBACK_NO_ERATE
from app.services.allocation import AllocatedLine, totals_line
from app.ui.context import AppContext
from app.ui.formatting import money, quantity
from app.ui.item_models.rows_model import RIGHT, Column, RowsModel
from app.ui.open_file import open_file
from app.ui.pages.procurement_choice import ProcurementChoice
from app.ui.widgets.table_panel import TablePanel

PROBLEM = "color: #9b1c1c"
OVER = QColor("#fde2e1")
OVER_TEXT = QColor("#9b1c1c")
GREY = QColor("#8a8a8a")
STATE_ONLY = ("The allocation is the state's: it arrives here in the state's bundle and is "
              "shown read-only.")


def _amount(value: Any) -> str:
    return money(value) if value else ""


ALLOCATION_COLUMNS: list[Column[AllocatedLine]] = [
    Column("Member", lambda a: a.member_code, tooltip="Member code (the name in the tooltip)"),
    Column("Line", lambda a: tuple(int(p) for p in a.line.split(".") if p.isdigit()),
           formatter=lambda v: ".".join(map(str, v)), tooltip="Lot.line, as the packet "
           "numbers it"),
    Column("Item", lambda a: a.description, stretch=True, max_width=150),
    Column("Qty", lambda a: a.quantity, RIGHT, quantity),
    Column("Vendor", lambda a: a.vendor or "not awarded", max_width=130),
    Column("How", lambda a: a.how, tooltip="Member choice, preferred vendor (where it won) or "
           "the lowest evaluated awarded vendor"),
    Column("Contract", lambda a: a.unit_price, RIGHT, money,
           tooltip="Contract price: the unit price on the contract, at the tier the vendor's "
                   "whole quantity reaches"),
    Column("Own\nprice", lambda a: a.own_unit_price, RIGHT, money,
           tooltip="The member's own estimate of the unit price"),
    Column("Savings", lambda a: a.savings, RIGHT, money,
           tooltip="Own price × quantity less the contract amount"),
    Column("E-rate", lambda a: a.erate_share, RIGHT, money,
           tooltip="E-rate share: what E-rate pays at the member's discount (Category 2 "
                   "only up to its remaining five-year budget)"),
    Column("Member\npays", lambda a: a.member_share, RIGHT, money),
    Column("Over\nbudget", lambda a: a.over_budget or None, RIGHT, _amount,
           tooltip="Category 2 cost beyond the member's remaining budget: no E-rate "
                   "discount"),
]
MEMBER, HOW, OVER_BUDGET = 0, 5, len(ALLOCATION_COLUMNS) - 1
# Twelve columns do not fit 1280 pixels: long headers take two lines, and the member's own
# price (Savings is measured from it) is shown on request, by a right-click on the header
# (the choice is remembered).
COLUMNS_KEY = "bids/allocation_hidden_columns"


def allocation_search_text(line: AllocatedLine) -> str:
    """The filter finds a member by code or name (the tab's member filter)."""
    return f"{line.member_code} {line.member_name}"


def line_tooltip(line: AllocatedLine) -> str:
    """Why a line looks as it does: over budget, not awarded, piggyback, the pick's note."""
    reasons = []
    if line.over_budget > 0:
        reasons.append(
            f"Over budget: {money(line.over_budget)} of this Category 2 line is beyond "
            f"{line.member_code}'s remaining five-year budget and gets no E-rate discount "
            f"(E-rate pays {line.discount} % of {money(line.eligible)} only).")
    if line.vendor is None:
        reasons.append("Not awarded: nobody won this line; it has no vendor or price.")
    if line.piggyback:
        reasons.append(f"{PIGGYBACK_NO_ERATE[0].upper()}{PIGGYBACK_NO_ERATE[1:]}.")
    if line.note:
        reasons.append(f"{line.note[0].upper()}{line.note[1:]}.")
    return "\n".join(reasons)


class AllocationRowsModel(RowsModel[AllocatedLine]):
    """Over-budget lines on a red ground, not-awarded lines grey; the reason in a tooltip."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
                Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole):
            return super().data(index, role)
        line = self.row_at(index.row())
        if role == Qt.ItemDataRole.BackgroundRole:
            return OVER if line.over_budget > 0 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return GREY if line.vendor is None else \
                OVER_TEXT if line.over_budget > 0 else None
        if role == Qt.ItemDataRole.FontRole:
            if index.column() == OVER_BUDGET and line.over_budget > 0:
                font = QFont()
                font.setBold(True)
                return font
            return None
        # The cell's own tooltip (a cut-off text in full; the member's name), then the reason.
        own = line.member_name if index.column() == MEMBER else super().data(index, role)
        return "\n".join(filter(None, (own, line_tooltip(line)))) or None


class ChoiceDialog(QDialog):
    """A member's choice among a lot's awarded vendors, for all its lines of that lot, or
    back to the rule. A refusal is shown in the dialog; nothing is stored."""

    def __init__(self, ctx: AppContext, ref: str, line: AllocatedLine, vendors: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.ref, self.line = ctx, ref, line
        self.setWindowTitle(f"Member's choice — {line.member_code}, lot {line.lot}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"{line.member_code} {line.member_name} buys line {line.line} from "
                       f"{line.vendor or 'nobody (not awarded)'} ({line.how}). All its lines "
                       f"of lot {line.lot} ({line.lot_name}) buy from:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.vendor = QComboBox()
        self.vendor.setAccessibleName("Vendor")
        self.vendor.addItem("By the rule: its preferred vendor where it won, else the lowest "
                            "evaluated", None)
        for name in vendors:
            self.vendor.addItem(name, name)
        if line.how == CHOICE and line.vendor in vendors:
            self.vendor.setCurrentIndex(self.vendor.findData(line.vendor))
        layout.addWidget(self.vendor)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(PROBLEM)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Record the choice", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        from app.services.allocation import choose_vendor

        try:
            with self.ctx.store.transaction() as session:
                choose_vendor(session, self.ref, self.line.member_code, self.line.lot,
                              self.vendor.currentData())
        except UserError as error:
            self.error.setText(str(error))  # nothing stored; the dialog stays open
            return
        self.ctx.notify("allocations")
        super().accept()


class AllocationPanel(ProcurementChoice, QWidget):
    reload_on = ProcurementChoice.reload_on | {"allocations"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: ChoiceDialog | None = None
        self.is_state = ctx.info().role == "state"
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Procurement"))
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Procurement")
        self.chooser.setMinimumWidth(200)  # the Bids page must fit an 800-pixel window
        top.addWidget(self.chooser, 1)
        self.allocate_button = QPushButton("Allocate")
        self.allocate_button.setToolTip(
            "Match every participating member's confirmed lines to an awarded vendor (again "
            "after a change: the members' choices are kept)")
        self.choice_button = QPushButton("Member's choice…")
        self.choice_button.setToolTip("The selected line's member chooses among its lot's "
                                      "awarded vendors, or goes back to the rule")
        for button in (self.allocate_button, self.choice_button):
            top.addWidget(button)
            if not self.is_state:
                button.setEnabled(False)
                button.setToolTip(STATE_ONLY)
        # Letters print on the state and on a region alike: from the stored allocation.
        self.letter_button = QPushButton("Award &letter…")
        self.letter_button.setToolTip("Save the award letter (PDF) of the selected line's "
                                      "member")
        self.letters_button = QPushButton("All letters…")
        self.letters_button.setToolTip("Save every member's award letter (a region: its own "
                                       "members') as PDFs in a folder")
        layout.addLayout(top)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = TablePanel(AllocationRowsModel(ALLOCATION_COLUMNS,
                                                    allocation_search_text),
                                "allocated lines", "member code or name — e.g. 01B",
                                settings=ctx.settings, settings_key=COLUMNS_KEY,
                                hidden=("Own\nprice",))
        layout.addWidget(self.table, 1)
        self.totals = QLabel("")
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName("Totals")
        bottom = QHBoxLayout()  # under the table: the top row must fit an 800-pixel window
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.letter_button)
        bottom.addWidget(self.letters_button)
        layout.addLayout(bottom)
        self.chooser.currentIndexChanged.connect(lambda _i: self.refresh())
        self.allocate_button.clicked.connect(lambda: self.allocate())
        self.choice_button.clicked.connect(lambda: self.open_choice())
        self.letter_button.clicked.connect(lambda: self.save_letter())
        self.letters_button.clicked.connect(lambda: self.save_letters())
        self.table.visible_changed.connect(self._show_totals)
        self.table.view.selectionModel().selectionChanged.connect(
            lambda *_a: self._enable())
        ctx.events.data_changed.connect(self._on_data_changed)
        self.load_procurements()

    # --- showing ------------------------------------------------------------------------
    def refresh(self) -> None:
        from app.services.allocation import list_allocations

        ref = self.current_ref()
        lines: list[AllocatedLine] = []
        if ref is None:
            self.status.setText("No procurement yet.")
        else:
            with self.ctx.store.session() as session:
                lines = list_allocations(session, ref)
            self.status.setText(self._explain(lines))
        self.table.set_rows(lines)
        self._enable()

    def _explain(self, lines: list[AllocatedLine]) -> str:
        if not self.is_state:
            return (STATE_ONLY if lines else "Nothing allocated yet: the allocation arrives "
                    "in the state's bundle once the state has allocated the award.")
        if not lines:
            return ("Nothing allocated yet. After the award, Allocate matches every "
                    "participating member's confirmed lines to an awarded vendor.")
        return ("Each line goes to the member's choice, else its preferred vendor where it "
                "won, else the lowest evaluated awarded vendor. Red: beyond the member's "
                "Category 2 budget; grey: not awarded (the tooltip says why).")

    def _show_totals(self) -> None:
        shown = self.table.visible_rows()
        self.totals.setText(totals_line(shown) if shown else "")

    def _enable(self) -> None:
        self.allocate_button.setEnabled(self.is_state and self.current_ref() is not None)
        self.choice_button.setEnabled(self.is_state and self.selected() is not None)
        self.letter_button.setEnabled(self.selected() is not None)
        self.letters_button.setEnabled(self.table.model.rowCount() > 0)

    def selected(self) -> AllocatedLine | None:
        rows = self.table.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.model.row_at(self.table.proxy.mapToSource(rows[0]).row())

    def select_line(self, member: str, line: str) -> bool:
        for row in range(self.table.proxy.rowCount()):
            shown = self.table.model.row_at(self.table.proxy.mapToSource(
                self.table.proxy.index(row, 0)).row())
            if (shown.member_code, shown.line) == (member, line):
                self.table.view.selectRow(row)
                return True
        return False

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()

    # --- actions ------------------------------------------------------------------------
    def allocate(self) -> bool:
        from app.services.allocation import allocate

        ref = self.current_ref()
        if ref is None or not self.is_state:
            return False
        try:
            with self.ctx.store.transaction() as session:
                lines = allocate(session, ref)
        except UserError as error:  # a lot not yet decided: nothing stored
            self.status.setText(f"<b>Not allocated:</b> {escape(str(error))}")
            self.status.setStyleSheet(PROBLEM)
            return False
        self.status.setStyleSheet("")
        self.ctx.notify("allocations")  # reloads this panel
        self.status.setText(f"Allocated: {escape(totals_line(lines))}.")
        return True

    def open_choice(self) -> ChoiceDialog | None:
        from app.services.award import list_awards

        line, ref = self.selected(), self.current_ref()
        if line is None or ref is None or not self.is_state:
            return None
        with self.ctx.store.session() as session:
            vendors = [a.vendor for a in list_awards(session, ref)
                       if a.lot == line.lot and a.vendor]
        self.dialog = ChoiceDialog(self.ctx, ref, line, list(dict.fromkeys(vendors)), self)
        self.dialog.open()
        return self.dialog

    # --- award letters ------------------------------------------------------------------
    def save_letter(self, path: str | None = None) -> Path | None:
        """The selected line's member's award letter, saved as a PDF and opened."""
        from app.services.award_letters import award_letter_pdf, letter_file_name
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        line, ref = self.selected(), self.current_ref()
        if line is None or ref is None:
            return None
        if not path:
            suggested = Path(last_folder(self.ctx)) / letter_file_name(ref, line.member_code)
            path, _chosen = QFileDialog.getSaveFileName(
                self, f"Save {line.member_code}'s award letter", str(suggested), "PDF (*.pdf)")
            if not path:
                return None
        remember_folder(self.ctx, path)
        target = Path(path)
        try:
            with self.ctx.store.session() as session:
                data = award_letter_pdf(session, ref, line.member_code)
            target.write_bytes(data)
        except (UserError, OSError) as error:
            self.status.setText(f"<b>Not saved:</b> {escape(_reason(error))}")
            self.status.setStyleSheet(PROBLEM)
            return None
        self.status.setStyleSheet("")
        self.status.setText(f"Saved {escape(str(target))}.")
        open_file(target, self, tell=False)
        return target

    def save_letters(self, folder: str | None = None) -> list[Path]:
        """Every member's letter (a region: its own members') in a folder."""
        from app.services.award_letters import default_region, write_letters
        from app.ui.dialogs.needs_import import last_folder, remember_folder

        ref = self.current_ref()
        if ref is None:
            return []
        if not folder:
            folder = QFileDialog.getExistingDirectory(
                self, "Save the award letters in", last_folder(self.ctx))
            if not folder:
                return []
        remember_folder(self.ctx, str(Path(folder) / "letters"))
        try:
            with self.ctx.store.session() as session:
                written = write_letters(session, ref, Path(folder), default_region(session))
        except (UserError, OSError) as error:
            self.status.setText(f"<b>Not saved:</b> {escape(_reason(error))}")
            self.status.setStyleSheet(PROBLEM)
            return []
        self.status.setStyleSheet("")
        self.status.setText(f"Saved {len(written)} award letter(s) in {escape(folder)}.")
        return written


def _reason(error: Exception) -> str:
    return f"{getattr(error, 'filename', '')}: {error.strerror}" \
        if isinstance(error, OSError) else str(error)
