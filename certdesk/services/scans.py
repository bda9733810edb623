"""Scanned files to attach (signed copies, proofs, receipts): read, size-checked and typed by
their first bytes, once for every use case that stores one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certdesk.core.errors import InvalidInput

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_MAGIC = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


@dataclass(frozen=True)
class ScanFile:
    """A file read for attaching: its name, type and bytes."""

    filename: str
    mime: str
    content: bytes


def read_scan(file: Path | str, field: str = "file") -> ScanFile:
    """Read a PDF, PNG or JPEG to attach (at most 25 MB); InvalidInput naming `field`."""
    source = Path(file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InvalidInput(field, f"{source} cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(field, f"{source.name} is larger than 25 MB; scan at a lower resolution")
    mime = next((m for magic, m in _MAGIC.items() if data.startswith(magic)), None)
    if mime is None:
        raise InvalidInput(field, f"{source.name} is not a PDF, PNG or JPEG file")
    return ScanFile(source.name, mime, data)
