"""Message boxes that never block the event loop (opened, not exec'd), so ops keep running."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def show_message(
    parent: QWidget, title: str, text: str, *, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> QMessageBox:
    """A window-modal message; returns the box (tests read its text)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names and file names are never markup
    box.open()
    return box


def show_problem(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A warning: something was refused; the text says what and why."""
    return show_message(parent, title, text, icon=QMessageBox.Icon.Warning)
