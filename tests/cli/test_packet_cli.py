"""`consortium packet ...` and `consortium report region-summary`, as typed."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from packet_samples import QUANTITIES, TRICKY, add_packet_samples
from pypdf import PdfReader

from app.launcher import main
from app.models.db import Store


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
    store.dispose()
    return folder, ref


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_packet_and_pricing_form(data: tuple[Path, str], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    pdf, xlsx = tmp_path / "packet.pdf", tmp_path / "pricing.xlsx"
    code, out, err = run(capsys, folder, "packet", ref, "--out", str(pdf),
                         "--pricing-form", str(xlsx))
    assert code == 0, err
    assert f"wrote {pdf} (DRAFT, not for posting): {ref}" in out and "2 priced lines" in out
    assert err.startswith("The packet is a draft (7 reasons")
    assert "  - the contact's phone is not set (packet fact contact_phone)" in err
    text = pdf_text(pdf)
    assert TRICKY in text and all(q in text for q in QUANTITIES.values())
    assert "Dana Whitfield, State Coordinator" in text
    book = openpyxl.load_workbook(xlsx)
    assert book["Pricing"].protection.sheet


def test_criteria_list_set_and_refusal(data: tuple[Path, str], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    code, out, _ = run(capsys, folder, "packet", "criteria", ref, "--json")
    assert code == 0 and json.loads(out)["default"] is True
    # The set: refused when set (exit 2), nothing stored, every reason named.
    code, out, err = run(capsys, folder, "packet", "criteria", ref, "--set", "Price=30",
                         "--set", "Technical fit=40", "--set", "Experience=30")
    assert code == 2 and "no criterion is marked as the price" in err
    code, out, err = run(capsys, folder, "packet", "criteria", ref, "--set", "Price=40",
                         "--set", "Technical fit=40", "--price", "Price")
    assert code == 2 and "weights total 80, not 100" in err
    assert "'Technical fit' (40) equals the price" in err
    code, out, _ = run(capsys, folder, "packet", "criteria", ref, "--json")
    assert json.loads(out)["default"] is True
    code, out, err = run(capsys, folder, "packet", "criteria", ref, "--set", "Price=60",
                         "--set", "Technical fit=40", "--price", "Price")
    assert code == 0, err
    assert "Technical fit" in out and "yes" in out
    code, out, err = run(capsys, folder, "packet", ref, "--final", "--out",
                         str(tmp_path / "p.pdf"))
    assert code == 2 and not (tmp_path / "p.pdf").exists()
    assert err.startswith("error: The bid packet cannot be printed as final: 7 problems:")
    assert "\n  checklist: Letter of agency from every member" in err
    assert "\n  the FCC Form 470 number is not set" in err
    code, _out, err = run(capsys, folder, "packet", "criteria", ref, "--set", "Price")
    assert code == 2 and "NAME=POINTS" in err
    code, _out, err = run(capsys, folder, "packet", "criteria", ref, "--set", "A=5",
                          "--price", "B")
    assert code == 2 and "'B' is not one of the criteria" in err


def test_text_override_from_file_show_and_reset(data: tuple[Path, str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    source = tmp_path / "terms.md"
    source.write_text("## Venue\n\nWake County courts for {procurement_ref}.\n",
                      encoding="utf-8")
    code, out, err = run(capsys, folder, "packet", "text", ref, "terms", "--file", str(source))
    assert code == 0, err
    code, out, _ = run(capsys, folder, "packet", "text", ref)
    assert re.search(r"terms\s+Terms and conditions\s+override", out)
    code, out, _ = run(capsys, folder, "packet", "text", ref, "terms")
    assert out.startswith("## Venue")
    pdf = tmp_path / "p.pdf"
    assert run(capsys, folder, "packet", ref, "--out", str(pdf))[0] == 0
    assert f"Wake County courts for {ref}." in pdf_text(pdf)
    assert run(capsys, folder, "packet", "text", ref, "form470_number", "--value",
               "260099999")[0] == 0
    assert run(capsys, folder, "packet", "text", ref, "terms", "--reset")[0] == 0
    code, out, _ = run(capsys, folder, "packet", "text", ref, "terms")
    assert out.startswith("## Governing law")
    code, _out, err = run(capsys, folder, "packet", "text", ref, "bogus", "--value", "x")
    assert code == 2 and "neither a section" in err


def test_bad_input_is_one_line_and_exit_2(data: tuple[Path, str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    code, _out, err = run(capsys, folder, "packet", "P1999-404", "--out",
                          str(tmp_path / "x.pdf"))
    assert code == 2 and "No procurement 'P1999-404'" in err
    code, _out, err = run(capsys, folder, "packet", ref, "--out", str(tmp_path / "x.txt"))
    assert code == 2 and "*.pdf" in err
    code, _out, err = run(capsys, folder, "packet", ref, "--out",
                          str(tmp_path / "nowhere" / "x.pdf"))
    assert code == 2 and "no such folder" in err


def test_region_summary(data: tuple[Path, str], tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ref = data
    pdf = tmp_path / "r3.pdf"
    code, out, err = run(capsys, folder, "report", "region-summary", "--region", "3",
                         "--out", str(pdf))
    assert code == 0, err
    assert out.startswith(f"wrote {pdf}: Region 3")
    assert "Needs summary — Region 3" in pdf_text(pdf)
    code, _out, err = run(capsys, folder, "report", "region-summary", "--region", "12",
                          "--out", str(pdf))
    assert code == 2 and "No region 12" in err


def test_award_basis_set_per_procurement_and_lot_and_printed(
        data: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    code, out, _ = run(capsys, folder, "packet", "award-basis", ref, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["procurement"] == "single"
    assert {lot["basis"] for lot in shown["lots"]} == {"single"}
    assert run(capsys, folder, "packet", "award-basis", ref, "multiple within 10%")[0] == 0
    code, out, err = run(capsys, folder, "packet", "award-basis", ref, "multiple top 3",
                         "--lot", "2")
    assert code == 0, err
    lots = {lot["lot"]: lot for lot in json.loads(run(
        capsys, folder, "packet", "award-basis", ref, "--json")[1])["lots"]}
    assert lots[1]["basis"] == "multiple within 10%" and lots[1]["from"] == "procurement's"
    assert lots[2]["basis"] == "multiple top 3" and lots[2]["from"] == "own"
    pdf = tmp_path / "p.pdf"
    assert run(capsys, folder, "packet", ref, "--out", str(pdf))[0] == 0
    text = pdf_text(pdf)
    assert "Award basis by lot" in text
    assert "within 10 % of the lowest evaluated price" in text
    assert "the 3 responsive, responsible bids with the highest total scores" in text
    code, _out, err = run(capsys, folder, "packet", "award-basis", ref, "multiple")
    assert code == 2 and "needs its rule" in err
    code, _out, err = run(capsys, folder, "packet", "award-basis", ref, "single", "--lot",
                          "9")
    assert code == 2 and "has no lot 9" in err
    assert run(capsys, folder, "packet", "award-basis", ref, "--reset", "--lot", "2")[0] == 0
    lots = json.loads(run(capsys, folder, "packet", "award-basis", ref, "--json")[1])["lots"]
    assert {lot["basis"] for lot in lots} == {"multiple within 10%"}


def test_a_per_line_award_basis_is_printed(data: tuple[Path, str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder, ref = data
    code, _out, err = run(capsys, folder, "packet", "award-basis", ref,
                          "multiple top 2 PER line", "--lot", "1")
    assert code == 0, err
    lots = json.loads(run(capsys, folder, "packet", "award-basis", ref, "--json")[1])["lots"]
    assert lots[0]["basis"] == "multiple top 2 per line"
    pdf = tmp_path / "p.pdf"
    assert run(capsys, folder, "packet", ref, "--out", str(pdf))[0] == 0
    text = " ".join(pdf_text(pdf).split())
    assert "Award is made per lot or per line" in text
    assert "Multiple award per line: each line goes to the bids with the 2 lowest prices" in text


def test_holidays_list_and_replace(data: tuple[Path, str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ref = data
    code, out, _ = run(capsys, folder, "holidays", "list", "--year", "2026", "--json")
    shipped = json.loads(out)
    assert code == 0 and shipped["source"].endswith("nc_state_holidays.csv")
    assert {"date": "2026-01-19", "holiday": "Martin Luther King Jr. Birthday"} in \
        shipped["holidays"]
    bad = tmp_path / "bad.csv"
    bad.write_text("date,holiday\n2028-01-01,New Year's Day\n2028-13-01,Oops\n"
                   "2028-01-01,Twice\n", encoding="utf-8")
    code, _out, err = run(capsys, folder, "holidays", "set", "--file", str(bad))
    assert code == 2 and "row 3" in err and "'2028-13-01' is not a date" in err
    assert "listed twice" in err
    assert json.loads(run(capsys, folder, "holidays", "list", "--json")[1])["source"] == \
        shipped["source"]  # nothing changed
    good = tmp_path / "good.csv"
    good.write_text("date,holiday\n2028-01-03,New Year's Day (observed)\n", encoding="utf-8")
    code, out, err = run(capsys, folder, "holidays", "set", "--file", str(good))
    assert code == 0, err
    listed = json.loads(run(capsys, folder, "holidays", "list", "--json")[1])
    assert listed["source"] == str(folder / "nc_state_holidays.csv")
    assert listed["holidays"] == [{"date": "2028-01-03", "holiday": "New Year's Day (observed)"}]
