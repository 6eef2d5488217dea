"""`consortium allocate letter|letters`: a member's award letter and every member's, as the
state coordinator types them; refused (exit 2, nothing written) when nothing is allocated."""

from __future__ import annotations

from pathlib import Path

import pytest
from allocation_samples import awarded_scenario
from bid_samples import REF
from cli_run import run

from app.cli.context import open_store


@pytest.fixture
def state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "state"
    assert run(capsys, data, "init", "--role", "state", "--operator", "Ann Lee")[0] == 0
    store = open_store(data)
    awarded_scenario(store, tmp_path)
    store.dispose()
    return data


def test_letter_and_letters(state: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "010.pdf"
    code, _, err = run(capsys, state, "allocate", "letter", REF, "010", "--out", str(out_file))
    assert code == 2 and "nothing is allocated to member 010" in err
    assert not out_file.exists()
    assert run(capsys, state, "allocate", "run", REF)[0] == 0
    code, out, err = run(capsys, state, "allocate", "letter", REF, "010", "--out",
                         str(out_file))
    assert code == 0, err
    assert out.strip() == (f"wrote {out_file}: 010 Alamance-Burlington Schools, 3 line(s), "
                           "2 contract(s)")
    assert out_file.read_bytes().startswith(b"%PDF")
    folder = tmp_path / "letters"
    folder.mkdir()
    code, out, err = run(capsys, state, "allocate", "letters", REF, "--out", str(folder))
    assert code == 0, err
    assert out.splitlines() == [f"wrote 2 award letter(s) to {folder}:",
                                f"  award-letter-{REF}-010.pdf", f"  award-letter-{REF}-01B.pdf"]
    code, out, _ = run(capsys, state, "allocate", "letters", REF, "--region", "5", "--out",
                       str(folder))
    assert code == 0 and out.startswith(f"wrote 2 award letter(s) (region 5) to {folder}:")


def test_refusals(state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, state, "allocate", "run", REF)[0] == 0
    code, _, err = run(capsys, state, "allocate", "letter", REF, "010", "--out",
                       str(tmp_path / "letter.txt"))
    assert code == 2 and "name the file *.pdf" in err
    code, _, err = run(capsys, state, "allocate", "letter", REF, "020", "--out",
                       str(tmp_path / "020.pdf"))
    assert code == 2 and "nothing is allocated to member 020" in err
    code, _, err = run(capsys, state, "allocate", "letters", REF, "--region", "3", "--out",
                       str(tmp_path))
    assert code == 2 and "nothing is allocated to members of region 3" in err
    code, _, err = run(capsys, state, "allocate", "letters", REF, "--out",
                       str(tmp_path / "missing"))
    assert code == 2 and "no such folder" in err
    assert not list(tmp_path.glob("*.pdf"))
