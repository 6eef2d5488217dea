"""Figures for the dashboard: need lines and dollars by category and by member (confirmed vs
draft), members with no needs yet, confirmation progress, and the funding-year calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, and_, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.models import CatalogItem, Category, FundingYear, Member, Need
from app.rules.calendar import last_form470_date, previous_business_day
from app.services.holidays import holiday_dates
from app.services.needs import default_funding_year
from app.services.scope import current_identity

UNCATEGORISED = "Not in the catalog"
ZERO = Decimal("0.00")

# A line's amount in cents, rounded half to even as the dashboard always rounded it
# (Decimal.quantize in the default context), from the stored integers: quantity×1000 ·
# price×100 = amount×100000.
_PRODUCT = type_coerce(Need.quantity, BigInteger) * type_coerce(Need.unit_price, BigInteger)
_WHOLE, _REST = _PRODUCT // 1000, _PRODUCT % 1000
_LINE_CENTS = _WHOLE + case((or_(_REST > 500, and_(_REST == 500, _WHOLE % 2 == 1)), 1),
                            else_=0)


@dataclass
class Tally:
    """Lines and dollars, split into confirmed and draft (withdrawn lines are left out)."""

    name: str
    code: str = ""
    confirmed_lines: int = 0
    draft_lines: int = 0
    confirmed_amount: Decimal = ZERO
    draft_amount: Decimal = ZERO

    @property
    def lines(self) -> int:
        return self.confirmed_lines + self.draft_lines

    @property
    def amount(self) -> Decimal:
        return self.confirmed_amount + self.draft_amount

    def add(self, status: str, amount: Decimal) -> None:
        if status == "confirmed":
            self.confirmed_lines += 1
            self.confirmed_amount += amount
        else:
            self.draft_lines += 1
            self.draft_amount += amount

    @classmethod
    def of(cls, name: str, figures: list[int], code: str = "") -> Tally:
        """From [confirmed lines, draft lines, confirmed cents, draft cents]."""
        return cls(name, code, figures[0], figures[1], Decimal(figures[2]).scaleb(-2),
                   Decimal(figures[3]).scaleb(-2))


@dataclass(frozen=True)
class Deadline:
    on: date
    what: str
    funding_year: int

    def days_left(self, today: date) -> int:
        return (self.on - today).days


@dataclass
class DashboardSummary:
    funding_year: int | None
    total: Tally
    by_category: list[Tally] = field(default_factory=list)
    by_member: list[Tally] = field(default_factory=list)
    members_without_needs: list[tuple[str, str]] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def lines_confirmed_pct(self) -> float:
        return 100.0 * self.total.confirmed_lines / self.total.lines if self.total.lines else 0.0

    @property
    def dollars_confirmed_pct(self) -> float:
        if not self.total.amount:
            return 0.0
        return float(100 * self.total.confirmed_amount / self.total.amount)


def dashboard_summary(session: Session, funding_year: int | None = None) -> DashboardSummary:
    """The instance's members (its region, or all for the state) for one funding year
    (default: the year in focus)."""
    identity = current_identity(session)
    year = funding_year if funding_year is not None else default_funding_year(session)
    members_query = select(Member.code, Member.name).where(Member.deleted.is_(False))
    # Added up in SQL by member, category and status (a few hundred groups, not a Decimal
    # per line): the 100k-line store's dashboard filled in a tenth of the time.
    needs_query = (select(Member.code, Member.name, Category.name, Need.status,
                          func.count(), func.sum(_LINE_CENTS))
                   .join(Member, Need.member_id == Member.id)
                   .outerjoin(CatalogItem, Need.item_id == CatalogItem.id)
                   .outerjoin(Category, CatalogItem.category_id == Category.id)
                   .where(Need.deleted.is_(False), Need.status != "withdrawn")
                   .group_by(Member.code, Member.name, Category.name, Need.status))
    if identity.role == "region":
        members_query = members_query.where(Member.region == identity.region)
        needs_query = needs_query.where(Member.region == identity.region)
    if year is not None:
        needs_query = needs_query.where(Need.funding_year == year)
    # [confirmed lines, draft lines, confirmed cents, draft cents]: integers while adding
    everyone = [0, 0, 0, 0]
    by_category: dict[str, list[int]] = {}
    by_member: dict[str, tuple[str, list[int]]] = {}
    for code, name, category, status, lines, cents in session.execute(needs_query):
        slot = 0 if status == "confirmed" else 1
        for figures in (everyone, by_category.setdefault(category or UNCATEGORISED, [0] * 4),
                        by_member.setdefault(code, (name, [0] * 4))[1]):
            figures[slot] += lines
            figures[slot + 2] += int(cents)
    total = Tally.of("All members", everyone)
    categories = {label: Tally.of(label, f) for label, f in by_category.items()}
    members = {code: Tally.of(name, f, code) for code, (name, f) in by_member.items()}
    without = [(c, n) for c, n in session.execute(members_query.order_by(Member.name))
               if c not in members]
    return DashboardSummary(
        year, total,
        sorted(categories.values(), key=lambda t: (-t.amount, t.name)),
        sorted(members.values(), key=lambda t: (-t.amount, t.name)),
        without, funding_year_calendar(session))


def funding_year_calendar(session: Session) -> list[Deadline]:
    """Every dated step of every funding year still running, from the stored parameters:
    470 available, last day to certify a 470 (window close minus the bidding days), the 471
    window, and the funding year's first and last day. The last 470 day is the procurement
    calendar's: moved to the business day before a weekend or NC state holiday."""
    deadlines: list[Deadline] = []
    holidays = holiday_dates(session)
    for fy in session.scalars(select(FundingYear).where(FundingYear.deleted.is_(False))
                              .order_by(FundingYear.year)):
        y = fy.year
        if fy.form470_available_on:
            deadlines.append(Deadline(fy.form470_available_on, "Form 470 available", y))
        if fy.form471_window_closes:
            deadlines.append(Deadline(
                previous_business_day(last_form470_date(fy.form471_window_closes,
                                                        fy.erate_bidding_days), holidays),
                f"Last day to certify a Form 470 (471 close − {fy.erate_bidding_days} days)",
                y))
        if fy.form471_window_opens:
            deadlines.append(Deadline(fy.form471_window_opens, "Form 471 window opens", y))
        if fy.form471_window_closes:
            deadlines.append(Deadline(fy.form471_window_closes, "Form 471 window closes", y))
        deadlines.append(Deadline(fy.starts_on, "Funding year starts", y))
        deadlines.append(Deadline(fy.ends_on, "Funding year ends", y))
    return sorted(deadlines, key=lambda d: (d.on, d.funding_year))
