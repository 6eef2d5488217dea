"""The E-rate tab of the Procurements page: consortium discount, Form 471 groupings, and the
warnings a coordinator must see before trusting them — members over their C2 budget and
discounts resting on figures the members have not confirmed for the funding year."""

from __future__ import annotations

from html import escape

from app.services.procurement_detail import ProcurementDetail
from app.ui.formatting import money

WARN = ("<p style='background:#fff4e5; color:#7a3b00; padding:6px; "
        "border-left:4px solid #e65100'>")


def _listed(parts: list[str], limit: int = 12, sep: str = ", ") -> str:
    more = f" and {len(parts) - limit} more" if len(parts) > limit else ""
    return sep.join(parts[:limit]) + more


def warnings_html(detail: ProcurementDetail) -> str:
    """Unconfirmed figures and over-budget members, first and in colour: every figure
    below rests on them."""
    view = detail.erate
    parts = []
    if view.unconfirmed:
        schools = sum(u.schools for u in view.unconfirmed)
        who = escape(_listed([f"{u.member_code} ({u.schools}/{u.of})"
                              for u in view.unconfirmed]))
        parts.append(
            f"{WARN}<b>⚠ Discounts rest on unconfirmed figures.</b> {len(view.unconfirmed)} "
            f"of {len(view.members)} member(s) have not confirmed their NSLP/CEP and rural "
            f"figures for FY{view.funding_year} ({schools:,} school(s)): "
            f"{who}"
            ". The consortium discount, shares and groupings below are estimates until "
            "they do (member page → <i>Confirm figures</i>).</p>")
    over = view.over_budget
    if over:
        parts.append(
            f"{WARN}<b>⚠ {len(over)} member(s) over their Category 2 budget</b> — E-rate "
            "discounts nothing beyond the remaining five-year budget, so the member pays "
            "the rest: " + escape(_listed(
                [f"{m.code} ({money(m.c2_amount)} against "
                 f"{money(max(m.c2_budget_left or 0, 0))} left)" for m in over],
                limit=8, sep="; ")) + ".</p>")
    return "".join(parts)


def erate_html(detail: ProcurementDetail) -> str:
    view = detail.erate
    parts = [warnings_html(detail),
             f"<p><b>Consortium discount</b> (simple average of the {len(view.members)} "
             f"members' own discounts, rounded half up): <b>Category 1 {view.c1} %</b>, "
             f"<b>Category 2 {view.c2} %</b>. Estimated E-rate share at each member's own "
             f"discount, Category 2 within each member's budget: "
             f"<b>{money(detail.erate_share)}</b>; volume-price savings "
             f"{money(detail.volume_savings)}.</p>"]
    if view.without_discount:
        parts.append(f"<p>No school data, so no discount: {', '.join(view.without_discount)}"
                     "</p>")
    for label, options in (("Category 1", view.c1_options), ("Category 2", view.c2_options)):
        if not options:
            continue
        rows = "".join(
            f"<tr><td style='padding:2px 14px 2px 0'>{o.name}</td>"
            f"<td align='right' style='padding:2px 14px'>{len(o.applications)}</td>"
            f"<td align='right' style='padding:2px 14px'>{money(o.erate_amount)}</td>"
            f"<td style='padding:2px 0 2px 14px'>"
            f"{'nobody loses' if not o.losses else f'{len(o.losses)} member(s) lose ' + money(o.total_loss)}"  # noqa: E501
            f"</td></tr>" for o in options)
        parts.append(f"<p><b>{label}: how to file Form 471s</b></p><table>"
                     "<tr><th align='left'>Grouping</th><th>Forms</th><th>E-rate</th>"
                     "<th align='left'>Members below their own discount</th></tr>"
                     f"{rows}</table>")
    return "".join(parts)
