"""Counts under tables read as English: "1 letter", "2 letters"."""

from __future__ import annotations

import pytest

from app.ui.widgets.table_panel import singular


@pytest.mark.parametrize(("plural", "one"), [
    ("letters", "letter"), ("need lines", "need line"), ("open conflicts", "open conflict"),
    ("members with needs", "member with needs"), ("kinds of record", "kind of record"),
    ("entries", "entry"), ("refused records", "refused record"), ("lot items", "lot item"),
])
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one
