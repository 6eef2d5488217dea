"""CSV text encodings: read what we can tell for sure, refuse the rest with one line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.errors import UserError
from app.services.tabular import read_table
from app.services.text_encoding import EncodingRefused, decode_text

WESTERN = ("member,description,notes\n920,Café kiosk – 2 “units”,5°C Größe naïve 12½ £5 don’t "
           "Chromebook™ Señor Zoë Ærø cœur m² €5 ¿Qué? «été» ±2\n")
POLISH = "member,description,qty\n920,Zestaw dla szkoły w Łodzi (Wrocław),3\n"
CZECH = "member,description,qty\n920,Příliš žluťoučký kůň,3\n"
JAPANESE = tuple(f"member,description,qty\n920,{words},3\n"
                 for words in ("日本の学校", "ありがとう", "パソコン", "日本"))


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("cp1252", b"")])
def test_what_is_read(encoding: str, prefix: bytes) -> None:
    assert decode_text(prefix + WESTERN.encode(encoding)).text == WESTERN
    if encoding != "cp1252":  # Unicode files carry any script
        assert decode_text(prefix + POLISH.encode(encoding)).text == POLISH
        assert decode_text(prefix + JAPANESE[0].encode(encoding)).text == JAPANESE[0]


@pytest.mark.parametrize("text,encoding", [
    (POLISH, "cp1250"), (CZECH, "cp1250"),
    *[(text, "shift_jis") for text in JAPANESE],
    (WESTERN, "utf-16-le"),  # no byte-order mark
])
def test_what_is_refused(text: str, encoding: str) -> None:
    with pytest.raises(EncodingRefused):
        decode_text(text.encode(encoding))


def test_a_csv_in_another_code_page_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "needs.csv"
    path.write_bytes(POLISH.encode("cp1250"))
    with pytest.raises(UserError) as caught:
        read_table(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path}: cannot tell the text encoding")
    assert "line 2" in message and "UTF-8" in message and "CSV UTF-8" in message
    path.write_bytes(JAPANESE[0].encode("shift_jis"))
    with pytest.raises(UserError, match="Save As"):
        read_table(path)


@pytest.mark.parametrize("encoding,prefix", [("utf-8", codecs.BOM_UTF8),
                                             ("utf-16-le", codecs.BOM_UTF16_LE),
                                             ("cp1252", b"")])
def test_csv_files_read_in_each_accepted_encoding(tmp_path: Path, encoding: str,
                                                  prefix: bytes) -> None:
    path = tmp_path / "needs.csv"
    path.write_bytes(prefix + WESTERN.encode(encoding))
    [(_row, values)] = read_table(path)
    assert values["description"] == "Café kiosk – 2 “units”"
