"""A page that loads its data on the worker when first shown, and again after each change.

The Dashboard, Catalog, Policies and Reports pages share DataPage: nothing is read at start-up,
a change while the page is hidden only marks it stale, and an answer that arrives for an older
request than the newest is dropped. The Paths and Agreements pages share its LazyPage part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from certdesk.core.changes import Changes, Kind
from certdesk.gui.operations.runner import Ops

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel

    from certdesk.core.errors import InvalidInput
    from certdesk.store import Store

HINT_STYLE = "color: palette(placeholder-text);"


class LazyPage(QWidget):
    """Loads when first shown and again after each change; a change while hidden marks it stale.

    Subclasses give `reload` (clear `_stale`, ask the worker) and set `_loaded_once` when the
    answer is shown.
    """

    loaded = Signal()  # the page shows the database's current data
    # The kinds of record the page shows: a write that changed none of them leaves it alone.
    shows: frozenset[Kind] = frozenset(Kind)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._stale = True
        self._loaded_once = False

    @property
    def is_stale(self) -> bool:
        """True when the data shown is older than the database (reloads when next shown)."""
        return self._stale

    def data_changed(self, changes: Changes) -> None:
        """A write changed `changes`: reload (or mark stale) only if the page shows them."""
        if changes.touches(self.shows):
            self.mark_stale()

    @property
    def is_loaded(self) -> bool:
        return self._loaded_once

    def mark_stale(self) -> None:
        """The data changed: reload now if shown, else when next opened."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError


class DataPage(LazyPage):
    """Subclasses give `load` (runs on the worker with the store) and `show_data` (GUI).

    An answer that arrives for an older request than the newest is dropped.
    """

    # A plain function of the store, run on the worker thread: it must not touch widgets.
    load: Callable[[Store], Any]

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self._generation = 0

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation, load = self._generation, type(self).load
        self._ops.run_op(load, lambda data: self._answer(generation, data), self.show_load_problem)

    def _answer(self, generation: int, data: Any) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way
        self.show_data(data)
        self._loaded_once = True
        self.loaded.emit()

    def show_data(self, data: Any) -> None:
        raise NotImplementedError

    def show_load_problem(self, exc: InvalidInput) -> None:
        """The data could not be read (the database is not open yet, or failed)."""
        from certdesk.gui.widgets.messages import show_problem

        show_problem(self, "certdesk", exc.message)


FOCUS_FRAME = "QAbstractItemView:focus { border: 2px solid palette(highlight); }"


class _EnterOpens(QObject):
    """Enter or Return on a table's current row does what a double-click does."""

    def eventFilter(self, view: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and isinstance(view, QAbstractItemView)
            and view.currentIndex().isValid()
        ):
            view.doubleClicked.emit(view.currentIndex())
            return True
        return False


def keyboard_friendly(view: QAbstractItemView) -> None:
    """Tab moves on to the next control (not cell to cell), Enter opens the current row, and
    a frame shows which table has the keyboard."""
    view.setTabKeyNavigation(False)
    view.setStyleSheet(FOCUS_FRAME)
    opener = _EnterOpens(view)
    view.installEventFilter(opener)


def list_view(
    model: QAbstractItemModel,
    *,
    sortable: bool = True,
    widths: Sequence[int] = (),
    stretch: int | None = None,
    sort_column: int = -1,
    sort_order: Qt.SortOrder = Qt.SortOrder.AscendingOrder,
) -> QTableView:
    """A read-only table that selects whole rows, one at a time.

    `widths` are the columns' widths in pixels (0 leaves one as it is); the `stretch` column
    takes the room left. Sorted by `sort_column` (-1: in the service's order until a header is
    clicked, where Qt would sort by column 0).
    """
    view = QTableView()
    view.setModel(model)
    keyboard_friendly(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    # Fixed sizes: sizing to contents would read every row on every reset.
    view.verticalHeader().setDefaultSectionSize(26)
    for column, width in enumerate(widths):
        if width:
            view.setColumnWidth(column, width)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sortable:
        view.horizontalHeader().setSortIndicator(sort_column, sort_order)
        view.setSortingEnabled(True)
    return view


def hint_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """Grey explanatory text (that wraps unless told not to)."""
    label = QLabel(text)
    label.setStyleSheet(HINT_STYLE)
    if wrap:
        label.setWordWrap(True)
    return label


def heading_label(text: str, scale: float = 1.35) -> QLabel:
    """A bold, larger page or section title (plain text)."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
