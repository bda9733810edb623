"""The one date field: typed ISO or picked, never half the old value, says what it understood;
a completion or signature far in the future is asked about."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from certdesk.gui.widgets.date_field import DateField, understood
from certdesk.gui.widgets.form_dialog import future_date_question

TODAY = dt.date.today()


def test_typing_over_a_selected_date_replaces_all_of_it(qtbot):
    field = DateField(dt.date(2027, 6, 30))
    qtbot.addWidget(field)
    changed: list[QDate] = []
    field.dateChanged.connect(changed.append)
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "2026-12-15")
    assert field.value() == dt.date(2026, 12, 15)  # not 2027-12-15
    assert field.iso() == "2026-12-15"
    assert field.meaning.text().startswith("Tuesday 15 December 2026")
    assert changed[-1] == QDate(2026, 12, 15)
    assert len(changed) == 1  # only whole dates are announced, not "2026-1"


def test_what_is_not_a_date_is_said_and_goes_to_the_service_as_typed(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    assert field.value() == TODAY and "(today)" in field.meaning.text()
    field.setText("2026-02-30")
    assert field.value() is None and not field.date().isValid()
    assert field.meaning.text().startswith("not a date yet")
    assert field.iso() == "2026-02-30"
    field.setText("")
    assert field.meaning.text() == "type a date, e.g. 2026-12-15"


def test_an_optional_field_may_stay_empty_and_the_picker_fills_it(qtbot):
    field = DateField(optional=True)
    qtbot.addWidget(field)
    assert field.iso() == "" and field.meaning.text() == "no date"
    field._picked(QDate(2025, 3, 1))
    assert field.iso() == "2025-03-01"


def test_understood_counts_days():
    assert understood(TODAY + dt.timedelta(days=2), TODAY).endswith("(in 2 days)")
    assert understood(TODAY - dt.timedelta(days=1), TODAY).endswith("(yesterday)")


def test_a_date_far_ahead_is_a_question(qtbot):
    field = DateField(TODAY + dt.timedelta(days=2))
    qtbot.addWidget(field)
    assert future_date_question(field, "completed") is None
    field.set_value(TODAY + dt.timedelta(days=40))
    question, _, button = future_date_question(field, "completed")
    assert "40 days from today" in question and button.startswith("Record ")


def test_completion_in_the_future_asks_first(qtbot, window, db_path):
    from certdesk.gui.paths.completion_dialog import CompletionDialog

    from ..conftest import query
    from ..paths.test_path_tabs import tabs_of

    tabs = tabs_of(qtbot, window, "H-9002", "QAMC")  # enrolled
    dialog = CompletionDialog(window.ops, tabs.path, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.on.set_value(TODAY + dt.timedelta(days=365))
    dialog.submit()
    box = dialog.confirm_box
    assert box is not None and "365 days from today" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Cancel: nothing recorded
    assert dialog.isVisible()
    assert query(db_path, "SELECT status FROM paths WHERE id = ?", tabs.path["id"]) == [
        ("enrolled",)
    ]
