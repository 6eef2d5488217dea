"""`consortium report confirmation`, as typed."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from cli_run import run
from pypdf import PdfReader


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    assert run(capsys, folder, "init", "--role", "region", "--region", "4",
               "--operator", "Dana Whitfield")[0] == 0
    return folder


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def test_confirmation_lists_only_confirmed_lines(data: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    for item, qty in (("CB-STU-140", "30"), ("RTR-EDGE", "2"), ("UPS-3000VA", "1")):
        assert run(capsys, data, "needs", "add", "--member", "630", "--item", item,
                   "--quantity", qty, "--set", "funding_year=2026")[0] == 0
    code, out, _ = run(capsys, data, "needs", "list", "--member", "630", "--json")
    uids = [row["uid"] for row in json.loads(out)]
    assert run(capsys, data, "needs", "confirm", *uids[:2], "--suggested-source")[0] == 0

    target = tmp_path / "moore.pdf"
    code, out, err = run(capsys, data, "report", "confirmation", "--member", "630",
                         "--out", str(target), "--fy", "2026")
    assert code == 0, err
    assert "2 confirmed line(s)" in out
    text = pdf_text(target)
    assert "Moore County Schools" in text and "Region 4" in text
    assert "CB-STU-140" in text and "RTR-EDGE" in text
    assert "UPS-3000VA" not in text  # still a draft
    assert "Signature" in text and "Dana Whitfield" in text


def test_unknown_member_and_bad_file_name_are_one_line_errors(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, data, "report", "confirmation", "--member", "999",
                       "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "No member with code '999'" in err
    code, _, err = run(capsys, data, "report", "confirmation", "--member", "630",
                       "--out", str(tmp_path / "x.txt"))
    assert code == 2 and "*.pdf" in err
    code, _, err = run(capsys, data, "report", "confirmation", "--member", "630",
                       "--out", str(tmp_path / "missing" / "x.pdf"))
    assert code == 2 and "no such folder" in err
