"""Removing schools, contacts and letters of agency from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reference_samples import drop_reference_schools

from app.launcher import main
from app.models.db import Store
from app.services.letters import add_letter


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--data-dir", str(tmp_path), "init", "--role", "region", "--region", "4",
                 "--operator", "Kent Eklund"]) == 0
    capsys.readouterr()
    store = Store.for_data_dir(tmp_path)  # Moore's real schools would crowd the checks
    with store.transaction() as session:
        drop_reference_schools(session, "630")
    store.dispose()
    return tmp_path


def cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_remove_school_contact_and_letter(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(data, capsys, "schools", "add", "630", "--set", "code=630N12", "--set",
               "name=Pinehurst Elementary", "--set", "students=640")[0] == 0
    assert cli(data, capsys, "contacts", "add", "630", "--set", "name=Kent Eklund")[0] == 0
    [contact] = json.loads(cli(data, capsys, "members", "show", "630", "--json")[1])["contacts"]
    store = Store.for_data_dir(data)
    with store.transaction() as session:  # letters are entered in the app, not the CLI
        add_letter(session, "630", {"first_funding_year": "2026", "last_funding_year": "2027"})
    store.dispose()
    [letter] = json.loads(cli(data, capsys, "letters", "list", "630", "--json")[1])
    assert "type of services covered" in letter["missing_elements"]
    assert letter["uid"] in cli(data, capsys, "letters", "list", "630")[1]

    assert cli(data, capsys, "schools", "remove", "630N12") == (
        0, "removed school 630N12 Pinehurst Elementary from 630\n", "")
    assert cli(data, capsys, "contacts", "remove", contact["uid"]) == (
        0, f"removed contact Kent Eklund ({contact['uid']}) from 630\n", "")
    assert cli(data, capsys, "letters", "remove", letter["uid"]) == (
        0, f"removed letter of agency FY2026-FY2027 ({letter['uid']}) from 630\n", "")
    shown = json.loads(cli(data, capsys, "members", "show", "630", "--json")[1])
    assert shown["schools"] == [] and shown["contacts"] == []
    assert json.loads(cli(data, capsys, "letters", "list", "630", "--json")[1]) == []

    code, out, err = cli(data, capsys, "schools", "remove", "630N12")
    assert (code, out) == (2, "") and "No school with code '630N12'" in err
    code, _, err = cli(data, capsys, "contacts", "remove", contact["uid"])
    assert code == 2 and contact["uid"] in err and "already removed" in err
    code, _, err = cli(data, capsys, "letters", "remove", "no-such-uid")
    assert code == 2 and err.startswith("error: No letter of agency with id 'no-such-uid'")
