"""The dashboard's figures, added up in SQL, are those of adding up every line in Python
(each line's amount rounded to the cent half to even, as the dashboard always did)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from app.models import CatalogItem, Category, Member, Need
from app.models.db import Store
from app.services.dashboard import UNCATEGORISED, Tally, dashboard_summary
from app.services.demo import fill_demo
from app.services.needs import create_need, default_funding_year, list_needs, set_status


def _by_lines(store: Store) -> tuple[Tally, dict[str, Tally], dict[str, Tally]]:
    """The figures line by line, as the dashboard computed them before."""
    total, categories, members = Tally("All members"), {}, {}
    with store.session() as session:
        year = default_funding_year(session)
        query = (select(Member.code, Member.name, Category.name, Need.status, Need.quantity,
                        Need.unit_price)
                 .join(Member, Need.member_id == Member.id)
                 .outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
                 .outerjoin(Category, CatalogItem.category_id == Category.id)
                 .where(Need.deleted.is_(False), Need.status != "withdrawn",
                        Need.funding_year == year))
        for code, name, category, status, qty, price in session.execute(query):
            amount = (qty * price).quantize(Decimal("0.01"))
            total.add(status, amount)
            label = category or UNCATEGORISED
            categories.setdefault(label, Tally(label)).add(status, amount)
            members.setdefault(code, Tally(name, code)).add(status, amount)
    return total, categories, members


def test_sums_in_sql_match_line_by_line(region3_store: Store) -> None:
    fill_demo(region3_store, seed=7, lines_per_member=6)
    with region3_store.transaction() as session:
        for quantity in ("0.5", "1.5", "2.5", "0.333"):  # half cents: rounded half to even
            create_need(session, {"member": "920", "description": "Half cent", "unit": "each",
                                  "quantity": quantity, "unit_price": "0.01"})
        withdrawn = list_needs(session)[0]
        set_status(session, withdrawn.uid, "withdrawn")
    total, categories, members = _by_lines(region3_store)
    with region3_store.session() as session:
        summary = dashboard_summary(session)
    assert summary.total == total
    assert summary.by_category == sorted(categories.values(), key=lambda t: (-t.amount, t.name))
    assert summary.by_member == sorted(members.values(), key=lambda t: (-t.amount, t.name))
    assert all(str(t.amount).count(".") == 1 and len(str(t.amount).split(".")[1]) == 2
               for t in summary.by_member)
