"""A catalog item's brand reaches the bid packet as "<brand> or equivalent", so a brand the
state names never refuses the packet."""

from __future__ import annotations

import io
import re

from packet_samples import add_packet_samples
from pypdf import PdfReader

from app.models.db import Store
from app.reports.packet.render import render_packet
from app.services.catalog import edit_item
from app.services.packets import build_packet


def test_the_brand_prints_or_equivalent_in_the_packet(state_store: Store) -> None:
    ref = add_packet_samples(state_store)
    with state_store.transaction() as session:
        edit_item(session, "AP-WIFI6-IN", {"brand": "Cisco Meraki"})
    with state_store.session() as session:
        packet = build_packet(session, ref)
    # The brand rule is met (the sample still lacks facts that make it a draft).
    assert not [p for p in packet.problems if "brand" in p.lower() or "equivalent" in p]
    [line] = [i for i in packet.lot_lines if i.item_code == "AP-WIFI6-IN"]
    assert line.spec.endswith(" Brand: Cisco Meraki or equivalent.")
    pages = PdfReader(io.BytesIO(render_packet(packet))).pages
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))
    assert "Brand: Cisco Meraki or equivalent." in text
