"""What a valid value is, field by field, for each kind of record: the one checker behind a
form, the CLI, a spreadsheet import and a sync bundle (DESIGN.md §3: "every value from a
bundle passes the same checker as a value typed in the app").

A `Rule` checks one field's value with a `Checker`; `RecordRules` holds a kind's rules and its
cross-field rule (a confirmed need names who confirmed it; NSLP-eligible students are not
more than those enrolled). Services add what needs the database (does the member exist, is
the code taken); the sync import adds parents and ownership.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from app.errors import FieldError
from app.models import ERATE_CATEGORIES, FUNDING_SOURCES, MEMBER_KINDS, NEED_STATUSES
from app.models.members import FIGURE_SOURCES
from app.models.procurement import LOT_BASES, PROCUREMENT_METHODS, PROCUREMENT_STATUSES
from app.models.vendors import COMPLIANCE_LIST_KINDS, SAM_RESULTS
from app.rules.allocation import HOW
from app.rules.award import CONTRACT_NUMBER_MAX, MAX_RENEWALS, MAX_TERM_MONTHS, NO_AWARD_MAX
from app.rules.compliance import form_498_problem
from app.services.values import INT_MAX, MONEY_MAX, QUANTITY_MAX, Checker, is_blank

FUNDING_YEAR_MIN, FUNDING_YEAR_MAX = 2015, 2100
# Sums over many lines (a lot's quantity, a procurement's total) may pass one line's limit.
TOTAL_QUANTITY_MAX = QUANTITY_MAX * 1000
TOTAL_MONEY_MAX = MONEY_MAX * 1000
PACKET_TEXT_MAX = 40_000

# LEA codes are three digits (920, 995); charters two digits and a letter (32A);
# a few older rows use six digits.
MEMBER_CODE = re.compile(r"^(\d{3}|\d{2}[A-Z]|\d{6})$")
ITEM_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
SOURCE_ALIASES = {"e-rate": "erate", "e rate": "erate", "usf": "erate", "fed": "federal",
                  "grant": "federal", "federal grant": "federal"}
MATRIX_KEYS = ("min_pct", "max_pct", "c1_urban", "c1_rural", "c2_urban", "c2_rural")


@dataclass(frozen=True)
class Rule:
    """How one field's value is read and checked (see `Checker` for each kind)."""

    kind: str  # text | decimal | integer | choice | boolean | date | moment | sources | matrix
    required: bool = False
    max_len: int = 200
    places: int = 2
    minimum: Any = None  # None: the kind's default (0 for numbers)
    maximum: Any = None
    positive: bool = False
    choices: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""

    def check(self, check: Checker, name: str, value: Any) -> Any:
        kind = self.kind
        if kind == "text":
            text = check.text(name, value, required=self.required, max_len=self.max_len)
            if text and self.pattern is not None and not self.pattern.match(text.upper()):
                check.fail(name, f"'{text}' {self.pattern_hint}")
            return text
        if kind == "decimal":
            return check.decimal(name, value, required=self.required, places=self.places,
                                 minimum=Decimal(self.minimum or 0), positive=self.positive,
                                 maximum=self.maximum if self.maximum is not None
                                 else MONEY_MAX)
        if kind == "integer":
            return check.integer(name, value, required=self.required,
                                 minimum=self.minimum or 0, maximum=self.maximum or INT_MAX)
        if kind == "choice":
            return check.choice(name, value, self.choices, required=self.required)
        if kind == "boolean":
            return check.boolean(name, value)
        if kind == "date":
            day = check.date(name, value)
            if self.required and is_blank(value):
                check.fail(name, "is required")
            return day
        if kind == "moment":
            return check.moment(name, value, required=self.required)
        if kind == "sources":
            return parse_sources(check, value)
        if kind == "matrix":
            check.errors.extend(replace(e, row=check.row, record=check.record)
                                for e in check_matrix(value))
            return value
        raise ValueError(f"unknown rule kind {kind!r}")

    def but(self, **changes: Any) -> Rule:
        """This rule with some settings changed (a form that fills a blank from a default)."""
        return _changed(self, tuple(sorted(changes.items())))


@lru_cache(maxsize=512)
def _changed(rule: Rule, changes: tuple[tuple[str, Any], ...]) -> Rule:
    # Once per rule and change, not per row: a 12k-line import asked 50k times (0.2 s).
    return replace(rule, **dict(changes))


def text(max_len: int, required: bool = False, **extra: Any) -> Rule:
    return Rule("text", required=required, max_len=max_len, **extra)


def money(required: bool = True, maximum: Decimal = MONEY_MAX) -> Rule:
    return Rule("decimal", required=required, places=2, maximum=maximum)


def quantity(maximum: Decimal = QUANTITY_MAX) -> Rule:
    return Rule("decimal", required=True, places=3, positive=True, maximum=maximum)


def integer(required: bool = False, minimum: int = 0, maximum: int = INT_MAX) -> Rule:
    return Rule("integer", required=required, minimum=minimum, maximum=maximum)


def choice(choices: tuple[str, ...], required: bool = True) -> Rule:
    return Rule("choice", required=required, choices=choices)


FUNDING_YEAR = integer(True, FUNDING_YEAR_MIN, FUNDING_YEAR_MAX)
BOOLEAN = Rule("boolean")
DATE = Rule("date")
PERCENT = Rule("decimal", places=2, maximum=Decimal(100))


@dataclass(frozen=True)
class RecordRules:
    """The rules of one kind of record, and its rule across fields (over typed values)."""

    noun: str
    fields: Mapping[str, Rule]
    across: Callable[[Checker, Mapping[str, Any]], None] | None = None
    across_fields: tuple[str, ...] = ()  # the fields `across` reads

    def field(self, check: Checker, name: str, value: Any, **changes: Any) -> Any:
        rule = self.fields[name]
        return (rule.but(**changes) if changes else rule).check(check, name, value)

    def record(self, check: Checker, raw: Mapping[str, Any],
               names: Iterable[str] | None = None) -> dict[str, Any]:
        """Check the fields `names` (default: every field with a rule) of `raw`, then the
        rule across fields; returns the typed values."""
        wanted = self.fields if names is None else names
        values = {name: self.field(check, name, raw.get(name)) for name in wanted}
        self.check_across(check, values)
        return values

    def check_across(self, check: Checker, values: Mapping[str, Any]) -> None:
        if self.across is not None:
            self.across(check, values)


def parse_sources(check: Checker, value: Any) -> str:
    """'E-rate; local' → 'erate,local' (canonical order), with a field error for unknowns; a
    bundle's value (`check.exact`) must already be in that canonical form."""
    if is_blank(value):
        return ""
    tokens = value if isinstance(value, (list, tuple)) else re.split(r"[,;/|+]", str(value))
    found: set[str] = set()
    problems = len(check.errors)
    for token in tokens:
        word = str(token).strip().lower()
        if not word:
            continue
        word = SOURCE_ALIASES.get(word, word)
        if word not in FUNDING_SOURCES:
            check.fail("funding_sources", f"'{str(token)[:40]}' is not one of "
                                          f"{', '.join(FUNDING_SOURCES)}")
            continue
        found.add(word)
    canonical = ",".join(s for s in FUNDING_SOURCES if s in found)
    if check.exact and canonical != value and len(check.errors) == problems:
        check.fail("funding_sources", f"'{str(value)[:60]}' is not written as "
                                      f"'{canonical}'")
    return canonical


def check_matrix(bands: Any) -> list[FieldError]:
    """Bands must cover 0–100 % without gaps or overlaps; discounts are 0–90 %."""
    errors: list[FieldError] = []
    if not isinstance(bands, list) or not bands or \
            not all(isinstance(b, dict) for b in bands):
        return [FieldError("discount_matrix", "must be a list of bands")]
    expected_min = 0
    for index, band in enumerate(sorted(bands, key=lambda b: _sort_key(b.get("min_pct")))):
        where = f"band {index + 1}"
        if set(band) != set(MATRIX_KEYS) or not all(
                isinstance(band[k], int) and not isinstance(band[k], bool) for k in band):
            errors.append(FieldError("discount_matrix", f"{where} needs whole numbers for "
                                                        f"{', '.join(MATRIX_KEYS)}"))
            continue
        if band["min_pct"] != expected_min or band["max_pct"] < band["min_pct"]:
            errors.append(FieldError("discount_matrix", f"{where} should start at "
                                                        f"{expected_min} %"))
        if not all(0 <= band[k] <= 90 for k in MATRIX_KEYS[2:]):
            errors.append(FieldError("discount_matrix", f"{where}: discounts are 0–90 %"))
        expected_min = band["max_pct"] + 1
    if not errors and expected_min != 101:
        errors.append(FieldError("discount_matrix", "the last band must end at 100 %"))
    return errors


def _sort_key(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


# --- rules across fields --------------------------------------------------------------------

def _confirmed_names_who(check: Checker, values: Mapping[str, Any]) -> None:
    if values.get("status") == "confirmed":
        if not values.get("confirmed_by"):
            check.fail("confirmed_by", "is required when the line is confirmed")
        if values.get("confirmed_at") is None:
            check.fail("confirmed_at", "is required when the line is confirmed")


def _eligible_not_above_enrolled(check: Checker, values: Mapping[str, Any]) -> None:
    students, eligible = values.get("students"), values.get("nslp_eligible")
    if students is not None and eligible is not None and eligible > students:
        check.fail("nslp_eligible", f"{eligible} NSLP-eligible students is more than the "
                                    f"{students} enrolled")


def _email_looks_like_one(check: Checker, values: Mapping[str, Any]) -> None:
    for name in ("email", "contact_email"):
        email = values.get(name)
        if email and ("@" not in email or " " in email):
            check.fail(name, f"'{email}' is not an e-mail address")


def _confirmed_figures_name_who(check: Checker, values: Mapping[str, Any]) -> None:
    """Figures marked confirmed name the funding year, who confirmed them and when."""
    _eligible_not_above_enrolled(check, values)
    if values.get("figures_source") == "confirmed":
        for name in ("confirmed_for_year", "confirmed_by", "confirmed_at"):
            if values.get(name) in (None, ""):
                check.fail(name, "is required when the figures are confirmed")


def _vendor_fields(check: Checker, values: Mapping[str, Any]) -> None:
    _email_looks_like_one(check, values)
    problem = form_498_problem(values.get("spin_498") or "")
    if problem:
        check.fail("spin_498", problem)
    years = values.get("form_473_years")
    if years and not re.fullmatch(r"\d{4}(,\d{4})*", years):
        check.fail("form_473_years", f"'{years}' is not a list of funding years (2026,2027)")


def _letter_years(check: Checker, values: Mapping[str, Any]) -> None:
    first, last = values.get("first_funding_year"), values.get("last_funding_year")
    if first and last and last < first:
        check.fail("last_funding_year", "is before the first funding year")
    if first and last and last - first > 4:
        # USAC accepts multi-year letters but not open-ended ones; five years is a cycle.
        check.fail("last_funding_year", "covers more than five funding years")


def _funding_year_order(check: Checker, values: Mapping[str, Any]) -> None:
    opens, closes = values.get("form471_window_opens"), values.get("form471_window_closes")
    if isinstance(opens, date) and isinstance(closes, date) and closes <= opens:
        check.fail("form471_window_closes", "must be after the window opens")
    informal = values.get("nc_informal_bid_threshold")
    formal = values.get("nc_formal_bid_threshold")
    if informal is not None and formal is not None and Decimal(formal) <= Decimal(informal):
        check.fail("nc_formal_bid_threshold", "must be above the informal-bid threshold")


# --- the kinds of record --------------------------------------------------------------------

ENROLMENT = ("students", "nslp_eligible")
PROVENANCE = {"figures_source": choice(FIGURE_SOURCES),
              "confirmed_for_year": FUNDING_YEAR.but(required=False),
              "confirmed_at": Rule("moment"), "confirmed_by": text(120)}
PROVENANCE_ACROSS = (*ENROLMENT, "figures_source", "confirmed_for_year", "confirmed_by",
                     "confirmed_at")

NEED = RecordRules("need", {
    "description": text(200, True), "unit": text(30, True), "quantity": quantity(),
    "unit_price": money(), "funding_year": FUNDING_YEAR, "needed_by": DATE,
    "funding_sources": Rule("sources"), "current_vendor": text(160),
    "preferred_vendor": text(160), "notes": text(2000), "status": choice(NEED_STATUSES),
    "confirmed_by": text(120), "confirmed_at": Rule("moment"),
}, _confirmed_names_who, ("status", "confirmed_by", "confirmed_at"))

MEMBER = RecordRules("member", {
    "code": text(8, True, pattern=MEMBER_CODE,
                 pattern_hint="is not an LEA code (920), charter code (32A) or six-digit "
                              "code"),
    "name": text(120, True), "kind": choice(MEMBER_KINDS), "county": text(40),
    "region": integer(True, 1, 8), "dpi_region": integer(), "students": integer(),
    "nslp_eligible": integer(), "cep_isp": PERCENT, "rural": BOOLEAN, "ben": text(20),
    "notes": text(2000), **PROVENANCE,
}, _confirmed_figures_name_who, PROVENANCE_ACROSS)

SCHOOL = RecordRules("school", {
    "code": text(12, True), "name": text(120, True), "students": integer(True),
    "nslp_eligible": integer(), "cep_isp": PERCENT, "rural": BOOLEAN, **PROVENANCE,
}, _confirmed_figures_name_who, PROVENANCE_ACROSS)

CONTACT = RecordRules("contact", {
    "name": text(120, True), "title": text(120), "role": text(40), "email": text(200),
    "phone": text(40),
}, _email_looks_like_one, ("email",))

LETTER = RecordRules("letter of agency", {
    "lead_name": text(160), "member_name": text(160), "official_name": text(160),
    "official_title": text(160), "services": text(4000), "notes": text(4000),
    "first_funding_year": FUNDING_YEAR.but(required=False),
    "last_funding_year": FUNDING_YEAR.but(required=False), "signed_on": DATE,
    "received_on": DATE,
}, _letter_years, ("first_funding_year", "last_funding_year"))

CATEGORY = RecordRules("category", {"code": text(20, True), "name": text(80, True)})

CATALOG_ITEM = RecordRules("catalog item", {
    "code": text(20, True, pattern=ITEM_CODE,
                 pattern_hint="is not a catalog code: use capital letters, digits and "
                              "hyphens (up to 20)"),
    "name": text(120, True), "unit": text(30, True),
    "erate_category": choice(ERATE_CATEGORIES), "reference_price": money(),
    "spec": text(4000), "brand": text(80), "active": BOOLEAN,
})

VENDOR = RecordRules("vendor", {
    "name": text(160, True), "dba": text(160), "address": text(1000),
    "remit_address": text(1000), "contact_name": text(120), "contact_email": text(200),
    "contact_phone": text(40), "spin_498": text(9), "nc_vendor_number": text(20),
    **{flag: BOOLEAN for flag in ("hub_certified", "e_verify_affidavit", "w9_on_file")},
    "e_verify_on": DATE, "w9_on": DATE, "form_473_years": text(60), "hub_class": text(60),
    "notes": text(4000),
}, _vendor_fields, ("contact_email", "spin_498", "form_473_years"))

COMPLIANCE_LIST = RecordRules("compliance list", {
    "kind": choice(COMPLIANCE_LIST_KINDS), "list_date": DATE, "source": text(1000),
})

COMPLIANCE_ENTRY = RecordRules("compliance list entry", {
    "name": text(200, True), "normalized": text(200, True), "affiliate_of": text(200),
    "notes": text(1000),
})

SAM_CHECK = RecordRules("SAM.gov check", {
    "checked_by": text(120, True), "checked_on": DATE.but(required=True),
    "result": choice(SAM_RESULTS), "reference": text(200), "notes": text(1000),
})

FY_MONEY_FIELDS = ("c2_multiplier", "c2_floor", "nc_informal_bid_threshold",
                   "nc_formal_bid_threshold", "nc_construction_formal_threshold",
                   "federal_micro_purchase_threshold",
                   "federal_simplified_acquisition_threshold")
FY_DATE_FIELDS = ("starts_on", "ends_on", "form470_available_on", "form471_window_opens",
                  "form471_window_closes")
FY_INT_FIELDS = ("c2_max_discount", "c2_cycle_start", "c2_cycle_end",
                 "c2_small_district_max_schools", "nc_formal_ad_min_days",
                 "nc_piggyback_notice_days", "erate_bidding_days")
FY_TEXT_FIELDS = ("label", "notes")

FUNDING_YEAR_PARAMS = RecordRules("funding year", {
    "year": FUNDING_YEAR,
    **{name: money() for name in FY_MONEY_FIELDS},
    "cep_multiplier": Rule("decimal", required=True, places=3, positive=True,
                           maximum=Decimal(10)),
    **{name: Rule("date", required=name != "form470_available_on")
       for name in FY_DATE_FIELDS},
    **{name: integer(True) for name in FY_INT_FIELDS},
    "label": text(80), "notes": text(4000), "discount_matrix": Rule("matrix"),
}, _funding_year_order, ("form471_window_opens", "form471_window_closes",
                         "nc_informal_bid_threshold", "nc_formal_bid_threshold"))

PROCUREMENT = RecordRules("procurement", {
    "ref": text(20, True), "title": text(200, True), "funding_year": FUNDING_YEAR,
    "method": choice(PROCUREMENT_METHODS), "status": choice(PROCUREMENT_STATUSES),
    "lot_basis": choice(LOT_BASES), "funding_sources": Rule("sources"),
    "estimated_total": money(maximum=TOTAL_MONEY_MAX),
    **{name: DATE for name in ("form470_certified_on", "rfp_posted_on", "nc_advertised_on",
                               "bid_due_on", "contract_on")},
    "notes": text(4000),
})

LOT = RecordRules("lot", {
    "number": integer(True, 1), "name": text(160, True), "basis_code": text(20),
    "erate_category": choice(ERATE_CATEGORIES, required=False),
})

LOT_ITEM = RecordRules("lot item", {
    "description": text(200, True), "unit": text(30), "quantity": quantity(TOTAL_QUANTITY_MAX),
    "estimated_unit_price": money(), "estimated_amount": money(maximum=TOTAL_MONEY_MAX),
    "members": integer(),
})

PROCUREMENT_MEMBER = RecordRules("procurement member", {
    "estimated_amount": money(maximum=TOTAL_MONEY_MAX),
    "c2_amount": money(maximum=TOTAL_MONEY_MAX), "lots_taken": integer(),
    "loa_ok": BOOLEAN, "loa_problems": text(PACKET_TEXT_MAX),
})

PRICE_TIER = RecordRules("price tier", {
    "min_qty": quantity(), "unit_price": money(), "vendor": text(160),
})

EVALUATION_CRITERION = RecordRules("evaluation criterion", {
    "name": text(160, True), "weight": integer(True, 1, 1000), "is_price_of_eligible": BOOLEAN,
    "order": integer(), "description": text(1000),
})

PACKET_TEXT = RecordRules("packet text", {
    "section_key": text(40, True), "text": text(PACKET_TEXT_MAX),
})

AWARD = RecordRules("award", {
    "lot_number": integer(True, 1), "rank": integer(), "basis": text(40, True),
    "no_award_reason": text(NO_AWARD_MAX),
})

CONTRACT = RecordRules("contract", {
    "number": text(CONTRACT_NUMBER_MAX, True), "signed_on": DATE.but(required=True),
    "term_months": integer(True, 1, MAX_TERM_MONTHS),
    "renewal_options": integer(False, 0, MAX_RENEWALS), "board_approved_on": DATE,
})

CONTRACT_PRICE = RecordRules("contract price", {
    # 0 is the base price; a volume tier starts at its minimum quantity.
    "min_qty": Rule("decimal", required=True, places=3, maximum=QUANTITY_MAX),
    "unit_price": money(),
})

def _share_within_eligible(check: Checker, values: Mapping[str, Any]) -> None:
    eligible, share = values.get("eligible"), values.get("erate_share")
    if eligible is not None and share is not None and share > eligible:
        check.fail("erate_share", f"{share} is more than the eligible amount {eligible}")


ALLOCATION = RecordRules("allocation", {
    "how": choice(HOW), "chosen_vendor": text(160), "piggyback": BOOLEAN,
    "quantity": quantity(), "unit_price": money(), "own_unit_price": money(),
    "erate_category": Rule("choice", choices=ERATE_CATEGORIES),
    "discount": integer(False, 0, 100), "eligible": money(), "erate_share": money(),
    "over_budget": money(), "note": text(1000),
}, _share_within_eligible, ("eligible", "erate_share"))

PIGGYBACK_JOIN = RecordRules("piggyback join", {
    "notice_on": DATE.but(required=True), "board_approved_on": DATE.but(required=True),
    "joined_on": DATE.but(required=True), "note": text(1000),
})

ADDENDUM = RecordRules("addendum", {
    "number": integer(True, 1, 999), "issued_on": DATE.but(required=True),
    "issued_by": text(120), "summary": text(4000, True), "substantive": BOOLEAN,
})

REGION = RecordRules("region", {"number": integer(True, 1, 8), "name": text(60, True)})

CONSORTIUM_PROFILE = RecordRules("consortium profile", {"name": text(200, True)})

# Every synced table's rules, by table name (a sync bundle names records by table).
BY_TABLE: dict[str, RecordRules] = {
    "needs": NEED, "members": MEMBER, "schools": SCHOOL, "contacts": CONTACT,
    "letters_of_agency": LETTER, "categories": CATEGORY, "catalog_items": CATALOG_ITEM,
    "vendors": VENDOR, "compliance_lists": COMPLIANCE_LIST,
    "compliance_entries": COMPLIANCE_ENTRY, "sam_checks": SAM_CHECK,
    "funding_years": FUNDING_YEAR_PARAMS, "procurements": PROCUREMENT,
    "lots": LOT, "lot_items": LOT_ITEM, "procurement_members": PROCUREMENT_MEMBER,
    "price_tiers": PRICE_TIER, "evaluation_criteria": EVALUATION_CRITERION,
    "packet_texts": PACKET_TEXT, "regions": REGION, "consortium_profile": CONSORTIUM_PROFILE,
    "awards": AWARD, "contracts": CONTRACT, "contract_prices": CONTRACT_PRICE,
    "allocations": ALLOCATION, "piggyback_joins": PIGGYBACK_JOIN, "addenda": ADDENDUM,
}
