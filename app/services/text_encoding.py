"""Which text encoding a CSV file is in: decided from its bytes, or refused with one line.

The rule: a byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise valid UTF-8 is UTF-8;
otherwise Windows "ANSI" Western (CP1252, what Excel on a US Windows saves as "CSV") only
when every byte is defined there AND the text reads as Western text. Anything else — a
Central European (CP1250) or Japanese (Shift-JIS) file, UTF-16 without a mark — is refused,
because CP1252 decodes nearly any bytes into plausible-looking garbage ('Wroc³aw' for
'Wrocław') that would then be stored as if typed.

No detector package: the choice is between a few encodings, and "refuse when unsure" is
the behaviour we want, which the general detectors do not offer.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

ACCEPTED = ("UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, "
            "or Windows Western (CP1252)")
HOW_TO_FIX = ("in Excel use File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)', "
              "or save the sheet as .xlsx")
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
# Non-letters that Western text uses next to letters: quotes, apostrophes, dashes, marks.
QUOTES = frozenset("‘’“”«»")
WESTERN_MARKS = frozenset("‘’“”–—…•€™©®°±×÷·¡¿«»£¢§¶µ½¼¾²³")
# CP1252 characters that Western data practically never holds; in a CP1250 or Shift-JIS
# file read as CP1252 they are everywhere ('‚' is Shift-JIS hiragana's lead byte).
UNLIKELY = frozenset("‚ƒ„†‡ˆ‰‹›¤¥¦¨ª¬¯´¸¹ºŸ") | {chr(c) for c in range(0x80, 0xA0)}


WORD_BREAKS = re.compile(r"[\s,;\"]+")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


class EncodingRefused(ValueError):
    """The bytes are not in an encoding we read with confidence; `str()` is one line."""


def decode_text(data: bytes) -> Decoded:
    """The text of `data` and the encoding it was read with, or EncodingRefused."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                raise EncodingRefused(f"it starts with a {encoding.upper()} byte-order mark "
                                      f"but is not valid {encoding.upper()} ({error.reason} "
                                      f"at byte {error.start})") from None
    if b"\x00" in data:  # no text file holds NUL bytes; UTF-16 is half made of them
        raise EncodingRefused("it holds NUL bytes: UTF-16 or UTF-32 without a byte-order "
                              "mark, or not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EncodingRefused(f"it is not UTF-8, and byte 0x{data[error.start]:02X} (line "
                              f"{line}) does not exist in "
                              "Windows Western (CP1252): another code page, such as Central "
                              "European or Japanese") from None
    line, word = first_implausible(text)
    if line:
        raise EncodingRefused(f"it is not UTF-8, and read as Windows Western (CP1252) line "
                              f"{line} says {word!r}: probably another code page, such as "
                              "Central European (CP1250) or Japanese (Shift-JIS)")
    return Decoded(text, "cp1252")


def first_implausible(text: str) -> tuple[int, str]:
    """(line number, word) of the first word that does not read as Western text; (0, '')
    when all do. Implausible: a control character, a character from `UNLIKELY`, a
    non-letter sandwiched inside a word ('Wroc³aw'), or a word of two or more characters
    mostly made of non-ASCII ones, some neither letters nor quotes ('“ú–{' is 日本 in Shift-JIS)."""
    for number, line in enumerate(text.splitlines(), start=1):
        for word in WORD_BREAKS.split(line):
            if _implausible(word):
                return number, word
    return 0, ""


def _implausible(word: str) -> bool:
    foreign = [c for c in word if ord(c) > 0x7F]
    if not foreign and all(c.isprintable() for c in word):
        return False
    if any(c in UNLIKELY or (not c.isprintable() and c != "\t") for c in word):
        return True
    if len(word) >= 2 and len(foreign) * 2 > len(word) \
            and not all(_letter(c) or c in QUOTES for c in foreign):
        return True
    for before, char, after in zip(word, word[1:], word[2:], strict=False):
        if ord(char) > 0x7F and not _letter(char) and char not in "’'·" \
                and _letter(before) and _letter(after):
            return True
    return any(ord(c) > 0x7F and not _letter(c) and c not in WESTERN_MARKS for c in foreign)


def _letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")
