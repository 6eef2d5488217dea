"""Demand: confirmed need lines added up across members."""

from app.ui.pages.base import ExplainPage, explain_html


class DemandPage(ExplainPage):
    title = "Demand"
    listens_to = frozenset()
    body_html = explain_html(
        "Demand is what the members have confirmed they want to buy, added up: how many of "
        "each catalog item, for which funding year, at what estimated cost, and how much of it "
        "is E-rate Category 1 or Category 2.",
        [
            "total confirmed quantities and estimated amounts by item, category, region, "
            "member and funding year;",
            "show which members still have draft (unconfirmed) lines;",
            "pick the lines that go into a procurement.",
        ],
        [
            ("consortium needs list --status confirmed", "confirmed need lines"),
            ("consortium needs list --fy 2027 --json", "one funding year, as JSON for a "
                                                       "spreadsheet or script"),
        ],
    )
