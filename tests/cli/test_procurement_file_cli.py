"""`consortium procurement file ID --out FILE.pdf [--with-originals]` as typed: the PDF with a
bookmark per part, the zip beside it that verifies, and a bad name refused (exit 2, nothing
written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bid_samples import REF, add_scenario
from pypdf import PdfReader

from app.cli.context import open_store
from app.launcher import main
from app.services.procurement_originals import verify_originals


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_file_with_originals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "state"
    assert run(capsys, data, "init", "--role", "state", "--operator", "Ann Lee")[0] == 0
    store = open_store(data)
    add_scenario(store, tmp_path / "iran.csv")
    store.dispose()
    out_pdf = tmp_path / "audit" / "file.pdf"
    code, out, err = run(capsys, data, "procurement", "file", REF, "--out", str(out_pdf),
                         "--with-originals")
    assert code == 0, err
    assert "a bookmark per part" in out and "sha256sum -c MANIFEST.sha256" in out
    titles = [o.title for o in PdfReader(out_pdf).outline]
    assert len(titles) == 11 and "The bid tabulation" in titles
    assert verify_originals(tmp_path / "audit" / "file-originals.zip") == []
    # The samples record bids without their bytes: named, not fatal.
    assert "not in the store; listed as missing" in out

    code, _out, err = run(capsys, data, "procurement", "file", REF, "--out",
                          str(tmp_path / "file.txt"))
    assert code == 2 and "name the file *.pdf" in err
    assert not (tmp_path / "file.txt").exists()
