"""The bid receipt given to a vendor: which procurement, which file (name, size, SHA-256), when
it was received (NC local time), which version, on time or late. Never a price: prices stay
sealed until the public opening (DOMAIN.md §2.10).

Takes a `BidReceipt` (built by app.services.bids); returns PDF bytes.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from app.reports.bid_receipt_data import BidReceipt
from app.reports.styles import (
    HEADER_GAP,
    MARGIN,
    PAGE_SIZE,
    esc,
    numbered_canvas,
    register_fonts,
    running_header,
    styles,
    table_style,
)

LATE = colors.HexColor("#b42318")
SEALED = ("The prices in this bid are sealed until the public opening of bids; this receipt "
          "shows none. The file is kept unchanged as received; its SHA-256 fingerprint above "
          "identifies it.")


def _when(receipt_time: object) -> str:
    return f"{receipt_time:%A, %d %B %Y, %I:%M:%S %p} Eastern"


def render_bid_receipt(receipt: BidReceipt) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    bid = receipt.bid
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP * 0.3, bottomMargin=MARGIN + 4,
        title=f"Bid receipt — {receipt.procurement_ref} — {bid.vendor}",
        author=receipt.consortium, subject="Bid receipt", creator="Consortium Buying")
    header = running_header(f"{receipt.consortium} — bid receipt",
                            f"{receipt.procurement_ref} · {bid.vendor}")
    footer = f"Received by {bid.received_by}" if bid.received_by else "Bid receipt"
    doc.build(_story(receipt, doc.width - 12), onFirstPage=header, onLaterPages=header,
              canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()


def _story(receipt: BidReceipt, width: float) -> list:  # type: ignore[type-arg]
    s = styles()
    bid = receipt.bid
    timing = ("LATE — received after the deadline; recorded and kept, not opened"
              if bid.late else "On time — received before the deadline")
    status = {"current": "Current bid", "replaced": "Replaced by a later version",
              "withdrawn": "Withdrawn by the vendor"}.get(bid.status, bid.status)
    version = f"{bid.version}" + (f" (replaces version {receipt.replaced_version})"
                                  if receipt.replaced_version else "")
    rows = [
        ("Solicitation", f"{receipt.procurement_ref} — {receipt.procurement_title}"),
        ("Vendor", f"{bid.vendor} (registry id {bid.vendor_id})"),
        ("Company name on the form", bid.bidder_name or "(left empty)"),
        ("Bids were due", _when(receipt.deadline_local)),
        ("Received", _when(receipt.received_local)),
        ("Timeliness", timing),
        ("Version", version),
        ("Status", status),
        ("File name", bid.file_name),
        ("File size", f"{bid.size:,} bytes"),
        ("SHA-256", bid.sha256),
        ("Received by", bid.received_by),
    ]
    label_width = 1.9 * 72
    table = Table([[Paragraph(esc(k), s["cell_head"]),
                    Paragraph(esc(v), s["code"] if k == "SHA-256" else s["cell"])]
                   for k, v in rows], colWidths=[label_width, width - label_width])
    commands = [c for c in table_style(header_rows=1, stripes=False) if c[0] not in
                ("BACKGROUND", "LINEBELOW")]
    commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")))
    if bid.late:
        commands.append(("TEXTCOLOR", (1, 5), (1, 5), LATE))
    table.setStyle(commands)
    story: list = [  # type: ignore[type-arg]
        Paragraph(esc(receipt.consortium), s["subtitle"]),
        Paragraph("Bid receipt", s["title"]),
        Spacer(1, 6), table, Spacer(1, 12),
        Paragraph(esc(SEALED), s["body"]),
    ]
    if bid.flags and not bid.late:
        story += [Spacer(1, 8), Paragraph(
            f"The bid was received with {len(bid.flags)} note(s) for the evaluation "
            "(for example a line without a manufacturer); the evaluation decides whether "
            "the bid is responsive.", s["small"])]
    return story
