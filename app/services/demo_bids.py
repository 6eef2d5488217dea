"""`consortium demo --bids REF`: four vendors return the procurement's pricing form, so every
bid screen has something to show. Deterministic: the same procurement gives the same files.

The vendors (added to the registry when missing) price around the catalog reference price,
one with volume tiers; received times are set relative to the deadline:
- Carolina Network Solutions — on time, complete, with volume tiers;
- Piedmont Technology Group — on time, one equipment line offered "or equivalent" (a brand
  is set on that catalog item when none of the procurement's items names one);
- Blue Ridge Data Systems — on time but non-responsive: no manufacturer on an equipment
  line (received and flagged);
- Coastal Plain Computers — first sends a file with a bad row (refused: the file stays in
  the folder, the message names sheet, row and column), then the corrected file, too late.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models import Bid, CatalogItem, Vendor
from app.reports.packet.dto import BidPacket
from app.rules.bids import needs_make_model
from app.rules.compliance import normalise_name
from app.services.bid_workbook import LineFacts
from app.services.bids import BidRefused, bid_deadline, line_facts, receive_bid
from app.services.erate import find_procurement
from app.services.packets import build_packet
from app.services.tabular_pricing import COL, HEADER_ROW, pricing_book
from app.services.vendors import add_vendor

CENT = Decimal("0.01")
NO_FACTS = LineFacts()
VENDORS = (
    {"name": "Carolina Network Solutions, LLC", "dba": "CNS", "spin_498": "143051234",
     "nc_vendor_number": "562210417", "address": "4200 Six Forks Rd, Raleigh, NC 27609",
     "contact_name": "Maria Lopez", "contact_email": "bids@carolinanetwork.example",
     "contact_phone": "919-555-0142", "e_verify_affidavit": "yes",
     "e_verify_on": "2026-01-12", "form_473_years": "2026", "w9_on_file": "yes",
     "w9_on": "2026-01-12"},
    {"name": "Piedmont Technology Group, Inc.", "spin_498": "143062217",
     "nc_vendor_number": "561987330", "address": "301 S. Elm St, Greensboro, NC 27401",
     "contact_name": "James Carter", "contact_email": "rfp@piedmonttech.example",
     "contact_phone": "336-555-0187", "e_verify_affidavit": "yes",
     "e_verify_on": "2025-11-03", "form_473_years": "2025,2026", "w9_on_file": "yes",
     "hub_certified": "yes", "hub_class": "Black (BL)"},
    {"name": "Blue Ridge Data Systems, Inc.", "spin_498": "143074409",
     "nc_vendor_number": "560443218", "address": "12 Biltmore Ave, Asheville, NC 28801",
     "contact_name": "Ethan Price", "contact_email": "sales@blueridgedata.example",
     "contact_phone": "828-555-0110", "e_verify_affidavit": "yes",
     "e_verify_on": "2025-08-20", "form_473_years": "2026", "w9_on_file": "yes"},
    {"name": "Coastal Plain Computers, LLC", "spin_498": "143089951",
     "nc_vendor_number": "563310092", "address": "700 Red Banks Rd, Greenville, NC 27858",
     "contact_name": "Ashley Boone", "contact_email": "bids@coastalplain.example",
     "contact_phone": "252-555-0133", "e_verify_affidavit": "yes",
     "e_verify_on": "2026-02-02", "form_473_years": "2026", "w9_on_file": "no"},
)
# Price level against the catalog reference price, per vendor.
LEVEL = (Decimal("0.91"), Decimal("0.94"), Decimal("0.97"), Decimal("0.93"))
# Received this long before (negative: after) the deadline.
BEFORE = (timedelta(days=5, hours=3), timedelta(days=2, hours=1), timedelta(days=1),
          timedelta(hours=3))
LATE_BY = timedelta(minutes=25)
MAKERS = {"WIRELESS": ("Cisco Meraki", "HPE Aruba", "Juniper Mist", "Extreme Networks"),
          "SWITCHING": ("Cisco", "HPE Aruba", "Juniper", "Extreme Networks"),
          "DEVICES": ("Acer", "Dell", "Lenovo", "HP"),
          "DISPLAYS": ("Promethean", "ViewSonic", "Newline", "BenQ")}
OTHER_MAKERS = ("APC", "Fortinet", "Panduit", "Tripp Lite")


@dataclass(frozen=True)
class DemoBids:
    folder: Path
    received: tuple[str, ...]  # "vendor: file (late)" lines
    refused: tuple[str, ...]  # "file: problem" lines


def fill_form(packet: BidPacket, path: Path, bidder: str,
              lines: dict[str, tuple[str, str, object, object]],
              tiers: tuple[tuple[str, object, object], ...] = ()) -> Path:
    """Fill the issued form as a vendor would: `lines` by form line → (manufacturer, part
    number, unit price, ineligible part); `tiers`: (line, minimum quantity, unit price)."""
    book, _rows = pricing_book(packet)
    _fill(book, packet, bidder, lines, tiers)
    book.save(path)
    return path


def _fill(book: Workbook, packet: BidPacket, bidder: str,
          lines: dict[str, tuple[str, str, object, object]],
          tiers: tuple[tuple[str, object, object], ...]) -> None:
    sheet = book["Pricing"]
    sheet["D3"] = bidder
    for row, item in enumerate(packet.lot_lines, start=HEADER_ROW + 1):
        if item.line not in lines:
            continue
        maker, part, price, inel = lines[item.line]
        for name, value in (("Manufacturer", maker), ("Part number", part),
                            ("Unit price (USD)", price),
                            ("Ineligible part of unit price", inel)):
            sheet[f"{COL[name]}{row}"] = value
    sheet = book["Volume tiers"]
    for row, (line, qty, price) in enumerate(tiers, start=2):
        sheet.cell(row, 1, line)
        sheet.cell(row, 2, qty)
        sheet.cell(row, 3, price)


def demo_bids(session: Session, ref: str, folder: Path, seed: int = 1) -> DemoBids:
    """Write and receive the four vendors' workbooks (see the module docstring)."""
    procurement = find_procurement(session, ref)
    due = bid_deadline(session, procurement)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _ids, facts = line_facts(session, procurement)
    packet = build_packet(session, procurement.ref)
    if not packet.lot_lines:
        raise UserError(f"{procurement.ref} has no lot lines to bid on; plan its lots first.")
    equipment = [i for i in packet.lot_lines
                 if needs_make_model(i.unit, facts.get(i.item_code, NO_FACTS).category)]
    branded = [i for i in equipment if facts.get(i.item_code, NO_FACTS).brand]
    if equipment and not branded:
        # The demo needs a specified brand to show an "or equivalent" offer.
        item = session.scalar(select(CatalogItem).where(
            CatalogItem.code == equipment[0].item_code))
        if item is not None:
            item.brand = MAKERS.get(item.category.code, OTHER_MAKERS)[0]
            session.flush()
            _ids, facts = line_facts(session, procurement)
            branded = [equipment[0]]
    vendors = [_vendor(session, raw) for raw in VENDORS]
    prices = {i.code: i.reference_price for i in session.scalars(select(CatalogItem).where(
        CatalogItem.code.in_([x.item_code for x in packet.lot_lines])))}
    received, refused = [], []
    for index, vendor in enumerate(vendors):
        if session.scalar(select(Bid.id).where(Bid.procurement_id == procurement.id,
                                               Bid.vendor_id == vendor.id).limit(1)):
            continue  # run again: the vendors' bids are in already
        rng = random.Random(f"{seed}-{procurement.ref}-{index}")
        lines: dict[str, tuple[str, str, object, object]] = {}
        for item in packet.lot_lines:
            fact = facts.get(item.item_code, NO_FACTS)
            makers = MAKERS.get(fact.category, OTHER_MAKERS)
            maker = makers[index % len(makers)]
            if fact.brand:
                maker = fact.brand if index != 1 else next(m for m in (*makers, *OTHER_MAKERS)
                                                          if normalise_name(m) !=
                                                          normalise_name(fact.brand))
            base = prices.get(item.item_code) or Decimal(100)
            factor = LEVEL[index] + Decimal(rng.randint(-30, 30)) / 1000
            price = (base * factor).quantize(CENT, ROUND_HALF_UP)
            part = f"{maker.split()[0][:3].upper()}-{(item.item_code or 'ITEM')[:12]}-" \
                   f"{rng.randint(100, 999)}"
            inel = (price * Decimal("0.05")).quantize(CENT) if item.eligible and \
                index == 0 else None
            lines[item.line] = (maker, part, float(price), float(inel) if inel else None)
        if index == 2 and equipment:  # non-responsive: no manufacturer on equipment
            maker, part, price, inel = lines[equipment[0].line]
            lines[equipment[0].line] = ("", part, price, inel)
        tiers = tuple((i.line, float(max(1, int(i.quantity) // 2)),
                       float((Decimal(str(lines[i.line][2])) * Decimal("0.97")).quantize(CENT)))
                      for i in packet.lot_lines[:3]) if index == 0 else ()
        name = vendor.name.split(",")[0]
        stem = f"{procurement.ref}-{name.replace(' ', '-')}"
        if index == 3:
            bad = dict(lines)
            first = packet.lot_lines[0].line
            bad[first] = (*bad[first][:2], "TBD", None)
            path = fill_form(packet, folder / f"{stem}-v1.xlsx", vendor.name, bad)
            try:
                receive_bid(session, procurement.ref, path, vendor.uid,
                            received_at=due - BEFORE[index])
            except BidRefused as error:
                refused += [f"{path.name}: {p}" for p in error.problems]
            path = fill_form(packet, folder / f"{stem}-v2.xlsx", vendor.name, lines)
            receipt = receive_bid(session, procurement.ref, path, vendor.uid,
                                  received_at=due + LATE_BY)
        else:
            path = fill_form(packet, folder / f"{stem}.xlsx", vendor.name, lines, tiers)
            receipt = receive_bid(session, procurement.ref, path, vendor.uid,
                                  received_at=due - BEFORE[index])
        received.append(f"{vendor.name}: {path.name}" + (" (late)" if receipt.bid.late else "")
                        + (f", {len(receipt.bid.flags)} note(s)" if receipt.bid.flags else ""))
    return DemoBids(folder, tuple(received), tuple(refused))


def _vendor(session: Session, raw: dict[str, str]) -> Vendor:
    key = normalise_name(raw["name"])
    for vendor in session.scalars(select(Vendor).where(Vendor.deleted.is_(False))):
        if normalise_name(vendor.name) == key:
            return vendor
    row = add_vendor(session, dict(raw))
    found = session.scalar(select(Vendor).where(Vendor.uid == row.uid))
    if found is None:  # pragma: no cover - add_vendor just stored it
        raise NotFoundError(raw["name"])
    return found
