"""The procurement file (issue #17): everything an auditor asks for about one procurement,
gathered from the services that already own each fact and printed by
`app.reports.procurement_file` as one bookmarked PDF. E-rate keeps every bidding document
10 years and produces it on audit (DOMAIN.md §1.8); NC bids are public records (§2.10).

Nothing is computed here that another service computes: the packet, the tabulation and the
score sheets are their own reports' PDFs, merged unchanged; the award's rule is the award
service's proposal; the checklist is the procurement detail's. The packet's PDF is not
stored when it is issued (only its SHA-256), so the file re-renders it and says whether the
bytes still match the issued fingerprint.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models.evaluation import PacketIssue
from app.models.types import utcnow
from app.reports.bid_receipt_data import BidRow
from app.reports.bid_tabulation import render_bid_tabulation
from app.reports.packet.render import render_packet
from app.reports.procurement_file import Grid, Part, ProcurementFile
from app.reports.score_sheet import render_score_sheet
from app.rules.bid_opening import nc_time_text
from app.rules.bids import local_time
from app.rules.money import money
from app.services import packet_settings
from app.services.addenda import list_addenda
from app.services.award import list_awards, propose_award
from app.services.bid_opening import require_opened
from app.services.bid_tabulation import tabulate
from app.services.bids import intake_summary, list_bids
from app.services.erate import find_procurement
from app.services.evaluation import evaluate
from app.services.packets import build_packet
from app.services.procurement_detail import ProcurementDetail, get_procurement
from app.services.procurement_history import history_part
from app.services.procurements import letters_by_member
from app.services.scope import current_identity
from app.services.settings import consortium_name

HASH_WIDTH = 3.2  # a SHA-256 column's share: 64 fixed-width characters wrap onto two lines
DATE_LABELS = {"form470_certified_on": "FCC Form 470 certified",
               "rfp_posted_on": "RFP posted",
               "nc_advertised_on": "NC advertisement published",
               "bid_due_on": "Bids due",
               "contract_on": "Contract date"}


@dataclass(frozen=True)
class IssuedPacket:
    """The packet as the file carries it: the re-rendered PDF, its SHA-256, and the issue
    records (when, by whom, the fingerprint of what was posted)."""

    pdf: bytes
    sha256: str
    issues: tuple[tuple[str, str, str], ...]  # (issued at, by, SHA-256)

    @property
    def matches(self) -> bool:
        return any(sha == self.sha256 for _at, _by, sha in self.issues)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "(not set)"


def issued_packet(session: Session, ref: str | int) -> IssuedPacket:
    """The packet re-rendered from the stored settings, beside its recorded issues. The
    bytes cannot match an issued SHA-256 unless nothing changed, PDF time stamps included;
    the page says which it is."""
    procurement = find_procurement(session, ref)
    rows = session.scalars(select(PacketIssue).where(
        PacketIssue.procurement_id == procurement.id)
        .order_by(PacketIssue.issued_at, PacketIssue.id))
    rows = list(rows)
    issues = tuple((nc_time_text(r.issued_at), r.issued_by, r.sha256) for r in rows)
    # Dated as the last issue was, so the pages print the date the bidders saw.
    on = local_time(rows[-1].issued_at).date() if rows else None
    pdf = render_packet(build_packet(session, procurement.ref, today=on))
    return IssuedPacket(pdf, hashlib.sha256(pdf).hexdigest(), issues)


def _cover(detail: ProcurementDetail, facts: dict[str, str],
           titles: list[str]) -> Part:
    row = detail.row
    dates = [(DATE_LABELS[k], _day(v)) for k, v in detail.dates.items() if k in DATE_LABELS]
    dates.insert(1, ("FCC Form 470 number", facts.get("form470_number") or "(not set)"))
    if facts.get("bid_due_time"):
        dates.append(("Bids due at", facts["bid_due_time"]))
    if facts.get("opening_place"):
        dates.append(("Bids opened at (place)", facts["opening_place"]))
    calendar = tuple((e.label, _day(e.on), e.note) for e in detail.calendar)
    return Part("Procurement file: cover", intro=(
        f"{row.ref} — {row.title}. Funding year {row.funding_year}; method: "
        f"{detail.choice.label}; status: {row.status}; estimated total "
        f"{money(row.estimated_total)}; {row.lots} lot(s), {row.members} member(s); funding "
        f"sources: {', '.join(row.funding_sources) or '(none)'}.",
        "This file gathers the bidding documents kept for ten years (E-rate) and open as "
        "public records (North Carolina). Its parts, each bookmarked:"
        + "".join(f" {i}. {t}." for i, t in enumerate(titles, start=1))),
        grids=(Grid(("Form 470, RFP and advertisement", "Record"), tuple(dates), (2, 3)),
               Grid(("Calendar", "Date", "Note"), calendar, (2, 1, 3),
                    caption="The procurement calendar (waiting periods and deadlines)")))


ADDENDA_HEADERS = ("No.", "Issued on", "By", "What changed", "Substantive")


def _packet(packet: IssuedPacket, addenda: tuple[tuple[str, ...], ...] = ()) -> Part:
    """The packet as issued, then its addenda: rows in ADDENDA_HEADERS order, oldest first."""
    if packet.issues:
        verdict = ("The packet below is re-rendered from the stored settings (the issued PDF "
                   "bytes are not kept, only their fingerprint); its SHA-256 "
                   + ("matches an issued one: these are the pages as issued."
                      if packet.matches else
                      "differs from the issued one, so the pages below may differ from what "
                      "was posted; the issued fingerprint below is the proof."))
    else:
        verdict = ("No final packet was recorded as issued; the packet below is rendered "
                   "from the stored settings as they stand.")
    return Part("The packet as issued", intro=(verdict, f"SHA-256 of the pages below: "
                                                        f"{packet.sha256}"),
                grids=(Grid(("Issued (Eastern)", "By", "SHA-256 of the issued PDF"),
                            packet.issues, (1.4, 1.2, HASH_WIDTH), code_columns=(2,),
                            empty="No final packet issue is recorded."),
                       Grid(ADDENDA_HEADERS, addenda, (0.4, 0.9, 1.2, 4, 0.9),
                            caption="Addenda issued after the packet (numbered; a "
                                    "substantive one moves the allowable contract date)",
                            empty="No addendum is recorded.")),
                pdf=packet.pdf)


def _bid_state(r: BidRow) -> str:
    if r.status == "withdrawn":
        status = "withdrawn" + (f" {nc_time_text(r.withdrawn_at)}" if r.withdrawn_at else "")
    else:
        status = {"replaced": "replaced by a later version"}.get(r.status, r.status)
    return status + ("; LATE (kept, not opened)" if r.late else "")


def _bids(session: Session, ref: str) -> Part:
    rows = list_bids(session, ref)
    table = tuple((r.vendor, f"{r.version}", r.file_name,
                   nc_time_text(r.received_at) + (f" by {r.received_by}" if r.received_by
                                                   else ""),
                   r.sha256, _bid_state(r)) for r in rows)
    return Part("Bids received", intro=(intake_summary(rows),),
                grids=(Grid(("Vendor", "Ver.", "File", "Received (Eastern)", "SHA-256",
                             "Status"), table, (1.6, 0.45, 1.7, 1.3, HASH_WIDTH * 1.2, 1.2),
                            code_columns=(4,), empty="No bid was received."),), landscape=True)


def _opening(session: Session, ref: str) -> tuple[Part, bool]:
    procurement = find_procurement(session, ref)
    try:
        record = require_opened(session, procurement)
    except UserError as sealed:
        return Part("The opening record", intro=(str(sealed),)), False
    rows = (("Opened", nc_time_text(record.opened_at)), ("Opened by", record.opened_by),
            ("Witnesses", "; ".join(record.witnesses) or "(none recorded)"),
            ("Place", record.place or "(not recorded)"), ("Outcome", record.outcome_text),
            ("Public record", record.public_note), ("Notes", record.notes or "—"))
    return Part("The opening record", grids=(Grid(("Opening", "Record"), rows, (1, 3)),)), True


def _award(session: Session, ref: str) -> Part:
    grids = []
    for lot in propose_award(session, ref):
        decisions = lot.lines and [x.decision for x in lot.lines] or [lot.decision]
        rows = []
        for d in decisions:
            where = f"line {d.line}" if d.line else f"lot {d.lot}"
            rows.append((where, "awarded", ", ".join(d.awarded)
                         or (f"no award: {d.no_award_reason}" if d.no_award_reason
                             else d.pending or "(undecided)")))
            rows += [(where, "not picked", f"{e.vendor}: {e.reason}") for e in d.not_picked]
            rows += [(where, "excluded", f"{e.vendor}: {e.reason}") for e in d.excluded]
            if d.tied:
                rows.append((where, "tied", ", ".join(d.tied)))
        grids.append(Grid(("Lot / line", "Decision", "Vendor and why"), tuple(rows),
                          (1, 1, 5), caption=f"Lot {lot.lot} — {lot.name}. Basis: "
                          f"{lot.decision.basis.describe()}"))
    recorded = tuple((f"{a.lot}" + (f" line {a.line}" if a.line else ""),
                      a.vendor or "no award", "" if a.rank is None else f"{a.rank}", a.basis,
                      a.no_award_reason or "") for a in list_awards(session, ref))
    grids.append(Grid(("Lot", "Vendor", "Rank", "Basis", "No-award reason"), recorded,
                      (1, 2.5, 0.6, 1.6, 2), caption="The awards recorded",
                      empty="No award is recorded."))
    return Part("The award and its rule", intro=(
        "Per lot, what the packet's award basis gives from the evaluation's ranking, who "
        "was not picked or excluded and why, then the awards as recorded.",), grids=tuple(grids))


def _contracts(session: Session, ref: str) -> Part:
    awards = [a for a in list_awards(session, ref) if a.contract]
    head = tuple((a.contract, a.vendor or "", f"{a.lot}" + (f" line {a.line}" if a.line else ""),
                  _day(a.signed_on), f"{a.term_months or '?'} months, "
                  f"{a.renewal_options or 0} renewal(s)", _day(a.board_approved_on))
                 for a in awards)
    grids = [Grid(("Contract", "Vendor", "Lot", "Signed", "Term", "Board approved"), head,
                  (2, 2, 0.5, 0.9, 1.3, 1), empty="No contract is recorded.")]
    for a in awards:
        grids.append(Grid(("Line", "From quantity", "Not-to-exceed unit price"),
                          tuple((d, q, money(p)) for d, q, p in a.prices), (4, 1, 1.4),
                          caption=f"{a.contract} — {a.vendor}: not-to-exceed prices"))
    return Part("The contracts", grids=tuple(grids))


def _letters(session: Session, ref: str, detail: ProcurementDetail) -> Part:
    procurement = find_procurement(session, ref)
    ids = {pm.member.code: pm.member_id for pm in procurement.members if not pm.deleted}
    letters = letters_by_member(session, list(ids.values()))
    rows = []
    for p in detail.participants:
        found = letters.get(ids.get(p.code, -1), [])
        dates = "; ".join(
            f"signed {_day(x.signed_on)}, received {_day(x.received_on)}, FY"
            f"{x.first_funding_year or '?'}–{x.last_funding_year or '?'}" for x in found)
        missing = "; ".join(m for x in found for m in x.missing_elements())
        rows.append((f"{p.code} {p.name}", dates or "no letter on file",
                     "all five present" if found and not missing else missing or "—",
                     "covered" if p.loa_ok else "; ".join(p.loa_problems)))
    return Part("Letters of agency", intro=(
        "Each participating member's letter: the five elements USAC expects (DOMAIN.md "
        "§1.7), the funding years covered and the signature against the Form 470 "
        "certification date.",),
        grids=(Grid(("Member", "Letter dates", "Elements", "Check"), tuple(rows),
                    (2, 2.4, 1.6, 2), empty="No participating member."),))


def _checklist(detail: ProcurementDetail, today: date) -> Part:
    rows = tuple(("passed" if c.passed else "FAILED", c.rule, c.reason)
                 for c in detail.checklist)
    return Part("The checklist", intro=(
        f"The checklist as it stands on {today.isoformat()}. Its state at each milestone "
        "is not kept by the application; the dates on the cover and the records in this "
        "file show when each step was taken.",),
        grids=(Grid(("", "Rule", "Reason"), rows, (0.7, 3, 3)),))


def build_procurement_file(session: Session, ref: str | int,
                           packet: IssuedPacket | None = None) -> ProcurementFile:
    """The file's parts in the order an auditor reads them. `packet` lets a caller that
    also writes the originals render the packet once."""
    procurement = find_procurement(session, ref)
    ref = procurement.ref
    detail = get_procurement(session, ref)
    facts = packet_settings.facts(session, procurement)
    packet = packet or issued_packet(session, ref)
    opening, opened = _opening(session, ref)
    if opened:
        tabulation = Part("The bid tabulation", pdf=render_bid_tabulation(tabulate(session, ref)),
                          own_page=False)
        scores = Part("The evaluation score sheets",
                      pdf=render_score_sheet(evaluate(session, ref)), own_page=False)
        award = _award(session, ref)
    else:
        sealed = ("The bids are sealed: nothing priced can be shown before the opening.",)
        tabulation = Part("The bid tabulation", intro=sealed)
        scores = Part("The evaluation score sheets", intro=sealed)
        award = Part("The award and its rule", intro=sealed)
    today = utcnow().date()
    addenda = tuple((str(a.number), a.issued_on.isoformat(), a.issued_by, a.summary,
                     "yes" if a.substantive else "no") for a in list_addenda(session, ref))
    rest = [_packet(packet, addenda), _bids(session, ref), opening, tabulation, scores, award,
            _contracts(session, ref), _letters(session, ref, detail), _checklist(detail, today),
            history_part(session, ref)]
    titles = ["Procurement file: cover", *(p.title for p in rest)]
    operator = current_identity(session).operator
    return ProcurementFile(consortium_name(session), ref, procurement.title,
                           f"Procurement file generated {today.isoformat()}"
                           + (f" by {operator}" if operator else ""),
                           (_cover(detail, facts, titles), *rest))
