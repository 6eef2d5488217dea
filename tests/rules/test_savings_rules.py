"""The savings rule: parts add up, savings % against the members' own amount, and the
procurements replaced are the separate ones less the consortium's own."""

from __future__ import annotations

from decimal import Decimal

from app.rules.savings import Part, SavingsFigures, add_up, procurements_replaced, savings_pct


def test_parts_add_up_to_money_members_and_separate_procurements() -> None:
    parts = [Part("010", 2, Decimal("1000.00"), Decimal("800.00"), Decimal("400.00")),
             Part("010", 1, Decimal("50.00"), Decimal("60.00"), Decimal("0.00")),
             Part("01B", 3, Decimal("300.00"), Decimal("240.00"), Decimal("100.00"))]
    total = add_up(parts)
    assert total.lines == 6 and total.members == 2 and total.separate_procurements == 3
    assert total.own_amount == Decimal("1350.00") and total.amount == Decimal("1100.00")
    assert total.savings == Decimal("250.00")
    assert total.member_share == Decimal("600.00")
    assert total.savings_pct == Decimal("18.5")


def test_savings_pct_needs_an_own_amount_and_can_be_negative() -> None:
    assert SavingsFigures().savings_pct is None
    assert savings_pct(Decimal("-10"), Decimal("100")) == Decimal("-10.0")


def test_procurements_replaced_never_below_zero() -> None:
    assert procurements_replaced(40, 3) == 37
    assert procurements_replaced(1, 1) == 0
    assert procurements_replaced(0, 2) == 0
