"""A table model over a plain Python list of row records (Vorta style, no proxy model).

Filtering and sorting happen in Python on the list: a find box keystroke over 10,000 rows is a
list comprehension, a sort is one `list.sort` with keys computed once per column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole  # data(index, ROW_ROLE) gives the row record itself


class Column(Generic[R]):
    """One column: its header, the text shown for a row, and how it sorts."""

    # A plain class, not a dataclass: the window's first paint does not import dataclasses.
    __slots__ = ("header", "text", "sort_key", "align_right", "tooltip", "color")

    def __init__(
        self,
        header: str,
        text: Callable[[R], str],
        sort_key: Callable[[R], Any] | None = None,  # defaults to the shown text
        *,
        align_right: bool = False,  # numbers and money
        tooltip: str = "",
        color: Callable[[R], str | None] | None = None,  # text colour ("#b00020") or None
    ) -> None:
        self.header = header
        self.text = text
        self.sort_key = sort_key
        self.align_right = align_right
        self.tooltip = tooltip
        self.color = color


def keep_all(rows: list[R], text: str) -> list[R]:
    """The default text filter: no filtering."""
    return rows


SortKeys = dict[int, dict[int, Any]]  # column → id(row) → key
RECENT_SEARCHES = 16  # find-box results kept, so Backspace redraws without searching again


def compute_sort_keys(
    columns: Sequence[Column[R]], rows: Sequence[R], only: Sequence[int] | None = None
) -> SortKeys:
    """Sort keys for every row of each column (or only the columns numbered in `only`).

    Pure Python, no Qt: the worker thread computes them with the rows, so the first click on
    a header does not pay for them. Cheap keys are better left to the first click: each
    column's keys for 10,000 rows hold about 1 MB.
    """
    keys: SortKeys = {}
    for number, column in enumerate(columns):
        if only is not None and number not in only:
            continue
        key_of = column.sort_key or column.text
        keys[number] = {id(r): key_of(r) for r in rows}
    return keys


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one record type, filtered by `filter_rows(rows, text)` and sorted in Python.

    `filter_rows` must keep the rows' order, and a longer text that starts with a shorter one
    must match a subset of what the shorter one matched (true of "contains every word"
    searches): typing on narrows the previous result instead of searching every row again.
    """

    def __init__(
        self,
        columns: Sequence[Column[R]],
        filter_rows: Callable[[list[R], str], list[R]] = keep_all,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._filter_rows = filter_rows
        self._all: list[R] = []
        self._shown: list[R] = []
        self._text = ""
        self._keep: Callable[[R], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._key_cache: SortKeys = {}
        self._matches: dict[str, list[R]] = {}  # recent find texts → matching rows, in order

    # ---- the rows -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R], sort_keys: SortKeys | None = None) -> None:
        """Replace every row (keeps the current filter and sort).

        `sort_keys` from compute_sort_keys() over these same row objects saves computing them.
        """
        self.beginResetModel()
        self._all = list(rows)
        self._key_cache = dict(sort_keys) if sort_keys else {}
        self._matches.clear()
        if self._sort_column >= 0:
            self._sort_all()
        self._shown = self._apply_filter()
        self.endResetModel()

    def set_filter_text(self, text: str) -> None:
        """Show only the rows matching `text` (as the find box types)."""
        if text == self._text:
            return
        self._text = text
        self._refilter()

    def set_row_filter(self, keep: Callable[[R], bool] | None) -> None:
        """An extra condition a row must meet (the Status and Site combos), or None."""
        self._keep = keep
        self._refilter()

    def row(self, index: Index | int) -> R:
        """The record shown at a row number or index."""
        return self._shown[index if isinstance(index, int) else index.row()]

    def rows(self) -> list[R]:
        """The records shown, in order."""
        return list(self._shown)

    def all_rows(self) -> list[R]:
        """Every record, filtered out or not."""
        return list(self._all)

    def find(self, matches: Callable[[R], bool]) -> int:
        """The shown row number of the first record that matches, or -1."""
        return next((i for i, r in enumerate(self._shown) if matches(r)), -1)

    # ---- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(self._shown[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(self._shown[index.row()])
            return QColor(color) if color else None
        if role == ROW_ROLE:
            return self._shown[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python; persistent indexes (the selection) follow their rows."""
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moving = [(p, self._shown[p.row()]) for p in persistent if p.row() < len(self._shown)]
        self._sort_column, self._sort_order = column, order
        self._sort_all()
        self._matches.clear()  # they hold rows in the old order
        self._shown = self._apply_filter()
        where = {id(r): i for i, r in enumerate(self._shown)}
        old = [p for p, _ in moving]
        new = [
            self.index(where[id(r)], p.column()) if id(r) in where else QModelIndex()
            for p, r in moving
        ]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # ---- internals ---------------------------------------------------------------------
    def _refilter(self) -> None:
        self.beginResetModel()
        self._shown = self._apply_filter()
        self.endResetModel()

    def _text_matches(self) -> list[R]:
        """The rows matching the find text, from the recent results when possible."""
        text = self._text
        if not text.strip():
            return self._all  # empty find text: no need to call the filter at all
        found = self._matches.get(text)
        if found is not None:
            return found
        # Typing on: search only what the longest remembered start of this text matched.
        base = self._all
        for earlier in sorted(self._matches, key=len, reverse=True):
            if text.startswith(earlier) and earlier.strip():
                base = self._matches[earlier]
                break
        found = self._filter_rows(base, text)
        if len(self._matches) >= RECENT_SEARCHES:
            del self._matches[next(iter(self._matches))]  # the oldest
        self._matches[text] = found
        return found

    def _apply_filter(self) -> list[R]:
        rows = self._text_matches()
        if self._keep is not None:
            rows = [r for r in rows if self._keep(r)]
        # Never hand out the full list itself: sorting _all must not reorder _shown behind Qt.
        return list(rows) if rows is self._all else rows

    def _sort_all(self) -> None:
        keys = self._key_cache.get(self._sort_column)
        if keys is None:
            column = self._columns[self._sort_column]
            key_of = column.sort_key or column.text
            keys = {id(r): key_of(r) for r in self._all}
            self._key_cache[self._sort_column] = keys
        self._all.sort(
            key=lambda r: keys[id(r)],
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
