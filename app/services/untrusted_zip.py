"""Sizing up a zip from someone else before the zipfile module reads its directory.

`zipfile.ZipFile()` builds one `ZipInfo` per central-directory entry up front: a 1M-entry zip
costs ~600 MB before any count check can run. The end-of-central-directory record (and its
ZIP64 twin) states the entry count and the directory's size in a few bytes at the end of the
file, so both are refused here first. zipfile then reads at most that many directory bytes
(it walks the directory by size, not by count, so the size is capped too). Used by bundles
(app.sync.reader) and spreadsheets (XLSX is a zip).
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

_EOCD = struct.Struct("<4s4H2LH")  # signature, disks, entries here, entries, size, offset, comment
_EOCD_SIG = b"PK\x05\x06"
_LOCATOR = struct.Struct("<4sLQL")  # ZIP64 locator: signature, disk, record offset, disks
_LOCATOR_SIG = b"PK\x06\x07"
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # ZIP64 record: ..., entries here, entries, size, offset
_EOCD64_SIG = b"PK\x06\x06"
_TAIL = _EOCD.size + 0xFFFF  # the record plus the longest comment
# What zipfile decompresses with a bounded output per read; BZIP2 and LZMA blocks decompress
# whole, which lets one small block unpack to gigabytes before any cap is checked.
STREAMABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class Directory:
    """What the end record says about the central directory."""

    entries: int
    size: int


def read_directory_record(path: Path) -> Directory | None:
    """The entry count and directory size from the end record; None when there is no end
    record (not a zip: zipfile then says so in its own words)."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        length = handle.tell()
        start = max(0, length - _TAIL)
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(_EOCD_SIG)
        if at < 0 or len(tail) - at < _EOCD.size:
            return None
        fields = _EOCD.unpack_from(tail, at)
        entries, size = max(fields[3], fields[4]), fields[5]
        locator_at = start + at - _LOCATOR.size
        if locator_at < 0:
            return Directory(entries, size)
        handle.seek(locator_at)
        locator = _LOCATOR.unpack(handle.read(_LOCATOR.size))
        if locator[0] != _LOCATOR_SIG or locator[2] + _EOCD64.size > length:
            return Directory(entries, size)
        handle.seek(locator[2])
        record = _EOCD64.unpack(handle.read(_EOCD64.size))
        if record[0] != _EOCD64_SIG:
            return Directory(entries, size)
        return Directory(max(record[6], record[7]), record[8])  # what zipfile will use


def directory_problem(path: Path, max_entries: int, max_directory_bytes: int) -> str | None:
    """Why the zip's directory is too big to read, or None when it is within the limits."""
    directory = read_directory_record(path)
    if directory is None:
        return None
    if directory.entries > max_entries:
        return (f"the zip has {directory.entries:,} entries, more than the {max_entries:,} "
                "allowed")
    if directory.size > max_directory_bytes:
        return (f"the zip's directory is {directory.size:,} bytes, more than the "
                f"{max_directory_bytes:,} allowed")
    return None


def method_problem(info: zipfile.ZipInfo) -> str | None:
    """Why an entry's compression cannot be unpacked with a size cap, or None."""
    if info.compress_type in STREAMABLE_METHODS:
        return None
    return (f"the zip entry '{info.filename}' uses compression method {info.compress_type}; "
            "only stored and deflated entries are read")
