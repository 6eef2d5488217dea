"""The procurement file on the statewide demo, awarded (the world of test_demo_award): one
PDF with a bookmark per part whose page carries the part's heading, and the originals zip
that verifies against its manifest — and stops verifying once a file is tampered with."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_samples import statewide
from pypdf import PdfReader

from app.services.addenda import issue_addendum
from app.services.demo_award import demo_award
from app.services.demo_bids import demo_bids
from app.services.procurement_originals import (
    MANIFEST_JSON,
    save_procurement_file,
    verify_originals,
)

PARTS = {  # bookmark -> text its first page carries
    "Procurement file: cover": "Form 470, RFP and advertisement",
    "The packet as issued": "SHA-256 of the pages below",
    "Bids received": "to open",
    "The opening record": "Witnesses",
    "The bid tabulation": "tabulation",
    "The evaluation score sheets": "core sheet",
    "The award and its rule": "Basis",
    "The contracts": "not-to-exceed prices",
    "Letters of agency": "Elements",
    "The checklist": "as it stands on",
    "History of the procurement's records": "oldest first",
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("pfile")
    store, ref = statewide(root)
    with store.transaction() as session:
        demo_bids(session, ref, root / "returned")
    with store.transaction() as session:
        demo_award(session, ref)
        issue_addendum(session, ref, "Corrected the contact's phone number", False)
    with store.transaction() as session:
        result = save_procurement_file(session, ref, root / "out" / "file.pdf",
                                       with_originals=True)
    store.dispose()
    assert result.originals is not None and result.originals.files > 2
    yield result.pdf, result.originals.path


def test_every_part_is_bookmarked_at_its_heading(saved: tuple[Path, Path]) -> None:
    reader = PdfReader(saved[0])
    outline = {item.title: reader.get_destination_page_number(item)
               for item in reader.outline}
    assert list(outline) == list(PARTS)
    pages = list(outline.values())
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    for title, text in PARTS.items():
        page = reader.pages[outline[title]].extract_text()
        assert text.lower() in page.lower(), (title, page[:300])
    # The packet's page has room for its addenda (none on the demo).
    assert "Corrected the contact" in reader.pages[outline["The packet as issued"]].extract_text()


def test_originals_verify_against_their_manifest(saved: tuple[Path, Path]) -> None:
    assert verify_originals(saved[1]) == []
    with zipfile.ZipFile(saved[1]) as archive:
        manifest = json.loads(archive.read(MANIFEST_JSON))
        text = archive.read("MANIFEST.sha256").decode()
    kinds = [f["what"] for f in manifest["files"]]
    assert kinds.count("received bid file") >= 2 and any("packet" in k for k in kinds)
    assert all(f"{f['sha256']}  {f['path']}" in text for f in manifest["files"])
    bids = [f for f in manifest["files"] if f["what"] == "received bid file"]
    assert all(f["sha256"] == f["sha256_at_receipt"] for f in bids)


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum on this system")
def test_the_plain_manifest_checks_without_the_app(saved: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    with zipfile.ZipFile(saved[1]) as archive:
        archive.extractall(tmp_path)
    done = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(json.loads((tmp_path / MANIFEST_JSON).read_text())
                                            ["files"])


def test_a_tampered_file_fails_verification(saved: tuple[Path, Path], tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(saved[1]) as source, zipfile.ZipFile(tampered, "w") as out:
        victim = next(n for n in source.namelist() if n.startswith("bids/"))
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, data + b"x" if name == victim else data)
    problems = verify_originals(tampered)
    assert len(problems) == 1 and problems[0].startswith(victim) and "differs" in problems[0]
    assert verify_originals(Path(io.__file__)) != []  # not a zip: named, no crash
