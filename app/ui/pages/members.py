"""Members: the LEAs, charters and regional schools this instance keeps. The list (filter,
sort) on the left; the chosen member's profile, schools, contacts and letters on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelection, Qt
from PySide6.QtWidgets import QSplitter

from app.services.members import MemberRow, list_members
from app.ui.formatting import count, percent
from app.ui.item_models.rows_model import CENTER, RIGHT, Column, RowsModel
from app.ui.pages.base import Page
from app.ui.pages.member_detail import MemberDetail
from app.ui.widgets.table_panel import TablePanel

KIND_LABELS = {"lea": "LEA", "charter": "Charter", "regional": "Regional school"}
SPLITTER_KEY = "members/splitter"
MEMBER_KEY = "members/current"
COLUMNS_KEY = "members/hidden_columns"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


MEMBER_COLUMNS: list[Column[MemberRow]] = [
    Column("Code", lambda r: r.code),
    Column("Name", lambda r: r.name, stretch=True),
    Column("Kind", lambda r: r.kind, formatter=lambda v: KIND_LABELS.get(v, v)),
    Column("County", lambda r: r.county),
    Column("Region", lambda r: r.region, RIGHT),
    Column("Students", lambda r: r.students, RIGHT, count),
    Column("NSLP eligible", lambda r: r.nslp_eligible, RIGHT, count,
           "Students eligible for free or reduced-price meals"),
    Column("CEP ISP", lambda r: r.cep_isp, RIGHT, percent,
           "Community Eligibility Provision identified student percentage"),
    Column("Rural", lambda r: r.rural, CENTER, _yes_no),
    Column("E-rate BEN", lambda r: r.ben),
]
# Shown in the list beside the detail; the rest is in the member's profile.
LIST_COLUMNS = frozenset({"Code", "Name", "Kind", "Students"})


def member_search_text(row: MemberRow) -> str:
    return f"{row.code} {row.name} {row.county}"


class MembersPage(Page):
    title = "Members"
    listens_to = frozenset({"members"})

    def _build_ui(self) -> None:
        # Right-click the header to show more columns; the choice is remembered.
        self.table = TablePanel(
            RowsModel(MEMBER_COLUMNS, member_search_text), "members",
            "code, name or county — e.g. 630, Moore", settings=self.ctx.settings,
            settings_key=COLUMNS_KEY,
            hidden=[c.header for c in MEMBER_COLUMNS if c.header not in LIST_COLUMNS])
        self.detail = MemberDetail(self.ctx)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 620])
        state = self.ctx.settings.value(SPLITTER_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        self.layout_.addWidget(self.splitter, 1)

    def _connect_signals(self) -> None:
        self.table.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.splitter.splitterMoved.connect(self._remember_splitter)

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    def refresh(self) -> None:
        current = self.current_code() or str(self.ctx.settings.value(MEMBER_KEY, "") or "")
        with self.ctx.store.session() as session:
            rows = list_members(session)
        self.table.set_rows(rows)
        if current and any(r.code == current for r in rows):
            self.select_member(current)
        else:
            self.detail.show_member(None)

    # --- selection ------------------------------------------------------------------------
    def current_code(self) -> str | None:
        return self.detail.member.code if self.detail.member else None

    def select_member(self, code: str) -> bool:
        """Select the member in the list (clearing a filter that hides it) and show it."""
        self.ensure_fresh()
        for attempt in range(2):
            for row in range(self.table.proxy.rowCount()):
                index = self.table.proxy.index(row, 0)
                if index.data() == code:
                    self.table.view.selectRow(row)
                    self.table.view.scrollTo(index)
                    if self.current_code() != code:  # already selected: reload anyway
                        self.detail.show_member(code)
                    else:
                        self.detail.reload()
                    return True
            if attempt == 0 and self.table.filter_edit.text():
                self.table.filter_edit.clear()
        return False

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.view.selectionModel().selectedRows()
        if not rows:
            return
        source = self.table.proxy.mapToSource(rows[0])
        code = self.table.model.row_at(source.row()).code
        if code != self.current_code():
            self.detail.show_member(code)
            self.ctx.settings.setValue(MEMBER_KEY, code)

    def _remember_splitter(self, *_args: object) -> None:
        self.ctx.settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    def print_confirmation(self) -> bool:
        """The File menu's action: print for the member shown, if there is one."""
        if self.detail.member is None:
            return False
        self.detail.print_confirmation()
        return True
