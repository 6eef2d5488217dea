"""The canonical JSON behind every content hash must not depend on which encoder wrote it:
orjson (fast) and the standard library (the reference) give the same bytes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.models.portable import canonical_json, content_hash

TEXT = st.text(st.characters(exclude_categories=("Cs",)))  # lone surrogates are not UTF-8
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner), st.dictionaries(TEXT, inner)), max_leaves=15)


def reference(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


@settings(max_examples=500)
@given(st.dictionaries(TEXT, VALUES))
def test_canonical_json_matches_the_standard_library(fields: dict[str, Any]) -> None:
    assert canonical_json(fields) == reference(fields)


def test_every_control_and_separator_character_is_escaped_alike() -> None:
    for code in [*range(0x80), 0x2028, 0x2029, 0xFEFF, 0x1F600]:
        value = {"text": chr(code), chr(code): code}
        assert canonical_json(value) == reference(value), hex(code)


def test_integers_orjson_refuses_fall_back_to_the_standard_library() -> None:
    value = {"big": 2**70, "small": -(2**65)}
    assert canonical_json(value) == reference(value)
    assert len(content_hash(value)) == 64
