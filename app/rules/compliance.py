"""Whether a vendor may be awarded: its registry facts and the lists it must not be on
(DOMAIN.md §1.9 FCC Covered List, §2.8 E-Verify, §2.9 Iran Divestment and Israel-boycott
lists, §3.3 SAM.gov exclusions), as PASS / FAIL / NOT CHECKED lines with reasons — the style
of the procurement checklist.

A name matches a list entry when both normalise to the same words: case, punctuation and the
legal-form words ("Inc", "LLC", "Corp", "Co", "Ltd", …) are ignored, so "Acme Devices, Inc."
matches "ACME DEVICES LLC". The Covered List names manufacturers: it is checked against a
bid line's manufacturer, not the vendor's name. A line is NOT CHECKED when the list it needs
has never been loaded — never PASS on missing data.

Pure rules: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

PASS, FAIL, NOT_CHECKED = "PASS", "FAIL", "NOT CHECKED"
LIST_LABELS = {"iran_divestment": "NC Treasurer's Iran Divestment list",
               "israel_boycott": "NC Treasurer's Israel-boycott list",
               "covered_list": "FCC Covered List"}
VENDOR_LISTS = ("iran_divestment", "israel_boycott")
# Legal-form words dropped before comparing names (whole words only).
LEGAL_FORMS = frozenset({"inc", "incorporated", "llc", "corp", "corporation", "co",
                         "company", "ltd", "limited", "lp", "llp", "plc", "pllc", "pc", "sa",
                         "ag", "gmbh", "the"})
FORM_498_ID = re.compile(r"^\d{9}$")


def normalise_name(name: str) -> str:
    """'Acme Devices, Inc.' → 'acme devices': lower case, accents and punctuation removed,
    '&' read as 'and', legal-form words ('Inc', 'L.L.C.', 'S.A.', …) dropped."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    # Dots are dropped, not spaced: "S.A." and "L.L.C." are the words "sa" and "llc".
    text = text.lower().replace("&", " and ").replace(".", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in LEGAL_FORMS]
    return " ".join(words)


def form_498_problem(value: str) -> str | None:
    """The FCC Form 498 ID (SPIN) is nine digits."""
    if value and not FORM_498_ID.match(value):
        return f"'{value}' is not an FCC Form 498 ID (9 digits)"
    return None


@dataclass(frozen=True)
class ListFacts:
    """One compliance list as loaded: its date and its entries' normalised names."""

    kind: str
    list_date: date | None
    names: Mapping[str, str]  # normalised → the name as listed (with its parent, if any)


@dataclass(frozen=True)
class VendorFacts:
    name: str
    dba: str
    spin_498: str
    e_verify_affidavit: bool
    e_verify_on: date | None
    form_473_years: tuple[int, ...]
    w9_on_file: bool


@dataclass(frozen=True)
class SamFacts:
    checked_by: str
    checked_on: date
    result: str  # "clear" or "excluded"
    reference: str = ""


@dataclass(frozen=True)
class ComplianceLine:
    code: str
    rule: str
    status: str  # PASS, FAIL or NOT CHECKED
    reason: str

    @property
    def blocks_award(self) -> bool:
        return self.status != PASS


def listed_as(name: str, facts: ListFacts) -> str | None:
    """The entry `name` matches on the list, or None."""
    key = normalise_name(name)
    return facts.names.get(key) if key else None


def _list_line(kind: str, names: Sequence[str], lists: Mapping[str, ListFacts]) -> \
        ComplianceLine:
    label = LIST_LABELS[kind]
    facts = lists.get(kind)
    if facts is None:
        return ComplianceLine(kind, f"Not on the {label}", NOT_CHECKED,
                              f"the {label} has not been loaded")
    as_of = f" dated {facts.list_date.isoformat()}" if facts.list_date else " (undated)"
    for name in names:
        entry = listed_as(name, facts)
        if entry:
            return ComplianceLine(kind, f"Not on the {label}", FAIL,
                                  f"'{name}' matches '{entry}' on the list{as_of}")
    return ComplianceLine(kind, f"Not on the {label}", PASS,
                          f"no match among {len(facts.names):,} names on the list{as_of}")


def vendor_compliance(vendor: VendorFacts, lists: Mapping[str, ListFacts], *,
                      funding_year: int | None = None, erate: bool = False,
                      federal: bool = False, sam: SamFacts | None = None,
                      manufacturers: Sequence[str] = ()) -> list[ComplianceLine]:
    """Every rule a vendor must pass to be awarded, each PASS, FAIL or NOT CHECKED with why.

    Always: the Treasurer's two lists (legal name and DBA), E-Verify affidavit, W-9. With
    E-rate money: the Form 498 ID and a Form 473 for the funding year, and no bid line's
    manufacturer on the FCC Covered List. With federal money: the SAM.gov exclusion check
    recorded for the procurement."""
    names = [n for n in (vendor.name, vendor.dba) if n]
    lines = [_list_line(kind, names, lists) for kind in VENDOR_LISTS]
    lines.append(ComplianceLine(
        "e_verify", "E-Verify affidavit on file (G.S. 143-133.3)",
        PASS if vendor.e_verify_affidavit else FAIL,
        f"on file since {vendor.e_verify_on.isoformat()}" if vendor.e_verify_affidavit and
        vendor.e_verify_on else "on file" if vendor.e_verify_affidavit else "no affidavit"))
    lines.append(ComplianceLine("w9", "W-9 on file", PASS if vendor.w9_on_file else FAIL,
                                "on file" if vendor.w9_on_file else "no W-9"))
    if erate:
        problem = form_498_problem(vendor.spin_498)
        lines.append(ComplianceLine(
            "spin", "FCC Form 498 ID (SPIN)", FAIL if problem or not vendor.spin_498 else PASS,
            problem or ("missing" if not vendor.spin_498 else vendor.spin_498)))
        if funding_year is not None:
            on_file = funding_year in vendor.form_473_years
            lines.append(ComplianceLine(
                "form473", f"Form 473 (SPAC) on file for FY{funding_year}",
                PASS if on_file else FAIL,
                "on file" if on_file else "years on file: " +
                (", ".join(map(str, vendor.form_473_years)) or "none")))
        lines.append(_manufacturer_line(manufacturers, lists))
    if federal:
        if sam is None:
            lines.append(ComplianceLine("sam", "SAM.gov exclusion check (2 CFR 180)",
                                        NOT_CHECKED, "no check recorded for this procurement"))
        else:
            lines.append(ComplianceLine(
                "sam", "SAM.gov exclusion check (2 CFR 180)",
                PASS if sam.result == "clear" else FAIL,
                f"{sam.result} — checked by {sam.checked_by} on {sam.checked_on.isoformat()}"
                + (f" ({sam.reference})" if sam.reference else "")))
    return lines


def compliance_summary(lines: Sequence[ComplianceLine]) -> str:
    """'2 FAIL, 1 NOT CHECKED', or 'all PASS': failures first, as they block an award."""
    counts = [(sum(1 for x in lines if x.status == status), status)
              for status in (FAIL, NOT_CHECKED)]
    parts = [f"{n} {status}" for n, status in counts if n]
    return ", ".join(parts) if parts else "all PASS"


def _manufacturer_line(manufacturers: Sequence[str], lists: Mapping[str, ListFacts]
                       ) -> ComplianceLine:
    facts = lists.get("covered_list")
    rule = "No equipment or service from a company on the FCC Covered List (47 CFR 54.10)"
    if facts is None:
        return ComplianceLine("covered", rule, NOT_CHECKED, "the FCC Covered List has not "
                                                            "been loaded")
    hits = sorted({f"'{m}' ({entry})" for m in manufacturers
                   if (entry := listed_as(m, facts))})
    if hits:
        return ComplianceLine("covered", rule, FAIL, "bid lines name " + ", ".join(hits))
    checked = f"{len(set(manufacturers))} manufacturer(s) checked" if manufacturers else \
        "no bid lines yet"
    return ComplianceLine("covered", rule, PASS, checked)


def parse_years(text: str) -> tuple[int, ...]:
    """'2026, 2027' → (2026, 2027)."""
    return tuple(sorted({int(y) for y in re.findall(r"\d{4}", text or "")}))
