"""Money reads one way everywhere: the sign before the dollar sign, cents half up."""

from __future__ import annotations

from decimal import Decimal

from app.rules.money import figure, money, short_money, whole_money

D = Decimal


def test_money_and_its_short_forms() -> None:
    assert money(D("1234.5")) == "$1,234.50"
    assert money(D("-1234.5")) == "-$1,234.50"
    assert money(D("0.005")) == "$0.01"  # half up, not half to even
    assert money(None) == "" and money(None, "—") == "—"
    assert money(7) == "$7.00"
    assert whole_money(D("1234.5")) == "$1,235" and whole_money(D("-0.4")) == "$0"
    assert whole_money(D("-2500")) == "-$2,500"
    assert short_money(D("76600000")) == "$76.6M" and short_money(D("-250000")) == "-$250k"
    assert short_money(D("9500.25")) == "$9,500"
    assert short_money(D("9500.25"), cents=True) == "$9,500.25"
    assert figure(D("-1234.567")) == "-1,234.57"
