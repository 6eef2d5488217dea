"""Sealed-bid intake rules (DOMAIN.md §1.5, §2.2, §2.10): when bids are due, which lines must
name a manufacturer and model, what a price must look like, and what counts as an "or
equivalent" substitution.

- **Deadline.** Bids are due at the procurement's `bid_due_on` date and the packet fact
  `bid_due_time` ("2:00 PM", "2:00 p.m. Eastern time", "14:00"), both read in North Carolina
  local time (America/New_York) and compared in UTC. A bid received at or before that
  instant is on time; after it, late. A late bid is recorded and kept, never opened.
- **Make and model.** Every priced line of *equipment* names its manufacturer and part
  number: a line counted per unit ("each") whose catalog category is not a service or a
  software licence. Services, subscriptions and circuits (per hour, per month, per year,
  per device-year …) name neither. A missing make or model does not refuse the file: the bid
  is received and flagged non-responsive on that line, for the evaluation to decide.
- **Prices.** A unit price is a number, greater than zero, in whole cents. The ineligible
  part of a unit price (E-rate lines only) is 0 or more, in whole cents, and not more than
  the unit price; on a line that is not E-rate eligible the whole price is ineligible.
  Extended price = quantity × unit price, rounded half-up to the cent (as the form's ROUND).
- **Or equivalent.** Where the catalog names a brand the specification prints "<brand> or
  equivalent" (E-rate bids may not require one brand): a bid line whose manufacturer is not
  that brand (names compared as `normalise_name` compares them) is a substitution, kept and
  flagged for review, never refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from app.rules.compliance import normalise_name
from app.rules.pricing import CENT

NC_TIME = ZoneInfo("America/New_York")
EQUIPMENT_UNIT = "each"
# Catalog categories whose "each" lines are work or licences, not boxes with a model number.
NOT_EQUIPMENT = frozenset({"SERVICES", "SOFTWARE"})
ELIGIBLE = ("C1", "C2")
_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?(?:\s|$|,)",
                   re.IGNORECASE)


class DeadlineError(ValueError):
    """The due time cannot be read; the message says what was found."""


def parse_due_time(text: str) -> time:
    """'2:00 PM', '2 p.m. Eastern time', '14:00', 'noon' → a time of day."""
    if (text or "").strip().lower().startswith("noon"):
        return time(12, 0)
    match = _TIME.match(text or "")
    if not match:
        raise DeadlineError(f"'{text}' is not a time of day (e.g. 2:00 PM)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise DeadlineError(f"'{text}': {hour} is not an hour on a 12-hour clock")
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match.group(2) is None:
        raise DeadlineError(f"'{text}': say a.m. or p.m., or write the time as 14:00")
    if hour > 23 or minute > 59:
        raise DeadlineError(f"'{text}' is not a time of day")
    return time(hour, minute)


def deadline(due_on: date, due_time: str) -> datetime:
    """The instant bids are due, in UTC (the date and time are NC local time)."""
    local = datetime.combine(due_on, parse_due_time(due_time), tzinfo=NC_TIME)
    return local.astimezone(UTC)


def is_late(received_at: datetime, due: datetime) -> bool:
    """After the deadline (to the second); exactly on it is on time."""
    return received_at.replace(microsecond=0) > due


def local_time(moment: datetime) -> datetime:
    """A stored UTC instant in NC local time, for receipts and screens."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(NC_TIME)


def needs_make_model(unit: str, category_code: str) -> bool:
    """Whether a priced line must name its manufacturer and part number (equipment)."""
    return unit.strip().lower() == EQUIPMENT_UNIT and category_code not in NOT_EQUIPMENT


def price_problem(value: object, what: str, allow_zero: bool = False
                  ) -> tuple[Decimal | None, str]:
    """The value as a Decimal, or why it is not a price ('' when it is one)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None, f"{what} '{value}' is not a number"
    # The messages never repeat a price: they are stored with late bids and shown before
    # the opening, when prices are sealed.
    amount = Decimal(str(value))
    try:
        if amount != amount.quantize(CENT):
            return None, f"{what} is not in whole cents"
    except InvalidOperation:
        return None, f"{what} is not a number"
    if amount < 0 or (amount == 0 and not allow_zero):
        return None, f"{what} must be more than 0" if not allow_zero \
            else f"{what} cannot be negative"
    return amount.quantize(CENT), ""


def extended(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return (quantity * unit_price).quantize(CENT, ROUND_HALF_UP)


def ineligible_unit(erate_category: str, unit_price: Decimal, ineligible_part: Decimal
                    ) -> Decimal:
    """The ineligible part of a unit price: all of it on a line E-rate does not cover."""
    return ineligible_part if erate_category in ELIGIBLE else unit_price


@dataclass(frozen=True)
class Substitution:
    brand: str
    manufacturer: str

    @property
    def note(self) -> str:
        return (f"'{self.manufacturer}' offered as an equivalent of the specified "
                f"'{self.brand}': review that it meets the specification")


def substitution(brand: str, manufacturer: str) -> Substitution | None:
    """An "or equivalent" offer: a brand is specified and the manufacturer is another."""
    if not brand.strip() or not manufacturer.strip():
        return None
    if normalise_name(brand) == normalise_name(manufacturer):
        return None
    return Substitution(brand.strip(), manufacturer.strip())
