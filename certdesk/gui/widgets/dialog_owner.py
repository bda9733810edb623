"""Open a dialog as a widget's one open dialog, kept in its `dialog` attribute until closed."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog


class DialogOwner(Protocol):
    """A page or pane that remembers the dialog it has open (tests reach it there)."""

    dialog: Any  # the open dialog, or None


def open_owned(owner: DialogOwner, dialog: QDialog) -> None:
    """Open `dialog` window-modally as `owner.dialog`; deleted on close, then forgotten."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _: _forget(owner, dialog))
    owner.dialog = dialog
    dialog.open()


def _forget(owner: DialogOwner, dialog: QDialog) -> None:
    if owner.dialog is dialog:
        owner.dialog = None
