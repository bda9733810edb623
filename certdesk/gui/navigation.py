"""The left navigation: one entry per page, with its record count right-aligned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyledItemDelegate, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex, QPersistentModelIndex
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1


class _CountDelegate(QStyledItemDelegate):
    """Paints the entry as usual, then its count at the right edge."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if count is None:
            return
        painter.save()
        rect = option.rect.adjusted(0, 0, -10, 0)
        painter.setPen(option.palette.color(option.palette.ColorRole.PlaceholderText))
        painter.drawText(
            rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{count:,}"
        )
        painter.restore()


class Navigation(QListWidget):
    """Page names with counts; the current row is the page shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(180)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self._items: dict[str, QListWidgetItem] = {}
        self._counting = False  # the count painter is installed with the first count

    def add_page(self, key: str, title: str) -> None:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(title)
        item.setSizeHint(QSize(0, 30))
        self.addItem(item)
        self._items[key] = item

    def set_count(self, key: str, count: int | None) -> None:
        """Show (or, with None, hide) the count beside a page."""
        if not self._counting:
            # A Python delegate paints from then on; the first paint (no counts yet) is Qt's.
            self._counting = True
            self.setItemDelegate(_CountDelegate(self))
        self._items[key].setData(COUNT_ROLE, count)

    def count_of(self, key: str) -> int | None:
        return self._items[key].data(COUNT_ROLE)
