"""Procurements: group purchases built from demand (the state coordinator's work)."""

from app.ui.pages.base import ExplainPage, explain_html


class ProcurementsPage(ExplainPage):
    title = "Procurements"
    body_html = explain_html(
        "A procurement is one group purchase: confirmed demand grouped into lots, bid once "
        "for all participating members, and awarded to one or more vendors so that members can "
        "keep their preferred vendor at the volume price.",
        [
            "create a procurement for a funding year and choose its method;",
            "group need lines into lots;",
            "track milestones such as Form 470 certification, the 28-day waiting period, "
            "RFP posting and bid due date;",
            "check the NC bid-law thresholds and federal Uniform Guidance rules that apply.",
        ],
        [
            ("consortium needs list --status confirmed",
             "the confirmed lines a procurement would draw on"),
        ],
    )
