"""The one date field of the window: type an ISO date or pick one from a calendar.

What is typed is taken as a whole, never merged with the old value (QDateEdit's sections keep
the old year when only part of the text is replaced); beside the field a short line says what
was understood ("Tuesday 15 December 2026") or why it is not a date. An optional field may be
left empty. The value goes to the service as typed (iso()), so a wrong date is refused there
with the field's name, like every other input.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

HINT_STYLE = "color: palette(placeholder-text);"
PROBLEM_STYLE = "color: #b00020;"


def parse_iso(text: str) -> dt.date | None:
    """YYYY-MM-DD as a date, or None (the strict ISO form only, like the services)."""
    text = text.strip()
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def understood(day: dt.date, today: dt.date | None = None) -> str:
    """ "Tuesday 15 December 2026 (in 17 days)": the date spelled out, and how far it is."""
    today = today or dt.date.today()
    delta = (day - today).days
    if delta == 0:
        when = "today"
    elif delta == 1:
        when = "tomorrow"
    elif delta == -1:
        when = "yesterday"
    elif delta > 0:
        when = f"in {delta} days"
    else:
        when = f"{-delta} days ago"
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')} ({when})"


class DateField(QWidget):
    """A typed ISO date with a calendar button and what was understood, on one line."""

    dateChanged = Signal(QDate)  # noqa: N815 (QDateEdit's name: the dialogs connect to it)

    def __init__(
        self, initial: dt.date | None = None, *, optional: bool = False, parent=None
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self._last: dt.date | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("YYYY-MM-DD")
        self.edit.setMaxLength(10)
        self.edit.setMaximumWidth(120)
        self.edit.setClearButtonEnabled(optional)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Pick the date on a calendar")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_to_text)
        self.button.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.meaning = QLabel()
        self.meaning.setTextFormat(Qt.TextFormat.PlainText)
        self.meaning.setStyleSheet(HINT_STYLE)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addWidget(self.meaning, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._typed)
        if initial is not None or not optional:
            self.set_value(initial or dt.date.today())
        else:
            self._typed("")

    # ---- QDateEdit's API, as the dialogs use it ---------------------------------------------
    def date(self) -> QDate:
        """The date typed (an invalid QDate while the text is not a date)."""
        day = self.value()
        return QDate(day.year, day.month, day.day) if day else QDate()

    def setDate(self, date: QDate) -> None:  # noqa: N802 (QDateEdit's name)
        self.set_value(date.toPython() if date.isValid() else None)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (QLineEdit's name)
        self.edit.setText(text)

    # ---- typed values -------------------------------------------------------------------------
    def value(self) -> dt.date | None:
        return parse_iso(self.edit.text())

    def set_value(self, day: dt.date | None) -> None:
        self.edit.setText(day.isoformat() if day else "")

    def iso(self) -> str:
        """The text as typed (stripped): the service says what is wrong with it, if anything."""
        return self.edit.text().strip()

    def _typed(self, text: str) -> None:
        day = parse_iso(text)
        if day is not None:
            self.meaning.setStyleSheet(HINT_STYLE)
            self.meaning.setText(understood(day))
        elif not text.strip():
            self.meaning.setStyleSheet(HINT_STYLE if self.optional else PROBLEM_STYLE)
            self.meaning.setText("no date" if self.optional else "type a date, e.g. 2026-12-15")
        else:
            self.meaning.setStyleSheet(PROBLEM_STYLE)
            self.meaning.setText("not a date yet: YYYY-MM-DD, e.g. 2026-12-15")
        if day != self._last:
            self._last = day
            if day is not None:
                self.dateChanged.emit(QDate(day.year, day.month, day.day))

    def _calendar_to_text(self) -> None:
        day = self.value() or dt.date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, date: QDate) -> None:
        self.set_value(date.toPython())
        self.button.menu().hide()
        self.edit.setFocus()
