"""Every shell example in README.md and docs/*.md runs, in order, in a throw-away folder, and
shows what the program really prints (issue #21). How a block runs: see doc_runner."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from unittest import SkipTest

import pytest
from doc_runner import FOLDER, doc_sybil
from sqlalchemy import create_engine, text
from sybil.evaluators.skip import Skipper
from throwaway_home import HOME_VARIABLES

from app import paths

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

pytestmark = pytest.mark.docs

# A block that cannot run in a test (the GUI, the installer) is skipped in the document with
# its reason; more than this many per document means the docs drifted away from the CLI.
MAX_SKIPS = 1


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_document_examples_run(document: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    # The reader's home, user data folder and current folder are all the throw-away folder.
    for var, sub in HOME_VARIABLES.items():
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)
    if document.name == "state-office.md" and os.environ.get("TEST_DATABASE_URL"):
        # The IT office's guide is followed on a clean PostgreSQL database when the test
        # server is there (the reader sets CONSORTIUM_DB_URL), else on the SQLite default.
        monkeypatch.setenv(paths.DB_URL_ENV, _empty_pg_database(os.environ["TEST_DATABASE_URL"]))
    parsed = doc_sybil().parse(document)
    parsed.namespace[FOLDER] = tmp_path
    ran, skipped = 0, []
    for example in parsed.examples():
        if isinstance(example.region.evaluator, Skipper):
            _, reason = example.parsed
            assert reason, f"{document.name} line {example.line}: a skip needs its reason"
        try:
            example.evaluate()  # a SybilFailure names the command, what was shown and printed
            ran += not isinstance(example.region.evaluator, Skipper)
        except SkipTest:
            skipped.append(example.line)
    assert len(skipped) <= MAX_SKIPS, f"{document.name}: skipped blocks at lines {skipped}"
    text = document.read_text(encoding="utf-8")
    if "```console" in text or "```bash" in text:
        assert ran, f"{document.name}: none of its shell blocks ran"


def _empty_pg_database(base_url: str) -> str:
    name = f"doc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{base_url.rsplit('/', 1)[0]}/{name}"
