"""Unpacking an untrusted bundle zip within limits: entry names and declared sizes checked
before anything is read, members unpacked a block at a time with caps on bytes, line length
and nested values, so a hostile bundle is refused in bounded memory (see `Limits`)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from app.errors import UserError
from app.services.untrusted_zip import method_problem
from app.sync.format import Limits

# What the zipfile module raises on damaged input (a flipped bit can make any of these).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError,
              ValueError, KeyError, IndexError, OverflowError, struct.error, RuntimeError)


class BundleError(UserError):
    """The bundle is refused; nothing was changed."""


def fail(path: Path, message: str) -> BundleError:
    return BundleError(f"{path.name}: {message}. Nothing was changed.")


def check_names(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_members:
        raise fail(path, f"the zip has {len(infos)} entries, more than the {limits.max_members}"
                          " a bundle may have")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        problem = method_problem(info)
        if problem:
            raise fail(path, problem)
        pure = PurePosixPath(name)
        if (name.startswith(("/", "\\")) or "\\" in name or ".." in pure.parts
                or (len(name) > 1 and name[1] == ":")):
            raise fail(path, f"the zip entry '{name}' has an unsafe path (absolute or with "
                              "'..'); this is not a bundle this program wrote")
        if name in seen:
            raise fail(path, f"the zip entry '{name}' appears twice")
        seen.add(name)
        if info.file_size > limits.max_member_bytes:
            raise fail(path, f"the zip entry '{name}' declares {info.file_size:,} bytes, over "
                              f"the limit of {limits.max_member_bytes:,} (a zip bomb?)")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise fail(path, f"the zip's entries add up to {total:,} bytes, over the limit of "
                          f"{limits.max_total_bytes:,} (a zip bomb?)")


def blocks(path: Path, archive: zipfile.ZipFile, name: str, cap: int) -> Iterator[bytes]:
    """A member unpacked a block at a time, stopped once it passes `cap` whatever its header
    said (zipfile also stops at the declared size)."""
    size = 0
    try:
        with archive.open(name) as handle:
            while block := handle.read(1 << 20):
                size += len(block)
                if size > cap:
                    raise fail(path, f"'{name}' unpacks to more than {cap:,} bytes, over the "
                                      "limit (a zip bomb?)")
                yield block
    except ZIP_ERRORS as error:
        raise fail(path, f"'{name}' is corrupted ({error})") from None


def read_capped(path: Path, archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    return b"".join(blocks(path, archive, name, cap))


@dataclass
class Budget:
    """What is left of the bundle-wide caps while its files are read."""

    unpacked: int
    lines: int
    nested: int

    @classmethod
    def of(cls, limits: Limits) -> Budget:
        return cls(limits.max_total_bytes, limits.max_lines, limits.max_nested_values)


def stream_lines(path: Path, archive: zipfile.ZipFile, name: str, limits: Limits, budget: Budget,
           digest: Any) -> Iterator[bytes]:
    """The member's lines without their newlines, hashed into `digest` as they are unpacked:
    no more than a block and one line are held, whatever the member's size."""
    pending, count = b"", 0
    for block in blocks(path, archive, name, limits.max_member_bytes):
        budget.unpacked -= len(block)
        if budget.unpacked < 0:
            raise fail(path, f"the bundle's files unpack to more than "
                              f"{limits.max_total_bytes:,} bytes in all, over the limit")
        digest.update(block)
        parts = (pending + block).split(b"\n")
        pending = parts.pop()
        if len(pending) > limits.max_line_bytes or \
                max(map(len, parts), default=0) > limits.max_line_bytes:
            long = next((n for n, p in enumerate(parts, start=1)
                         if len(p) > limits.max_line_bytes), len(parts) + 1)
            raise fail(path, f"'{name}' line {count + long:,} is over "
                              f"{limits.max_line_bytes:,} bytes")
        count += len(parts)
        yield from parts
    if pending:
        yield pending


def key_problem(row: dict[str, Any], expected: set[str]) -> str:
    keys = set(row)
    unknown, missing = sorted(keys - expected), sorted(expected - keys)
    return f"unknown field '{unknown[0]}'" if unknown else f"missing field '{missing[0]}'"


def count_nested(path: Path, name: str, number: int, row: dict[str, Any],
                  nested_ok: frozenset[str], limits: Limits, budget: Budget) -> None:
    """Lists and objects only where the format has them, and no more values inside them
    than the bundle-wide cap: `[1,1,1,…]` costs ~25 times its text once parsed."""
    for key, value in row.items():
        if type(value) not in (list, dict):
            continue
        if key not in nested_ok:
            raise fail(path, f"'{name}' line {number}, field '{key}': a list or object "
                              "where a single value belongs")
        stack = [value]
        while stack:
            items = stack.pop()
            values = list(items.values()) if type(items) is dict else items
            budget.nested -= len(values)
            if budget.nested < 0:
                raise fail(path, f"'{name}' line {number}: the bundle holds more than "
                                  f"{limits.max_nested_values:,} values inside lists and "
                                  "objects, over the limit")
            stack.extend(v for v in values if type(v) in (list, dict))
