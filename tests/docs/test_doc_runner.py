"""The documentation runner (doc_runner) reads blocks and compares output as it promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_runner import (
    FOLDER,
    Command,
    bash_commands,
    check_command,
    console_commands,
    doc_sybil,
    output_matches,
    words,
)

pytestmark = pytest.mark.docs


def test_console_block_pairs_commands_with_their_output() -> None:
    block = "$ consortium info\nRegion 3\n  id  x\n$ consortium demo\n"
    assert console_commands(block) == [Command("consortium info", "Region 3\n  id  x"),
                                       Command("consortium demo", "")]
    with pytest.raises(ValueError, match="output before any"):
        console_commands("stray\n$ consortium info\n")


def test_bash_block_joins_continuations_and_drops_comments() -> None:
    block = "# set up\nconsortium settings set \\\n    --operator X   # me\n\nconsortium demo\n"
    assert [c.line for c in bash_commands(block)] == [
        "consortium settings set      --operator X   # me", "consortium demo"]
    assert all(c.shown is None for c in bash_commands(block))


@pytest.mark.parametrize(("shown", "actual", "matches"), [
    ("wrote a.pdf: 3 lines", "wrote a.pdf: 3 lines\n", True),
    ("id ... in ...: 9 members", "id 5921e5b8-aa in /tmp/x: 9 members", True),
    ("{\n  \"a\": 1,\n  ...\n}", "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}", True),
    ("total $...", "total $4,378.00  ", True),
    ("9 members", "10 members", False),
    ("a.b", "axb", False),  # only `...` is a wildcard; other text is literal
])
def test_output_matching(shown: str, actual: str, matches: bool) -> None:
    assert output_matches(shown, actual) is matches


def test_words_expand_home_and_environment_prefixes(tmp_path: Path) -> None:
    env, argv = words('CONSORTIUM_DATA_DIR=r3 consortium --data-dir ~/state info  # hi', tmp_path)
    assert env == {"CONSORTIUM_DATA_DIR": "r3"}
    assert argv == ["consortium", "--data-dir", str(tmp_path / "state"), "info"]


def test_exit_status_follows_the_shown_output(tmp_path: Path) -> None:
    assert check_command(Command("consortium info", "error: This store ..."), tmp_path) is None
    problem = check_command(Command("consortium info", "Region ..."), tmp_path)
    assert problem and "exit status 2, expected 0" in problem
    assert check_command(Command("consortium --version", None), tmp_path) is None
    with pytest.raises(ValueError, match="not a `consortium COMMAND` line"):
        check_command(Command("ls -l", None), tmp_path)


def test_skips_and_file_blocks(tmp_path: Path) -> None:
    document = tmp_path / "guide.md"
    document.write_text(
        '<!-- skip: next "opens the desktop app" -->\n```bash\nconsortium\n```\n\n'
        "```csv file=a.csv\ncode,name\n92Z,Oak\n```\n", encoding="utf-8")
    parsed = doc_sybil().parse(document)
    parsed.namespace[FOLDER] = tmp_path
    examples = list(parsed.examples())
    examples[0].evaluate()
    with pytest.raises(Exception, match="opens the desktop app"):
        examples[1].evaluate()
    examples[2].evaluate()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "code,name\n92Z,Oak\n"
