"""The data of a region's needs summary (app.reports.region_summary): every member of the
region with its confirmed and draft need lines and amounts, and the region's totals by
catalog category. Withdrawn lines are left out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError
from app.models import CatalogItem, Category, Member, Need, Region
from app.models.types import line_cents, money_from_cents
from app.reports.region_summary import RegionCategoryRow, RegionMemberRow, RegionSummary
from app.services.needs import default_funding_year
from app.services.reports_data import region_label
from app.services.scope import current_identity
from app.services.settings import consortium_name

_CENTS = line_cents(Need.quantity, Need.unit_price)
NOT_IN_CATALOG = "Not in the catalog (free text)"


def region_summary(session: Session, region: int, funding_year: int | None = None,
                   today: date | None = None) -> RegionSummary:
    if session.scalar(select(Region.id).where(Region.number == region)) is None:
        raise NotFoundError(f"No region {region} (regions are numbered 1 to 8).")
    year = funding_year if funding_year is not None else default_funding_year(session)
    where = [Need.deleted.is_(False), Need.status.in_(("confirmed", "draft")),
             Member.region == region, Member.deleted.is_(False)]
    if year is not None:
        where.append(Need.funding_year == year)
    per_member: dict[int, dict[str, tuple[int, Decimal]]] = {}
    query = (select(Need.member_id, Need.status, func.count(), func.sum(_CENTS))
             .join(Member, Need.member_id == Member.id).where(*where)
             .group_by(Need.member_id, Need.status))
    for member_id, status, lines, cents in session.execute(query):
        per_member.setdefault(member_id, {})[status] = (int(lines), money_from_cents(cents))
    members = []
    for member in session.scalars(select(Member).where(
            Member.region == region, Member.deleted.is_(False)).order_by(Member.code)):
        figures = per_member.get(member.id, {})
        c_lines, c_amount = figures.get("confirmed", (0, Decimal("0.00")))
        d_lines, d_amount = figures.get("draft", (0, Decimal("0.00")))
        members.append(RegionMemberRow(member.code, member.name, member.kind, c_lines,
                                       d_lines, c_amount, d_amount))
    per_category: dict[str, dict[str, object]] = {}
    query = (select(Category.name, Need.status, func.count(),
                    func.count(func.distinct(Need.member_id)), func.sum(_CENTS))
             .join(Member, Need.member_id == Member.id)
             .outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
             .outerjoin(Category, CatalogItem.category_id == Category.id)
             .where(*where).group_by(Category.name, Need.status))
    members_by_category: dict[str, set[int]] = {}
    query_members = (select(Category.name, Need.member_id).distinct()
                     .join(Member, Need.member_id == Member.id)
                     .outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
                     .outerjoin(Category, CatalogItem.category_id == Category.id)
                     .where(*where))
    for name, member_id in session.execute(query_members):
        members_by_category.setdefault(name or NOT_IN_CATALOG, set()).add(member_id)
    for name, status, lines, _members, cents in session.execute(query):
        entry = per_category.setdefault(name or NOT_IN_CATALOG, {})
        entry[status] = (int(lines), money_from_cents(cents))
    categories = []
    for name in sorted(per_category, key=lambda n: (n == NOT_IN_CATALOG, n)):
        entry = per_category[name]
        c_lines, c_amount = entry.get("confirmed", (0, Decimal("0.00")))  # type: ignore[misc]
        d_lines, d_amount = entry.get("draft", (0, Decimal("0.00")))  # type: ignore[misc]
        categories.append(RegionCategoryRow(name, len(members_by_category.get(name, ())),
                                            c_lines, d_lines, c_amount, d_amount))
    return RegionSummary(consortium_name(session), region_label(session, region), year,
                         tuple(members), tuple(categories),
                         prepared_by=current_identity(session).operator,
                         prepared_on=today or date.today())
