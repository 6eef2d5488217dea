"""Runs the shell examples of a Markdown document the way a reader would type them (issue #21).

Sybil finds the examples (fenced blocks and `<!-- skip: next "reason" -->` directives); this
module only says what running one means, so the documents stay plain Markdown:

- ```` ```console ````: lines starting with `$ ` are commands; the lines under a command, up to
  the next `$ `, are what it prints (stdout, then stderr). `...` in shown output stands for
  anything (ids, dates, times, hashes), also across lines. A command must exit 0, unless what it
  shows has an `error:` line: then it must exit 2, as the CLI reference promises for bad input.
- ```` ```bash ````: every line is a command (a `# comment` is ignored); output is not compared.
- ```` ```csv file=NAME ````: the block's text is written to NAME, for a later import.

Every command must be `consortium …` (run in-process through `app.launcher.main`, because a
new interpreter per line is slow): a block that cannot run in a test is marked skipped in the
document, with its reason. All of a document's examples run in order in one throw-away folder
that is also the reader's home and current folder, so `~/state` and `moore.xlsx` land there.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sybil import Document, Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, SkipParser

FOLDER = "folder"  # the document namespace key holding its throw-away folder
ELLIPSIS = "..."
PROGRAM = "consortium"


@dataclass(frozen=True)
class Command:
    """One typed command line and, in a console block, what it is shown to print."""

    line: str
    shown: str | None  # None: output not compared (a bash block)


def console_commands(source: str) -> list[Command]:
    """`$ cmd` lines with the output lines under each; text before the first `$ ` is an error."""
    commands: list[Command] = []
    line: str | None = None
    shown: list[str] = []
    for raw in source.splitlines():
        if raw.startswith("$ "):
            if line is not None:
                commands.append(Command(line, "\n".join(shown)))
            line, shown = raw[2:], []
        elif line is None:
            if raw.strip():
                raise ValueError(f"console block: output before any `$ ` command: {raw!r}")
        else:
            shown.append(raw)
    if line is not None:
        commands.append(Command(line, "\n".join(shown)))
    return commands


def bash_commands(source: str) -> list[Command]:
    """Each non-blank line (a trailing `\\` continues it) that is not only a comment."""
    commands: list[Command] = []
    pending = ""
    for raw in source.splitlines():
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        text = (pending + raw).strip()
        pending = ""
        if text and not text.startswith("#"):
            commands.append(Command(text, None))
    return commands


def output_matches(shown: str, actual: str) -> bool:
    """`shown` equals `actual`, `...` standing for any text; trailing blanks don't count."""
    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())

    pattern = ".*?".join(re.escape(part) for part in tidy(shown).split(ELLIPSIS))
    return re.fullmatch(pattern, tidy(actual), flags=re.DOTALL) is not None


def words(line: str, home: Path) -> tuple[dict[str, str], list[str]]:
    """The shell's part: split the line, drop `# comments`, expand `~/`, `NAME=value` prefixes."""
    tokens = shlex.split(line, comments=True)
    env: dict[str, str] = {}
    while tokens and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env[name] = value
    expanded = [str(home / t[2:]) if t.startswith("~/") else t for t in tokens]
    return env, expanded


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_line(line: str, folder: Path) -> tuple[int, str]:
    """Run one `consortium …` line in-process in `folder`: exit status, stdout + stderr."""
    from app.launcher import main

    env, argv = words(line, folder)
    if not argv or argv[0] != PROGRAM or len(argv) == 1:
        raise ValueError(f"not a `{PROGRAM} COMMAND` line (mark the block skipped with a "
                         f"reason if it cannot run in a test): {line!r}")
    out, err = io.StringIO(), io.StringIO()
    with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv[1:])
        except SystemExit as exit_:  # argparse: bad usage (2) or --help/--version (0)
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue() + err.getvalue()


def check_command(command: Command, folder: Path) -> str | None:
    """None when the command behaves as shown, else what went wrong."""
    code, actual = run_line(command.line, folder)
    shows_error = command.shown is not None and any(
        line.startswith("error:") for line in command.shown.splitlines())
    expected_code = 2 if shows_error else 0
    if code != expected_code:
        return f"$ {command.line}\nexit status {code}, expected {expected_code}; it printed:\n" \
               f"{actual}"
    if command.shown is not None and not output_matches(command.shown, actual):
        return f"$ {command.line}\nshown:\n{command.shown}\nbut it printed:\n{actual}"
    return None


def _evaluate(commands_of):
    def evaluate(example: Example) -> str | None:
        folder = example.namespace[FOLDER]
        with contextlib.chdir(folder):
            for command in commands_of(example.parsed):
                problem = check_command(command, folder)
                if problem:
                    return problem
        return None
    return evaluate


class FileBlockParser(CodeBlockParser):
    """```` ```csv file=NAME ````: write the block's text to NAME in the document's folder."""

    def __init__(self) -> None:
        super().__init__("csv")

    def __call__(self, document: Document) -> Iterator:
        for region in self.lexers(document):
            match = re.fullmatch(r"csv\s+file=(\S+)", region.lexemes["arguments"].strip())
            if match:
                region.parsed = (match.group(1), str(region.lexemes["source"]))
                region.evaluator = self.evaluate
                yield region

    def evaluate(self, example: Example) -> None:
        name, text = example.parsed
        (example.namespace[FOLDER] / name).write_text(text, encoding="utf-8")


def doc_sybil() -> Sybil:
    return Sybil(parsers=[CodeBlockParser("console", _evaluate(console_commands)),
                          CodeBlockParser("bash", _evaluate(bash_commands)),
                          FileBlockParser(), SkipParser()],
                 patterns=["*.md"])
