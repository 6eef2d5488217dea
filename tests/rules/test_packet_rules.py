"""Print-time rules of a bid packet: price of eligible items outweighs every other single
criterion when E-rate money is involved; brand names read "or equivalent"."""

from __future__ import annotations

from app.rules.packet_rules import (
    BidderFacts,
    CriterionFacts,
    PacketRefused,
    TextFacts,
    brand_problems,
    criteria_problems,
    load_brands,
    missing_bidder_facts,
    packet_problems,
    shares,
)

PRICE = CriterionFacts("Price of eligible goods and services", 40, True)


def c(name: str, weight: int) -> CriterionFacts:
    return CriterionFacts(name, weight, False)


def test_price_strictly_heaviest_passes() -> None:
    assert criteria_problems([PRICE, c("Technical fit", 39), c("References", 21)], True) == []


def test_equal_weight_is_refused_naming_the_criterion() -> None:
    problems = criteria_problems([PRICE, c("Understanding of needs", 40), c("Ref", 20)], True)
    assert len(problems) == 1
    assert "'Understanding of needs' (40) equals" in problems[0]
    assert "'Price of eligible goods and services' (40)" in problems[0]


def test_heavier_other_criterion_is_refused() -> None:
    problems = criteria_problems([PRICE, c("Technical fit", 45), c("Local presence", 15)], True)
    assert problems == [p for p in problems if "Technical fit" in p] and len(problems) == 1
    assert "outweighs" in problems[0]


def test_without_erate_money_price_need_not_dominate() -> None:
    assert criteria_problems([PRICE, c("Technical fit", 60)], False) == []


def test_weights_must_total_100() -> None:
    # The example: 30 + 40 + 30 = 100 passes the total but not the E-rate rule;
    # 110 points are refused whatever the money.
    problems = criteria_problems([c("Price", 40), c("Technical fit", 40), c("Experience", 30)],
                                 False)
    assert problems == ["the weights total 110, not 100 (Price 40 + Technical fit 40 + "
                        "Experience 30)"]


def test_shares_always_sum_to_100() -> None:
    assert shares([40, 40, 30]) == [37, 36, 27]  # 110 points: 36.4, 36.4, 27.3 → 100
    assert shares([55, 25, 15, 5]) == [55, 25, 15, 5]
    assert sum(shares([1, 1, 1])) == 100 and shares([]) == []


def test_missing_bidder_facts_are_each_named() -> None:
    empty = BidderFacts(erate=True, nc_formal=True, form470_number="", contact_email="",
                        contact_phone="", bid_due_set=False, bid_due_time="", opening_place="")
    missing = missing_bidder_facts(empty)
    for word in ("Form 470", "e-mail", "phone", "bid due date", "time bids are due",
                 "formal bids are opened"):
        assert any(word in m for m in missing), word
    full = BidderFacts(True, True, "260012345", "a@b.org", "919-555-0100", True, "2 p.m.",
                       "Raleigh")
    assert missing_bidder_facts(full) == []


def test_erate_needs_a_price_criterion_and_only_one() -> None:
    assert "no criterion is marked" in criteria_problems([c("Fit", 60), c("Ref", 40)], True)[0]
    two = criteria_problems([PRICE, CriterionFacts("Price again", 60, True)], True)
    assert "only one criterion" in two[0]
    assert criteria_problems([], True) == ["no evaluation criteria are set"]
    assert "weights must be positive" in criteria_problems([PRICE, c("Zero", 0),
                                                            c("Rest", 60)], True)[0]


BRANDS = load_brands(["# comment", "Cisco", "Meraki", "iPad", "HP", "", "Cisco  # again"])


def test_brand_list_reads_comments_and_duplicates() -> None:
    assert BRANDS == ("Cisco", "Meraki", "iPad", "HP")


def test_brand_without_or_equivalent_is_refused_naming_where() -> None:
    problems = brand_problems([TextFacts("lot 2, line 2.1 (AP-WIFI6-IN) specification",
                                         "Cisco Meraki MR46 access point, cloud managed.")],
                              BRANDS)
    assert problems == ["lot 2, line 2.1 (AP-WIFI6-IN) specification names 'Cisco', "
                        "'Meraki' without \"or equivalent\""]


def test_brand_with_or_equivalent_passes_and_words_inside_others_do_not_count() -> None:
    texts = [TextFacts("a", "10-inch tablet (iPad or equivalent), 64 GB."),
             TextFacts("b", "Cisco Catalyst 9200 or approved equivalent switch."),
             TextFacts("c", "Shipping and handling included; chip-based HPC not needed."),
             TextFacts("d", "Meraki or an equivalent cloud-managed AP.")]
    assert brand_problems(texts, BRANDS) == []


def test_or_equivalent_must_be_in_the_same_clause() -> None:
    texts = [TextFacts("x", "Cisco switch. Cables of any brand or equivalent length.")]
    assert len(brand_problems(texts, BRANDS)) == 1


def test_all_reasons_together_and_the_refusal_message() -> None:
    problems = packet_problems([PRICE, c("Fit", 60)], True,
                               [TextFacts("lot 1 name", "HP laptops")], BRANDS)
    assert len(problems) == 2
    error = PacketRefused(problems)
    assert error.reasons == tuple(problems)
    assert str(error).splitlines() == ["The bid packet cannot be printed as final: 2 problems:",
                                       *(f"  {problem}" for problem in problems)]
    assert str(PacketRefused(problems[:1])) == \
        f"The bid packet cannot be printed as final: {problems[0]}"
