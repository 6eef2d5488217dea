"""The manifest example in docs/bundle-format.md has the fields and fixed values a real bundle's
manifest has (issue #21: it showed schema revision 0004 long after 0005)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from app import __version__
from app.models.db import Store
from app.models.migrate import head_revision
from app.sync.export import export_bundle
from app.sync.format import FORMAT_NAME, FORMAT_VERSION, MANIFEST

DOC = Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md"

pytestmark = pytest.mark.docs


def _shown_manifest() -> dict:
    section = DOC.read_text(encoding="utf-8").split("## manifest.json", 1)[1]
    block = re.search(r"```json\n(.*?)```", section, flags=re.DOTALL)
    assert block, "no ```json block under '## manifest.json'"
    return json.loads(block.group(1))


def _shape(value: object) -> object:
    """Field names all the way down (the first element standing for a list)."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return None


def test_manifest_example_matches_a_real_bundle(sqlite_region4: Store, tmp_path: Path) -> None:
    path = export_bundle(sqlite_region4, tmp_path / "r4.zip").path
    with zipfile.ZipFile(path) as archive:
        real = json.loads(archive.read(MANIFEST))
    shown = _shown_manifest()
    real["acks"] = [{"instance_uid": "…", "seq": 0, "bundles": ["…"]}]  # a first bundle has none
    assert _shape(shown) == _shape(real)
    for key, value in {"format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                       "app_version": __version__, "schema_revision": head_revision()}.items():
        assert shown[key] == real[key] == value, key
