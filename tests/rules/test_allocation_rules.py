"""The allocation rules: which awarded vendor a line buys from, and a member's Category 2
lines drawing on its remaining budget in order."""

from __future__ import annotations

from decimal import Decimal

from app.rules.allocation import (
    CHOICE,
    LOWEST,
    NOT_AWARDED,
    PREFERRED,
    AwardedVendor,
    MemberLine,
    allocated_unit_price,
    member_figures,
    pick_vendor,
)
from app.rules.erate import MemberDiscount
from app.rules.pricing import PriceBreak

D = Decimal
ACME = AwardedVendor("Acme Networks, Inc.", "", D("60950"))
BLUE = AwardedVendor("Blue Ridge Technology LLC", "BRT", D("59990"))


def test_the_choice_then_the_preferred_vendor_then_the_lowest_evaluated() -> None:
    assert pick_vendor([ACME, BLUE], "acme networks", "Blue Ridge Technology") == \
        pick_vendor([ACME, BLUE], "", "BRT")  # the DBA names the vendor too
    assert pick_vendor([ACME, BLUE], "", "BRT").how == CHOICE
    assert pick_vendor([ACME, BLUE], "Acme Networks").vendor is ACME
    assert pick_vendor([ACME, BLUE], "Acme Networks").how == PREFERRED
    lowest = pick_vendor([ACME, BLUE], "Dell")
    assert (lowest.vendor, lowest.how, lowest.note) == (
        BLUE, LOWEST, "preferred vendor Dell was not awarded this line")
    gone = pick_vendor([ACME], "", "Blue Ridge Technology")
    assert (gone.vendor, gone.how) == (ACME, LOWEST)
    assert gone.note == "the member's choice Blue Ridge Technology is not awarded this line"
    assert pick_vendor([], "Acme").how == NOT_AWARDED


def test_the_tier_is_reached_by_the_vendors_whole_quantity() -> None:
    tiers = [PriceBreak(D(200), D("575.00")), PriceBreak(D(500), D("550.00"))]
    assert allocated_unit_price(D("600.00"), tiers, D(199)) == D("600.00")
    assert allocated_unit_price(D("600.00"), tiers, D(200)) == D("575.00")
    assert allocated_unit_price(D("600.00"), tiers, D(800)) == D("550.00")


def test_category_2_draws_on_the_budget_in_line_order_and_flags_the_rest() -> None:
    discount = MemberDiscount(500, 400, 1, 0, 80, False, 80, 80)
    lines = [MemberLine(D(10), D("1000.00"), D("1100.00"), "C2"),
             MemberLine(D(10), D("1000.00"), D("900.00"), "C2"),
             MemberLine(D(1), D("500.00"), D("500.00"), "C1"),
             MemberLine(D(5), D("100.00"), D("120.00"), "ineligible")]
    first, second, c1, other = member_figures(lines, discount, D("15000"))
    assert (first.eligible, first.over_budget, first.erate_share) == (D(10000), 0, D(8000))
    assert (second.eligible, second.over_budget) == (D(5000), D(5000))
    assert second.erate_share == D(4000) and second.member_share == D(6000)
    assert second.savings == D(-1000)  # the contract costs more than the member's estimate
    assert c1.erate_share == D(400) and other.erate_share == 0
    joined = member_figures(lines, discount, D("15000"), piggyback=True)
    assert sum(f.erate_share for f in joined) == 0 and all(f.over_budget == 0 for f in joined)
