"""Members: the LEAs, charters and regional schools this instance keeps (read-only for now)."""

from __future__ import annotations

from app.services.members import MemberRow, list_members
from app.ui.formatting import count, percent
from app.ui.item_models.rows_model import CENTER, RIGHT, Column, RowsModel
from app.ui.pages.base import Page
from app.ui.widgets.table_panel import TablePanel

KIND_LABELS = {"lea": "LEA", "charter": "Charter", "regional": "Regional school"}


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


def member_search_text(row: MemberRow) -> str:
    return f"{row.code} {row.name} {row.county}"


class MembersPage(Page):
    title = "Members"
    listens_to = frozenset({"members"})

    def _build_ui(self) -> None:
        self.table = TablePanel(RowsModel(MEMBER_COLUMNS, member_search_text), "members",
                                "code, name or county — e.g. 920, Wake")
        self.layout_.addWidget(self.table, 1)

    def focus_filter(self) -> None:
        self.table.filter_edit.setFocus()
        self.table.filter_edit.selectAll()

    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            rows = list_members(session)
        self.table.set_rows(rows)
