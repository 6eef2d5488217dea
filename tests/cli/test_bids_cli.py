"""`consortium bids receive|list|withdraw|receipt` and `demo --bids`, as typed: four vendors'
workbooks (one late, one bad row refused by sheet/row/column), a sealed list, receipts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from packet_samples import add_packet_samples
from pypdf import PdfReader

from app.launcher import main
from app.models.db import Store
from app.services import packet_settings as ps
from app.services.demo_bids import VENDORS, fill_form
from app.services.packets import build_packet
from app.services.vendors import add_vendor


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    folder = tmp_path / "data"
    assert run(capsys, folder, "init", "--role", "state", "--operator", "Dana Whitfield")[0] == 0
    store = Store.for_data_dir(folder)
    ref = add_packet_samples(store)
    with store.transaction() as session:
        ps.set_fact(session, ref, "bid_due_time", "2:00 PM")
        add_vendor(session, {"name": "Acme Networks, Inc."})
    store.dispose()
    return folder, ref


def workbook(folder: Path, ref: str, path: Path, price: object = 612.5) -> Path:
    store = Store.for_data_dir(folder)
    with store.session() as session:
        packet = build_packet(session, ref)
    store.dispose()
    lines = {i.line: ("Acer", "X-1", price if i.item_code.startswith("AP") else 270.0, None)
             for i in packet.lot_lines}
    return fill_form(packet, path, "Acme Networks", lines)


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_receive_list_receipt_withdraw(data: tuple[Path, str], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    good = workbook(folder, ref, tmp_path / "acme.xlsx")
    receipt = tmp_path / "receipt.pdf"
    code, out, err = run(capsys, folder, "bids", "receive", ref, str(good), "--vendor", "acme",
                         "--received-at", "2025-12-08T13:59", "--receipt", str(receipt))
    assert code == 0, err
    assert "version 1, 2025-12-08 13:59 Eastern, on time" in out
    text = pdf_text(receipt)
    assert "Bid receipt" in text and "acme.xlsx" in text and "On time" in text
    assert "sealed until the public opening" in text and "612" not in text
    code, out, _ = run(capsys, folder, "bids", "list", ref, "--json")
    rows = json.loads(out)
    assert [(r["vendor"], r["version"], r["late"]) for r in rows] == \
        [("Acme Networks, Inc.", 1, False)]
    assert "612" not in out and "price" not in out
    code, out, err = run(capsys, folder, "bids", "withdraw", ref, "--vendor", "acme",
                         "--reason", "typo")
    assert code == 2 and "withdrawn only before" in err  # the 2025 deadline has passed
    code, _, err = run(capsys, folder, "bids", "receipt", ref, "--vendor", "acme",
                       "--out", str(tmp_path / "again.pdf"))
    assert code == 0, err


def test_a_bad_row_is_refused_by_sheet_row_and_column(data: tuple[Path, str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    folder, ref = data
    bad = workbook(folder, ref, tmp_path / "bad.xlsx", price="abc")
    code, out, err = run(capsys, folder, "bids", "receive", ref, str(bad), "--vendor", "acme",
                         "--received-at", "2025-12-08T10:00")
    assert code == 2 and out == ""
    assert "refused, nothing stored" in err
    assert re.search(r"Pricing!J\d+: unit price 'abc' is not a number", err)
    code, out, _ = run(capsys, folder, "bids", "list", ref)
    assert "No bids received" in out and "No bid to open" in out
    with pytest.raises(SystemExit) as exit_:
        run(capsys, folder, "bids", "receive", ref, str(bad), "--vendor", "acme",
            "--received-at", "yesterday")
    assert exit_.value.code == 2 and "not a date and time" in capsys.readouterr().err


def test_demo_bids_four_vendors(data: tuple[Path, str], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    code, out, err = run(capsys, folder, "demo", "--bids", ref, "--folder", str(tmp_path / "b"))
    assert code == 0, err
    assert out.count("received  ") == 4 and out.count("(late)") == 1
    assert "refused   " in out and "Pricing!J6: unit price 'TBD' is not a number" in out
    code, out, _ = run(capsys, folder, "bids", "list", ref)
    assert all(v["name"][:30] in out for v in VENDORS) and "LATE" in out
    assert "3 bids to open; 1 late (kept, not opened)." in out


def test_demo_award_after_the_demo_bids(data: tuple[Path, str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    code, out, err = run(capsys, folder, "demo", "--award", ref)
    assert code == 2 and f"run `consortium demo --bids {ref}` first" in err
    assert run(capsys, folder, "demo", "--bids", ref, "--folder", str(tmp_path / "b"))[0] == 0
    code, out, err = run(capsys, folder, "demo", "--award", ref)
    assert code == 0, err
    assert "done      final packet issued" in out and "done      bids opened" in out
    assert "awarded   lot 1 (multiple top 2): " in out
    code, out, err = run(capsys, folder, "demo", "--award", ref)
    assert code == 0 and "(evaluated and awarded already)" in out
    code, out, _ = run(capsys, folder, "procurement", "show", ref, "--json")
    assert json.loads(out)["status"] == "awarded"
