"""Committed means said: when the extra copy of an issued form cannot be written, the command
says the agreement is issued and stored, why the copy failed, and how to write it again."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import certdesk.files as files


@pytest.fixture
def draft_no(db_path: Path, run_cli, sample_csv: Path) -> str:
    db = ["--db", str(db_path)]
    assert run_cli(*db, "import", "managers", sample_csv)[0] == 0
    code, pid, err = run_cli(*db, "path", "add", "H-9002", "CCCM", "--target", "2026-12-15")
    assert code == 0, err
    args = [
        "cost",
        "add",
        pid.strip(),
        "--kind",
        "tuition",
        "--amount",
        "1495",
        "--paid-on",
        "2026-01-02",
    ]
    assert run_cli(*db, *args)[0] == 0
    code, out, err = run_cli(
        *db, "agreement", "draft", pid.strip(), "--months", "24", "--schedule", "prorated"
    )
    assert code == 0, err
    return out.strip()


def test_a_copy_on_a_full_disk_says_the_agreement_is_issued(
    db_path: Path, run_cli, draft_no: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = files.write_bytes_atomically

    def full_disk(path: Path, data: bytes, mode: int = 0o600) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(files, "write_bytes_atomically", full_disk)
    target = tmp_path / "copy.pdf"
    code, out, err = run_cli(
        "--db", db_path, "agreement", "issue", draft_no, "-o", target, "--accept-warnings"
    )
    assert code == 1
    assert out.startswith(f"{draft_no} issued on ")
    error = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error) == 1, err
    assert f"{draft_no} is issued and its form is stored in the database" in error[0]
    assert "the copy was not written" in error[0] and "the disk is full" in error[0]
    assert "free)" in error[0]  # how much space there is
    assert f"certdesk --db {db_path} form {draft_no} -o {target}" in error[0]
    assert not target.exists()

    # Retrying the issue says it is issued; the suggested command writes the copy.
    monkeypatch.setattr(files, "write_bytes_atomically", real_write)
    code, _, err = run_cli("--db", db_path, "agreement", "issue", draft_no)
    assert code == 1 and "already issued" in err
    code, _, err = run_cli("--db", db_path, "form", draft_no, "-o", target)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_copy_into_a_missing_folder_says_so_too(
    db_path: Path, run_cli, draft_no: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    code, out, err = run_cli(
        "--db",
        db_path,
        "agreement",
        "issue",
        draft_no,
        "-o",
        blocker / "copy.pdf",
        "--accept-warnings",
    )
    assert code == 1
    assert "issued on" in out
    assert "is issued and its form is stored" in err and "its folder is not a folder" in err
    assert "Traceback" not in err
