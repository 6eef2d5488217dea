"""The CLI reference documents every command and option `--help` knows, and every screenshot
in docs/screenshots/ is shown somewhere (issue #21)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "cli.md"
SCREENSHOTS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.docs


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = (),
             every_alias: bool = False) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """Every command path (`()` is the program itself) with its long options (the longest
    spelling of each, or with `every_alias` each of its spellings)."""
    options = [name for action in parser._actions
               if action.option_strings and action.dest != "help"
               for name in (action.option_strings if every_alias
                            else [max(action.option_strings, key=len)])]
    yield path, options
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name), every_alias)


def mentions(text: str, path: tuple[str, ...]) -> list[str]:
    """The lines of the reference that name the command in code: `members list …`."""
    pattern = re.compile(r"`" + re.escape(" ".join(path)) + r"(\s|`|…)")
    return [line for line in text.splitlines() if pattern.search(line)]


def test_every_command_and_option_is_in_the_reference() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    intro = text.split("\n## ", 1)[0]
    missing = []
    for path, options in commands(build_parser()):
        lines = mentions(text, path) if path else [intro]
        if not lines:
            missing.append(f"command `{' '.join(path)}`")
            continue
        # An option counts where its command is named: the row or line describing it.
        written = "\n".join(lines)
        missing += [f"`{' '.join(path)}` option {option}" for option in options
                    if not re.search(re.escape(option) + r"(?![\w-])", written)]
    assert not missing, "docs/cli.md lacks:\n" + "\n".join(missing)


def _images(text: str) -> set[str]:
    return set(re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text))


def test_every_screenshot_is_shown_and_every_image_exists() -> None:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    shown: set[Path] = set()
    for document in documents:
        for target in _images(document.read_text(encoding="utf-8")):
            image = (document.parent / target).resolve()
            assert image.is_file(), f"{document.name} shows {target}, which does not exist"
            shown.add(image)
    unshown = sorted(p.name for p in SCREENSHOTS.glob("*.png") if p.resolve() not in shown)
    assert not unshown, f"screenshots no document shows: {', '.join(unshown)}"


def test_every_command_and_option_in_the_reference_exists() -> None:
    """The other way round: a command row of the reference names only commands and options
    that `--help` knows, so a renamed or removed option cannot linger in the docs."""
    known = dict(commands(build_parser(), every_alias=True))
    wrong = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        first_cell = re.split(r"(?<!\\)\|", line)[1]
        for span in re.findall(r"`([^`]+)`", first_cell):
            words = span.replace("\\|", "|").split()
            path: tuple[str, ...] = ()
            while words and (*path, words[0]) in known:
                path = (*path, words.pop(0))
            options = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", span))
            wrong += [f"`{span}`: {' '.join(path) or 'consortium'} has no {option}"
                      for option in sorted(options - set(known[path]) - {"--help"})]
    assert not wrong, "docs/cli.md names what --help does not know:\n" + "\n".join(wrong)
