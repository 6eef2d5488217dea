"""Vendor compliance: names matched after normalising, lists with their dates, NOT CHECKED
when a list was never loaded, and the E-rate and federal lines only where they apply."""

from __future__ import annotations

from datetime import date

from app.rules.compliance import (
    FAIL,
    NOT_CHECKED,
    PASS,
    ListFacts,
    SamFacts,
    VendorFacts,
    compliance_summary,
    form_498_problem,
    normalise_name,
    parse_years,
    vendor_compliance,
)


def facts(kind: str, *names: str) -> ListFacts:
    return ListFacts(kind, date(2026, 4, 15), {normalise_name(n): n for n in names})


VENDOR = VendorFacts("Carolina Devices, LLC", "CDI", "143012345", True, date(2026, 1, 5),
                     (2026,), True)
LISTS = {"iran_divestment": facts("iran_divestment", "Petro Example Corp."),
         "israel_boycott": facts("israel_boycott", "Boycott Example PLC"),
         "covered_list": facts("covered_list", "Huawei Technologies Company",
                               "Hangzhou Hikvision Digital Technology Co.")}


def by_code(lines: list) -> dict[str, tuple[str, str]]:  # type: ignore[type-arg]
    return {line.code: (line.status, line.reason) for line in lines}


def test_names_compare_without_case_punctuation_or_legal_form() -> None:
    assert normalise_name("Acme Devices, Inc.") == normalise_name("ACME DEVICES LLC") == \
        "acme devices"
    assert normalise_name("Smith & Sons Co.") == "smith and sons"
    assert normalise_name("Société Générale S.A.") == "societe generale"
    assert normalise_name("Acme Devices") != normalise_name("Acme Device Services")


def test_a_clean_vendor_passes_every_line_with_the_lists_dates() -> None:
    lines = by_code(vendor_compliance(VENDOR, LISTS, funding_year=2026, erate=True,
                                      manufacturers=["Cisco Systems", "HPE Aruba"]))
    assert {status for status, _ in lines.values()} == {PASS}
    assert "dated 2026-04-15" in lines["iran_divestment"][1]
    assert set(lines) == {"iran_divestment", "israel_boycott", "e_verify", "w9", "spin",
                          "form473", "covered"}


def test_a_vendor_on_a_treasurer_list_fails_by_its_legal_name_or_dba() -> None:
    listed = VendorFacts("PETRO EXAMPLE CORPORATION", "", "", True, None, (), True)
    assert by_code(vendor_compliance(listed, LISTS))["iran_divestment"] == (
        FAIL, "'PETRO EXAMPLE CORPORATION' matches 'Petro Example Corp.' on the list dated "
              "2026-04-15")
    dba = VendorFacts("Neutral Name Inc", "Boycott Example", "", True, None, (), True)
    assert by_code(vendor_compliance(dba, LISTS))["israel_boycott"][0] == FAIL


def test_a_bid_line_from_a_covered_manufacturer_fails_the_erate_line() -> None:
    lines = by_code(vendor_compliance(VENDOR, LISTS, funding_year=2026, erate=True,
                                      manufacturers=["Cisco", "Hangzhou Hikvision Digital "
                                                              "Technology Co., Ltd."]))
    assert lines["covered"][0] == FAIL and "Hikvision" in lines["covered"][1]


def test_missing_lists_and_checks_are_not_passed() -> None:
    lines = by_code(vendor_compliance(VENDOR, {}, funding_year=2027, erate=True, federal=True))
    assert lines["iran_divestment"][0] == lines["covered"][0] == NOT_CHECKED
    assert lines["sam"] == (NOT_CHECKED, "no check recorded for this procurement")
    assert lines["form473"] == (FAIL, "years on file: 2026")
    sam = SamFacts("Ann Lee", date(2026, 5, 2), "excluded", "SAM-123")
    assert by_code(vendor_compliance(VENDOR, {}, federal=True, sam=sam))["sam"][0] == FAIL


def test_form_498_ids_and_years() -> None:
    assert form_498_problem("143012345") is None
    assert form_498_problem("14301234X") == "'14301234X' is not an FCC Form 498 ID (9 digits)"
    assert parse_years("2027, 2026 2026") == (2026, 2027)
    no_affidavit = VendorFacts("X", "", "", False, None, (), False)
    lines = by_code(vendor_compliance(no_affidavit, LISTS))
    assert lines["e_verify"] == (FAIL, "no affidavit") and lines["w9"] == (FAIL, "no W-9")


def test_summary_counts_what_blocks_an_award_failures_first() -> None:
    assert compliance_summary(vendor_compliance(VENDOR, LISTS)) == "all PASS"
    lines = vendor_compliance(VendorFacts("Petro Example Corp", "", "", False, None, (), True),
                              {k: v for k, v in LISTS.items() if k != "israel_boycott"})
    assert compliance_summary(lines) == "2 FAIL, 1 NOT CHECKED"
    assert compliance_summary([]) == "all PASS"
