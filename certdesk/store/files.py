"""Writing files so that a crash never leaves half a file: temp file, fsync, rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """Write `data` to `path` via a temp file in the same folder, then rename over it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomically(path: Path, text: str, mode: int = 0o600) -> Path:
    """UTF-8 text written atomically (CSV keeps its own line ends)."""
    return write_bytes_atomically(path, text.encode("utf-8"), mode)
