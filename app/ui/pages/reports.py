"""Reports: the printed and exported documents."""

from app.ui.pages.base import ExplainPage, explain_html


class ReportsPage(ExplainPage):
    title = "Reports"
    body_html = explain_html(
        "Reports are the papers and files that leave the program: what a member signs, and "
        "what vendors and auditors receive.",
        [
            "print a needs confirmation sheet for a member to check and sign;",
            "print letters of agency with the five required elements;",
            "produce PDF bid packets for a procurement;",
            "hand members a spreadsheet template and export need lines to a spreadsheet.",
        ],
        [
            ("consortium needs list --member 920", "one member's need lines"),
            ("consortium members list --json", "members as JSON"),
        ],
    )
