"""Writing files so that a crash never leaves half a file: temp file, fsync, rename."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from certdesk.core.errors import InvalidInput


def write_bytes_atomically(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """Write `data` to `path` via a temp file in the same folder, then rename over it."""
    path = Path(path)
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where a folder of the path should be
            raise NotADirectoryError(
                errno.ENOTDIR, "a file is in the way: its folder is not a folder", str(path)
            ) from None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _naming(exc, path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from exc
        raise
    return path


def _naming(exc: OSError, path: Path) -> OSError:
    """The error with the file the user asked for (a write error alone names no file)."""
    if exc.filename is not None and exc.filename2 is None and Path(exc.filename) == path:
        return exc
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))


def free_space_text(folder: Path | str) -> str:
    """How much space is free on the disk holding `folder`, as people say it ("12 KB free")."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return "free space unknown"
    return f"{human_size(free)} free"


def human_size(size: int) -> str:
    """A byte count as "512 bytes", "12 KB", "3.4 MB" or "1.2 GB"."""
    if size < 1024:
        return f"{size} bytes"
    for unit, scale in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3), ("TB", 1024**4)):
        if size < scale * 1024 or unit == "TB":
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    return f"{size} bytes"


def write_text_atomically(path: Path, text: str, mode: int = 0o600) -> Path:
    """UTF-8 text written atomically (CSV keeps its own line ends)."""
    return write_bytes_atomically(path, text.encode("utf-8"), mode)


def write_csv_or_pdf(
    output: Path | None,
    csv_text: Callable[[], str],
    pdf_bytes: Callable[[], bytes],
    what: str = "the report",
) -> str | None:
    """A report to `output` by its suffix (.csv or .pdf); without `output`, its CSV text.

    Only the chosen format is made (a PDF imports reportlab). Another suffix is refused as
    InvalidInput on the field "output", before anything is made.
    """
    if output is None:
        return csv_text()
    suffix = Path(output).suffix.lower()
    if suffix == ".pdf":
        write_bytes_atomically(output, pdf_bytes())
    elif suffix == ".csv":
        write_text_atomically(output, csv_text())
    else:
        raise InvalidInput("output", f"{Path(output).name}: write {what} to a .pdf or .csv file")
    return None
