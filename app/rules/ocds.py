"""How a procurement reads in the Open Contracting Data Standard 1.1 (issue #17): its ocid,
its method on OCDS's closed `method` codelist, its amounts and its dates.

- ocid: the publisher's prefix, "-", the procurement's ref. A real prefix is "ocds-" and
  the six characters the Open Contracting Partnership registers (optionally followed by
  "-" and a suffix of the publisher's); until the consortium has one, the placeholder
  `PLACEHOLDER_PREFIX` (its "xxxxxx" says it is not registered).
- method: a formal sealed bid is advertised to anyone ("open"), and so is every E-rate
  procurement, whose Form 470 is public to every bidder; an informal bid or quotes below the
  thresholds ask bidders the buyer chooses ("limited").
- amounts: a number and "USD" (never a string: the schema asks for a number).
- dates: a calendar date of the procurement (posted, due, signed) is that day's start in
  North Carolina, with its offset; a moment (issued, opened) is itself, in UTC.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from app.rules.bids import NC_TIME

PLACEHOLDER_PREFIX = "ocds-xxxxxx-nc-k12"
PREFIX_MAX = 60
_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}(-[A-Za-z0-9][A-Za-z0-9-]*)?$")
STAGES = ("planning", "tender", "award", "contract")


def prefix_problem(prefix: str) -> str | None:
    """Why this is not an ocid prefix, or None: "ocds-", six lowercase letters or digits,
    optionally "-" and a suffix of letters, digits and hyphens; at most 60 characters."""
    if len(prefix) > PREFIX_MAX:
        return f"is longer than {PREFIX_MAX} characters"
    if not _PREFIX.match(prefix):
        return ("must be 'ocds-' and the six letters or digits the Open Contracting "
                "Partnership registered (e.g. ocds-a1b2c3, or ocds-a1b2c3-nc-k12)")
    return None


def ocid(prefix: str, ref: str) -> str:
    return f"{prefix}-{ref}"


def ocds_method(method: str, sources: tuple[str, ...]) -> str:
    """formal, or E-rate (Form 470 public to all): "open"; otherwise "limited"."""
    return "open" if method == "formal" or "erate" in sources else "limited"


def amount(value: Decimal) -> dict[str, object]:
    """{"amount": number, "currency": "USD"}; whole cents stay exact as a float of 2
    decimals (JSON has no decimal type)."""
    return {"amount": float(value.quantize(Decimal("0.01"))), "currency": "USD"}


def day_start(day: date) -> str:
    """A procurement date as the start of that day in North Carolina, e.g.
    2026-01-14T00:00:00-05:00."""
    return datetime.combine(day, time(0, 0), NC_TIME).isoformat()


def day_end(day: date) -> str:
    """The last second of that day in North Carolina (an end date the schema reads as
    inclusive)."""
    return datetime.combine(day, time(23, 59, 59), NC_TIME).isoformat()


def moment(at: datetime) -> str:
    """A recorded instant (stored in UTC) with its zone."""
    return at.isoformat()
