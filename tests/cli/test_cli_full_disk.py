"""The right diagnosis on a (nearly) full disk, on a real 3 MB tmpfs.

Runs as root only (it mounts a tmpfs); skipped elsewhere. With a few kilobytes free every
command says the disk is full and how much is free — never that the file is damaged — and
leaves no file behind (no truncated -shm, no empty -wal, no half backup); once space is freed
everything works again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None,
    reason="mounts a small tmpfs: root only",
)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk so that only `leave` bytes stay free."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle:
        handle.truncate(0)
    subprocess.run(["fallocate", "-l", str(max(free - leave, 0)), str(filler)], check=True)
    return filler


def files_of(disk: Path) -> dict[str, str]:
    return {
        str(p.relative_to(disk)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(disk.rglob("*"))
        if p.is_file() and p.name != "filler"
    }


@pytest.mark.parametrize("leave", [0, 4096, 12 * 1024, 16 * 1024, 64 * 1024])
def test_a_full_disk_is_called_full_never_damaged(
    small_disk: Path, run_cli, sample_csv: Path, leave: int
) -> None:
    db = small_disk / "demo.db"
    assert run_cli("--db", db, "import", "managers", sample_csv)[0] == 0
    code, backup, err = run_cli("--db", db, "backup")
    assert code == 0, err
    before = files_of(small_disk)
    filler = fill(small_disk, leave)

    commands = [
        ["check"],
        ["list", "managers"],
        ["path", "add", "H-9001", "CCCM"],
        ["backup"],
        ["restore", backup.strip()],
    ]
    for args in commands:
        code, out, err = run_cli("--db", db, *args)
        assert code in (0, 1), (args, err)
        assert "damaged" not in err and "Traceback" not in err, (args, err)
        if code == 1:
            assert "the disk" in err and "is full" in err and "free" in err, (args, err)
            assert files_of(small_disk) == before, (args, "a refused command leaves nothing")
        before = files_of(small_disk)
    leftovers = [p.name for p in small_disk.rglob("*") if p.name.endswith(("-shm", "-wal"))]
    assert leftovers == [], "no truncated -shm or empty -wal is left behind"

    filler.unlink()  # space freed: everything works again
    code, out, err = run_cli("--db", db, "check")
    assert code == 0, err
    assert out.startswith("ok")
