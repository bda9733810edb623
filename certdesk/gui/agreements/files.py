"""Saving and opening stored documents (forms, scans, statements) from the window.

The bytes are read and written on the worker (never a re-render: what is stored is what is
saved), always through write_bytes_atomically so a crash never leaves half a PDF.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from certdesk.core.errors import InvalidInput
from certdesk.core.filenames import safe_file_name
from certdesk.files import free_space_text, write_bytes_atomically
from certdesk.gui.operations.runner import Ops
from certdesk.gui.settings import preferences
from certdesk.gui.widgets.document_preview import preview
from certdesk.gui.widgets.messages import show_problem

if TYPE_CHECKING:
    from certdesk.store import Store

Fetch = Callable[["Store"], bytes]
FILTERS = {
    ".pdf": "PDF files (*.pdf)",
    ".png": "PNG images (*.png)",
    ".jpg": "JPEG images (*.jpg *.jpeg)",
    ".jpeg": "JPEG images (*.jpg *.jpeg)",
}


def default_name(*parts: str, suffix: str = ".pdf") -> str:
    """A safe file name from the agreement number, the manager's name and what it is."""

    return safe_file_name(" ".join(p for p in parts if p), suffix)


def _write(target: Path, data: bytes, mode: int = 0o600) -> Path:
    """write_bytes_atomically, with a refused write (no permission, full disk) as InvalidInput."""

    try:
        return write_bytes_atomically(target, data, mode)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            why = f"the disk is full ({free_space_text(target.parent)})"
        raise InvalidInput("file", f"{target} could not be written: {why}") from None


def save_document(
    parent: QWidget,
    ops: Ops,
    title: str,
    name: str,
    fetch: Fetch,
    done: Callable[[Path], None] | None = None,
    *,
    stored_note: str = "",
) -> bool:
    """Ask where to save, then write the stored bytes there; False if the coordinator cancels.

    `stored_note` opens the message shown when the copy cannot be written (e.g. "TA-… is
    issued and its form is stored in the database"): what was committed stays said.
    """

    suffix = Path(name).suffix.lower() or ".pdf"
    start = str(preferences.folder("save") / name)
    filters = f"{FILTERS.get(suffix, 'Files (*' + suffix + ')')};;All files (*)"
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    if not chosen:
        return False
    target = Path(chosen)
    preferences.remember_folder("save", target)

    def write(store: Store) -> Path:
        return _write(target, fetch(store), mode=0o644)

    def refused(exc: InvalidInput) -> None:
        if stored_note:
            text = (
                f"{stored_note}, but this copy was not written: {exc.message}\n\n"
                "Free some space or choose another folder, then Save PDF… again; the stored "
                "form can be saved at any time from the agreement's page."
            )
        else:
            text = exc.message
        show_problem(parent, "The file was not saved", text)

    ops.run_op(write, done, refused)
    return True


def open_document(parent: QWidget, ops: Ops, name: str, fetch: Fetch) -> None:
    """Show the stored bytes in the window's preview (pages, zoom, Print…, Save as…)."""

    preview(parent, ops, name, name, fetch)
