"""Shared fixtures: a fresh store on a temporary file, the command line, file fingerprints."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from certdesk.locations import resources_dir
from certdesk.store import Store, open_store

SAMPLE_MANAGERS_CSV = resources_dir() / "sample" / "managers.csv"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file lives (not created yet)."""
    return tmp_path / "certdesk.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A freshly created, fully migrated store on a temporary file; closed afterwards."""
    opened = open_store(db_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """run_cli(*args) → (exit code, stdout, stderr) of certdesk.cli.main(list(args))."""
    from certdesk.cli import main

    def run(*args: object) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before this command
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def sample_csv() -> Path:
    """The bundled sample HR export (10 managers, Unicode names)."""
    assert SAMPLE_MANAGERS_CSV.is_file(), SAMPLE_MANAGERS_CSV
    return SAMPLE_MANAGERS_CSV


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """write_file(name, text_or_bytes) → path; text is written as UTF-8 with no newline change."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return write


def fingerprint(db_file: Path) -> dict[str, str | None]:
    """SHA-256 of the database file and of its -wal / -journal companions (None = absent)."""
    result: dict[str, str | None] = {}
    for suffix in ("", "-wal", "-journal"):
        part = Path(f"{db_file}{suffix}")
        result[suffix or "db"] = (
            hashlib.sha256(part.read_bytes()).hexdigest() if part.exists() else None
        )
    return result


@pytest.fixture
def file_fingerprint() -> Callable[[Path], dict[str, str | None]]:
    """The fingerprint function, for byte-for-byte "nothing was written" checks."""
    return fingerprint
