"""The originals beside the procurement file (`--with-originals`): every received bid file
byte for byte (from the store's `BidFile` rows), the packet, and a manifest of SHA-256 per
file, so the record can be checked years later without the application.

The manifest comes twice: `MANIFEST.json` (what each file is: vendor, version, received
time) and `MANIFEST.sha256` in the `sha256sum` format, which any system checks with
`sha256sum -c MANIFEST.sha256` inside the unpacked folder. `verify_originals` is the same
check from Python.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.models.types import utcnow
from app.rules.bid_opening import nc_time_text
from app.services.bids import bid_file, list_bids
from app.services.erate import find_procurement
from app.services.procurement_file import IssuedPacket

MANIFEST_JSON = "MANIFEST.json"
MANIFEST_TEXT = "MANIFEST.sha256"
README = "README.txt"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(name: str) -> str:
    """A name every file system keeps (vendor names carry commas, periods and spaces)."""
    return _UNSAFE.sub("_", name).strip("._") or "file"


@dataclass(frozen=True)
class OriginalsResult:
    path: Path
    files: int
    missing: tuple[str, ...] = ()  # recorded bids whose bytes the store does not hold


def write_originals(session: Session, ref: str | int, target: Path,
                    packet: IssuedPacket) -> OriginalsResult:
    """The zip of originals with its manifests; nothing is written when the target cannot
    be (the message names it)."""
    procurement = find_procurement(session, ref)
    entries: list[tuple[str, bytes, dict[str, object]]] = []
    missing: list[dict[str, object]] = []
    for row in list_bids(session, procurement.ref):
        try:
            data = bid_file(session, row.sha256)
        except NotFoundError:
            # A bid recorded without its bytes (never so through intake): an audit finding,
            # listed rather than hidden or fatal.
            missing.append({"vendor": row.vendor, "version": row.version,
                            "file_name": row.file_name, "sha256_at_receipt": row.sha256})
            continue
        name = f"bids/{_safe(row.vendor)}/v{row.version}-{_safe(row.file_name)}"
        entries.append((name, data, {
            "what": "received bid file", "vendor": row.vendor, "version": row.version,
            "status": row.status, "late": row.late, "file_name": row.file_name,
            "received_at": row.received_at.isoformat(),
            "received_eastern": nc_time_text(row.received_at),
            "sha256_at_receipt": row.sha256}))
    entries.append((f"packet/{_safe(procurement.ref)}-packet.pdf", packet.pdf, {
        "what": "bid packet (re-rendered; see issued_sha256)",
        "issued_sha256": [sha for _at, _by, sha in packet.issues],
        "matches_issued": packet.matches}))
    files = [{"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
              **about} for name, data, about in entries]
    manifest = {"procurement": procurement.ref, "title": procurement.title,
                "generated_at": utcnow().isoformat(), "algorithm": "SHA-256", "files": files,
                "missing_originals": missing}
    text = "".join(f"{f['sha256']}  {f['path']}\n" for f in files)
    readme = (f"Originals of procurement {procurement.ref} — {procurement.title}.\n"
              f"Check every file against its recorded SHA-256 in this folder with:\n"
              f"    sha256sum -c {MANIFEST_TEXT}\n"
              f"{MANIFEST_JSON} says what each file is (vendor, version, receipt time).\n"
              + "".join(f"MISSING from the store: {m['vendor']} version {m['version']}, "
                        f"{m['file_name']} (SHA-256 {m['sha256_at_receipt']})\n"
                        for m in missing))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data, _about in entries:
                out.writestr(name, data)
            out.writestr(MANIFEST_JSON, json.dumps(manifest, indent=2, ensure_ascii=False))
            out.writestr(MANIFEST_TEXT, text)
            out.writestr(README, readme)
    except OSError as exc:
        raise UserError(f"{target}: cannot write the originals ({exc.strerror or exc})") from exc
    return OriginalsResult(target, len(entries), tuple(
        f"{m['vendor']} v{m['version']} {m['file_name']}" for m in missing))


def verify_originals(path: Path) -> list[str]:
    """Each file of the zip recomputed against the manifest: the problems (a missing file, a
    hash that differs, a file the manifest does not list), empty when all verify."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST_JSON not in names:
                return [f"{path}: no {MANIFEST_JSON}"]
            listed = json.loads(archive.read(MANIFEST_JSON))["files"]
            problems = []
            for entry in listed:
                name = entry["path"]
                if name not in names:
                    problems.append(f"{name}: listed in the manifest, missing from the zip")
                    continue
                actual = hashlib.sha256(archive.read(name)).hexdigest()
                if actual != entry["sha256"]:
                    problems.append(f"{name}: SHA-256 {actual} differs from the manifest's "
                                    f"{entry['sha256']}")
            extra = names - {e["path"] for e in listed} - {MANIFEST_JSON, MANIFEST_TEXT, README}
            problems += [f"{name}: not in the manifest" for name in sorted(extra)]
            return problems
    except (OSError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        return [f"{path}: not a readable originals zip ({exc})"]


@dataclass(frozen=True)
class SavedFile:
    pdf: Path
    pages: int
    originals: OriginalsResult | None


def originals_path(pdf: Path) -> Path:
    """Where the originals go: beside the PDF, named after it."""
    return pdf.with_name(f"{pdf.stem}-originals.zip")


def save_procurement_file(session: Session, ref: str | int, out: Path,
                          with_originals: bool = False) -> SavedFile:
    """The procurement file's PDF at `out` and, asked for, the originals zip beside it."""
    from pypdf import PdfReader  # only to count the pages reported back

    from app.reports.procurement_file import render_procurement_file
    from app.services.procurement_file import build_procurement_file, issued_packet

    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out}: the procurement file is a PDF; name the file *.pdf")
    if out.exists() and out.is_dir():
        raise UserError(f"{out}: is a folder; name the PDF file to write")
    packet = issued_packet(session, ref)
    pdf = render_procurement_file(build_procurement_file(session, ref, packet))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as exc:
        raise UserError(f"{out}: cannot write the procurement file ({exc.strerror or exc})"
                        ) from exc
    zipped = (write_originals(session, ref, originals_path(out), packet)
              if with_originals else None)
    return SavedFile(out, len(PdfReader(io.BytesIO(pdf)).pages), zipped)
