"""A procurement as open data: an OCDS 1.1 release package (issue #17; rules:
`app.rules.ocds`), one release per stage reached — planning (the aggregated demand),
tender (the packet as issued, its lots' lines, the bidders once opened), award, contract.

Only CORE 1.1 fields, so the official 1.1.5 schema (shipped in resources/ocds-1.1.5/)
validates the package without extensions: the lots become the tender's items (one per lot
line, its lot named in the description) rather than the lots extension's `tender.lots`.
Open codelists (partyRole, documentType, ...) use only the codes of the CSVs shipped with
the schema; the tests check it. Nothing here needs jsonschema: validation is the tests'
(and `consortium ocds export --validate` where jsonschema is installed).

The state alone publishes: the bids, the packet's issue and the opening are kept in its
store only. Before the opening nothing about the bidders is published (sealed bids).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import AuditEntry, Bid
from app.models.award import Award
from app.models.instance import InstanceIdentity
from app.models.procurement import Procurement
from app.rules.ocds import (
    STAGES,
    amount,
    day_end,
    day_start,
    moment,
    ocds_method,
    ocid,
)
from app.rules.piggyback import DAY, ContractTerm
from app.rules.procurement import NC_METHODS
from app.services.bid_opening import opening_row
from app.services.bid_tabulation import tabulate
from app.services.erate import find_procurement
from app.services.packet_settings import first_issue
from app.services.packets import lot_lines
from app.services.procurements import source_codes
from app.services.scope import current_identity, require_state
from app.services.settings import consortium_name, ocid_prefix

OCDS_VERSION = "1.1"
CONSORTIUM_ID = "consortium"  # the buyer's party id: one consortium per instance


def _created(session: Session, procurement: Procurement) -> str:
    """When the procurement was planned: its first audit entry (a record that arrived
    without one, e.g. restored, falls back to its last change)."""
    first = session.scalar(select(func.min(AuditEntry.at)).where(
        AuditEntry.record_uid == procurement.uid))
    return moment(first.replace(tzinfo=UTC) if first is not None and first.tzinfo is None
                  else first or procurement.updated_at)


def _lines(session: Session, procurement: Procurement
           ) -> list[tuple[int, int, dict[str, Any]]]:
    """(lot number, lot item id, OCDS item): one item per lot line, its id the line's
    number as the packet prints it ("3.2")."""
    return [(lot.number, item.id,
             {"id": number, "description": f"Lot {lot.number} ({lot.name}): {item.description}",
              "quantity": float(item.quantity),
              "unit": {"name": item.unit or "each",
                       "value": amount(item.estimated_unit_price)}})
            for lot, rows in lot_lines(session, procurement.id)
            for number, item, _catalog in rows]


def _items(session: Session, procurement: Procurement) -> list[dict[str, Any]]:
    return [item for _lot, _id, item in _lines(session, procurement)]


def _consortium_party(session: Session) -> dict[str, Any]:
    return {"id": CONSORTIUM_ID, "name": consortium_name(session),
            "roles": ["buyer", "procuringEntity"]}


def _release(prefix: str, procurement: Procurement, stage: str, date: str,
             parties: list[dict[str, Any]], **sections: Any) -> dict[str, Any]:
    # A release that says more gets a new id (OCDS: ids are unique within an ocid and a
    # release never changes): the stage and the moment its content dates from.
    stamp = "".join(ch for ch in date[:19] if ch.isdigit())
    return {"ocid": ocid(prefix, procurement.ref),
            "id": f"{ocid(prefix, procurement.ref)}-{stage}-{stamp}",
            "date": date, "tag": [stage], "initiationType": "tender",
            "language": "en", "parties": parties,
            "buyer": {"id": CONSORTIUM_ID, "name": parties[0]["name"]}, **sections}


def _tender_core(session: Session, procurement: Procurement) -> dict[str, Any]:
    return {"id": procurement.ref, "title": procurement.title,
            "items": _items(session, procurement),
            "value": amount(procurement.estimated_total),
            "mainProcurementCategory": "goods"}


def _planning(session: Session, prefix: str, procurement: Procurement) -> dict[str, Any]:
    """The aggregated demand: its estimate as the budget, its lines as planned items."""
    members = [m for m in procurement.members if not m.deleted]
    budget = {"id": f"{procurement.ref}-demand",
              "description": (f"Aggregated demand of {len(members)} member(s), funding year "
                              f"{procurement.funding_year}; funding: "
                              f"{', '.join(source_codes(procurement.funding_sources)) or 'local'}"),
              "amount": amount(procurement.estimated_total)}
    tender = {**_tender_core(session, procurement), "status": "planning"}
    return _release(prefix, procurement, "planning", _created(session, procurement),
                    [_consortium_party(session)],
                    planning={"budget": budget}, tender=tender)


def _opened_vendors(session: Session, procurement: Procurement) -> list[Any]:
    bids = session.scalars(select(Bid).where(
        Bid.procurement_id == procurement.id, Bid.status == "current",
        Bid.late.is_(False)).order_by(Bid.received_at, Bid.id))
    seen: dict[int, Any] = {}
    for bid in bids:
        seen.setdefault(bid.vendor_id, bid.vendor)
    return list(seen.values())


def _vendor_party(vendor: Any, roles: list[str]) -> dict[str, Any]:
    party: dict[str, Any] = {"id": vendor.uid, "name": vendor.name, "roles": roles}
    if vendor.spin_498:
        # The FCC Form 498 ID (SPIN): how E-rate names a service provider.
        party["additionalIdentifiers"] = [{"scheme": "US-FCC-498", "id": vendor.spin_498}]
    return party


def _tender(session: Session, prefix: str, procurement: Procurement,
            parties: list[dict[str, Any]]) -> dict[str, Any] | None:
    issue = first_issue(session, procurement)
    if issue is None:
        return None
    method = ocds_method(procurement.method, source_codes(procurement.funding_sources))
    tender: dict[str, Any] = {
        **_tender_core(session, procurement), "status": "active",
        "procuringEntity": {"id": CONSORTIUM_ID, "name": parties[0]["name"]},
        "procurementMethod": method,
        "procurementMethodDetails": NC_METHODS.get(procurement.method, procurement.method)
        + ("; FCC Form 470 posted (E-rate competitive bidding)"
           if "erate" in source_codes(procurement.funding_sources) else ""),
        "submissionMethod": ["written"],
        "documents": [{"id": f"{procurement.ref}-packet", "documentType": "biddingDocuments",
                       "title": f"Bid packet {procurement.ref} as issued",
                       "description": f"SHA-256 {issue.sha256}", "format": "application/pdf",
                       "datePublished": moment(issue.issued_at), "language": "en"}]}
    if procurement.rfp_posted_on and procurement.bid_due_on:
        tender["tenderPeriod"] = {"startDate": day_start(procurement.rfp_posted_on),
                                  "endDate": day_end(procurement.bid_due_on)}
    date = moment(issue.issued_at)
    opening = opening_row(session, procurement)
    # Bids are public records from the opening (formal, below the thresholds) or only at
    # the award (informal bids, G.S. 143-131; DOMAIN.md §2.10): the bidders wait till then.
    public = opening is not None and (procurement.method != "informal"
                                      or procurement.status == "awarded")
    if opening is not None and public:
        vendors = _opened_vendors(session, procurement)
        tender["numberOfTenderers"] = len(vendors)
        tender["tenderers"] = [{"id": v.uid, "name": v.name} for v in vendors]
        parties.extend(_vendor_party(v, ["tenderer"]) for v in vendors)
        date = moment(opening.opened_at)
    tender["status"] = {"awarded": "complete", "cancelled": "cancelled"}.get(
        procurement.status, "active")
    return _release(prefix, procurement, "tender", date, parties, tender=tender)


def _awards(session: Session, procurement: Procurement) -> list[Award]:
    return [a for a in session.scalars(select(Award).where(
        Award.procurement_id == procurement.id, Award.deleted.is_(False))
        .order_by(Award.lot_number, Award.rank, Award.id)) if a.vendor is not None]


def _award_values(session: Session, procurement: Procurement) -> dict[tuple[str, str], Decimal]:
    """Each awarded bidder's total as the tabulation sums it (its one home), keyed by
    (lot number, vendor) and, for per-line awards, (line number, vendor)."""
    values: dict[tuple[str, str], Decimal] = {}
    for lot in tabulate(session, procurement.ref).lots:
        for b, bidder in enumerate(lot.bidders):
            values[(str(lot.number), bidder.vendor)] = bidder.total
            for line in lot.lines:
                cell = line.cells[b]
                if cell is not None:
                    values[(line.number, bidder.vendor)] = cell.extended_price
    return values


def _awarded_item(award: Award, lot_item_id: int, item: dict[str, Any]) -> dict[str, Any]:
    """The line as awarded: its unit value the contract's base not-to-exceed price (the
    estimate is the plan's, not the award's); none until a contract records it."""
    contract = award.contract if award.contract and not award.contract.deleted else None
    base = [p.unit_price for p in (contract.prices if contract else ())
            if p.lot_item_id == lot_item_id and p.min_qty == 0 and not p.deleted]
    unit = {"name": item["unit"]["name"], **({"value": amount(base[0])} if base else {})}
    return {**item, "unit": unit}


def _award(session: Session, prefix: str, procurement: Procurement,
           parties: list[dict[str, Any]]) -> dict[str, Any] | None:
    awards = _awards(session, procurement)
    if not awards:
        return None
    values = _award_values(session, procurement)
    lines = _lines(session, procurement)
    out = []
    for a in awards:
        items = [_awarded_item(a, item_id, item) for lot, item_id, item in lines
                 if lot == a.lot_number and a.lot_item_id in (None, item_id)]
        key = items[0]["id"] if a.lot_item_id and items else str(a.lot_number)
        entry: dict[str, Any] = {
            "id": a.uid, "title": f"Lot {key} to {a.vendor.name}",
            "description": f"Award basis: {a.basis}", "status": "active",
            "date": moment(a.updated_at),
            "suppliers": [{"id": a.vendor.uid, "name": a.vendor.name}], "items": items}
        if (key, a.vendor.name) in values:
            entry["value"] = amount(values[(key, a.vendor.name)])
        out.append(entry)
    _mark_suppliers(parties, {a.vendor.uid: a.vendor for a in awards})
    return _release(prefix, procurement, "award", moment(max(a.updated_at for a in awards)),
                    parties, awards=out)


def _mark_suppliers(parties: list[dict[str, Any]], vendors: dict[str, Any]) -> None:
    """An awarded bidder is a supplier as well as a tenderer (one party, both roles)."""
    by_id = {p["id"]: p for p in parties}
    for uid, vendor in vendors.items():
        if uid in by_id:
            if "supplier" not in by_id[uid]["roles"]:
                by_id[uid]["roles"].append("supplier")
        else:
            parties.append(_vendor_party(vendor, ["supplier"]))


def _contract(session: Session, prefix: str, procurement: Procurement,
              parties: list[dict[str, Any]], award_release: dict[str, Any] | None
              ) -> dict[str, Any] | None:
    awards = [a for a in _awards(session, procurement)
              if a.contract is not None and not a.contract.deleted]
    if not awards or award_release is None:
        return None
    values = {x["id"]: x.get("value") for x in award_release["awards"]}
    out = []
    for a in awards:
        c = a.contract
        assert c is not None
        # ContractTerm.ends_on is the first day it no longer runs; OCDS's end is inclusive.
        end = ContractTerm(c.number, c.signed_on, c.term_months).ends_on - DAY
        entry: dict[str, Any] = {
            "id": c.uid, "awardID": a.uid, "title": f"Contract {c.number}",
            "description": (f"Lot {a.lot_number}, {a.vendor.name}; {c.term_months} months, "
                            f"{c.renewal_options} renewal option(s)"
                            + (f"; board approved {c.board_approved_on.isoformat()}"
                               if c.board_approved_on else "")),
            "status": "active", "dateSigned": day_start(c.signed_on),
            "period": {"startDate": day_start(c.signed_on), "endDate": day_end(end)}}
        if values.get(a.uid):
            entry["value"] = values[a.uid]
        out.append(entry)
    signed = max(a.contract.signed_on for a in awards if a.contract)
    return _release(prefix, procurement, "contract", day_start(signed), parties,
                    awards=award_release["awards"], contracts=out)


def _releases(session: Session, prefix: str, procurement: Procurement
              ) -> dict[str, dict[str, Any]]:
    parties = [_consortium_party(session)]
    out = {"planning": _planning(session, prefix, procurement)}
    tender = _tender(session, prefix, procurement, parties)
    if tender is not None:
        out["tender"] = tender
    award = _award(session, prefix, procurement, parties) if tender else None
    if award is not None:
        out["award"] = award
    contract = _contract(session, prefix, procurement, parties, award)
    if contract is not None:
        out["contract"] = contract
    return out


def release_package(session: Session, ref: str | int, *, stage: str | None = None,
                    now: datetime | None = None) -> dict[str, Any]:
    """The procurement's OCDS release package: a release for every stage it has reached
    (or only `stage`'s, refused if the procurement has not reached it)."""
    require_state(session, "Publishing a procurement as open data (OCDS)")
    if stage is not None and stage not in STAGES:
        raise UserError(f"--stage: '{stage}' is not one of {', '.join(STAGES)}.")
    procurement = find_procurement(session, ref)
    prefix = ocid_prefix(session)
    releases = _releases(session, prefix, procurement)
    if stage is not None:
        if stage not in releases:
            need = {"tender": "the final packet issued (`consortium packet build --final`)",
                    "award": "an award recorded (`consortium award record`)",
                    "contract": "a contract recorded with its award"}[stage]
            raise UserError(f"{procurement.ref} has not reached the {stage} stage: it needs "
                            f"{need}.")
        releases = {stage: releases[stage]}
    identity: InstanceIdentity = current_identity(session)
    published = moment(now) if now else max(r["date"] for r in releases.values())
    return {"uri": f"urn:ocds:{ocid(prefix, procurement.ref)}:package",
            "version": OCDS_VERSION, "publishedDate": published,
            "publisher": {"name": consortium_name(session), "uid": identity.uid},
            "releases": list(releases.values())}


def check_package_path(out: Path) -> None:
    """Refuse a file not named *.json or in a folder that does not exist (before anything
    is computed)."""
    if out.suffix.lower() != ".json":
        raise UserError(f"{out}: an OCDS release package is JSON; name the file *.json")
    if not out.parent.is_dir():
        raise UserError(f"{out}: folder {out.parent} does not exist.")


def write_package(package: dict[str, Any], out: Path) -> None:
    """The package as indented UTF-8 JSON (the CLI's and the Procurements page's file)."""
    check_package_path(out)
    try:
        out.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    except OSError as error:
        raise UserError(f"{out}: cannot write the file ({error.strerror})") from error


def package_summary(package: dict[str, Any]) -> str:
    """E.g. "4 release(s) of OCID (planning, tender, award, contract)"."""
    releases = package["releases"]
    return (f"{len(releases)} release(s) of {releases[0]['ocid']} "
            f"({', '.join(r['tag'][0] for r in releases)})")
