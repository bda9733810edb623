"""Help → User guide: the bundled guide (resources/guide/user-guide.md), searchable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from certdesk.locations import resources_dir


def guide_file() -> Path:
    return resources_dir() / "guide" / "user-guide.md"


def guide_text() -> str:
    """The guide's Markdown (a short note if the file is missing from this installation)."""
    try:
        return guide_file().read_text(encoding="utf-8")
    except OSError:
        return f"# certdesk user guide\n\nThe guide was not found at {guide_file()}."


class UserGuide(QDialog):
    """The guide with a search box: Enter (or typing) finds the next match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("certdesk user guide")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_text())
        self.find = QLineEdit()
        self.find.setPlaceholderText("Search the guide, e.g. repayment, undo, statuses")
        self.find.setClearButtonEnabled(True)
        self.found = QLabel()
        self.found.setStyleSheet("color: palette(placeholder-text);")
        self.find.textEdited.connect(lambda _: self.search(from_start=True))
        self.find.returnPressed.connect(self.search)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.find, 1)
        top.addWidget(self.found)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)
        self.find.setFocus()

    def search(self, *, from_start: bool = False) -> bool:
        """Select the next match of the search text (wrapping round); False if none."""
        text = self.find.text().strip()
        if not text:
            self.found.clear()
            return False
        if from_start:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        found = self.browser.find(text)
        if not found:  # wrap round once
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            found = self.browser.find(text)
        count = self.browser.toPlainText().lower().count(text.lower())
        self.found.setText(f"{count} found" if found else "not found")
        self.found.setStyleSheet(
            "color: palette(placeholder-text);" if found else "color: #b00020;"
        )
        return found
