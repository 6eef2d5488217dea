"""Record-by-record editing from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.launcher import main


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["--data-dir", str(tmp_path), "init", "--role", "region", "--region", "4",
                 "--operator", "Kent Eklund"]) == 0
    capsys.readouterr()
    return tmp_path


def cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_need_lifecycle(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(data, capsys, "needs", "add", "--member", "630", "--item",
                       "CB-STU-116", "--quantity", "250", "--set", "funding_sources=local")
    assert code == 0 and out.startswith("added ")
    uid = out.split()[1].rstrip(":")
    assert cli(data, capsys, "needs", "confirm", uid, "--by", "Dr. Smith")[0] == 0
    [need] = json.loads(cli(data, capsys, "needs", "list", "--member", "630", "--json")[1])
    assert need["status"] == "confirmed" and need["confirmed_by"] == "Dr. Smith"
    assert need["quantity"] == "250" and need["funding_sources"] == ["local"]
    assert cli(data, capsys, "needs", "edit", uid, "--set", "quantity=260")[0] == 0
    assert cli(data, capsys, "needs", "withdraw", uid)[0] == 0
    [need] = json.loads(cli(data, capsys, "needs", "list", "--member", "630", "--json")[1])
    assert need["status"] == "withdrawn" and need["quantity"] == "260"


def test_bad_set_and_bad_values(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(data, capsys, "needs", "add", "--member", "630", "--quantity", "x",
                       "--item", "CB-STU-116")
    assert code == 2 and "quantity" in err
    code, _, err = cli(data, capsys, "members", "edit", "630", "--set", "students")
    assert code == 2 and "field=value" in err
    code, _, err = cli(data, capsys, "needs", "confirm", "no-such-uid")
    assert code == 2 and "no-such-uid" in err


def test_members_schools_contacts(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(data, capsys, "members", "add", "--set", "code=63A", "--set",
               "name=Sandhills Charter Academy", "--set", "kind=charter", "--set",
               "region=4", "--set", "county=Moore")[0] == 0
    assert cli(data, capsys, "schools", "add", "630", "--set", "code=630312", "--set",
               "name=Pinehurst Elementary", "--set", "students=640", "--set",
               "nslp_eligible=210", "--set", "rural=no")[0] == 0
    assert cli(data, capsys, "schools", "edit", "630312", "--set", "rural=yes")[0] == 0
    assert cli(data, capsys, "contacts", "add", "630", "--set", "name=Kent Eklund",
               "--set", "title=Chief Technology Officer")[0] == 0
    shown = json.loads(cli(data, capsys, "members", "show", "630", "--json")[1])
    assert shown["schools"][0]["rural"] is True
    assert shown["contacts"][0]["name"] == "Kent Eklund"
    code, out, _ = cli(data, capsys, "members", "show", "630")
    assert "Pinehurst Elementary" in out and "Moore" in out


def test_confirm_asks_for_the_funding_source_and_about_duplicates(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uids = []
    for _ in range(2):
        code, out, _ = cli(data, capsys, "needs", "add", "--member", "630", "--item",
                           "AP-WIFI6-IN", "--quantity", "40")
        uids.append(out.split()[1].rstrip(":"))
    code, _, err = cli(data, capsys, "needs", "confirm", uids[0])
    assert code == 2 and "no funding source" in err and "suggested E-rate" in err
    assert "--funding-source" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli(data, capsys, "needs", "confirm", uids[0], "--funding-source", "erate")
    assert code == 2 and "same item twice" in err and "--accept-duplicates" in err
    listed = json.loads(cli(data, capsys, "needs", "list", "--member", "630", "--json")[1])
    assert {n["status"] for n in listed} == {"draft"}  # refused: nothing changed
    assert {tuple(n["funding_sources"]) for n in listed} == {()}
    assert cli(data, capsys, "needs", "confirm", uids[0], "--funding-source", "erate",
               "--accept-duplicates")[0] == 0
    [first] = [n for n in json.loads(cli(data, capsys, "needs", "list", "--member", "630",
                                         "--json")[1]) if n["uid"] == uids[0]]
    assert first["status"] == "confirmed" and first["funding_sources"] == ["erate"]
