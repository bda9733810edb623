"""New manager / Edit manager: errors beside the field, nothing written until valid."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from ..conftest import MANAGERS, count, query


def open_new(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.managers_page.dialog
    assert dialog is not None and dialog.windowTitle() == "New manager"
    return dialog


def test_an_empty_name_is_shown_beside_the_field_and_nothing_is_written(qtbot, window, db_path):
    dialog = open_new(qtbot, window)
    dialog.edits["employee_no"].setText("H-9100")
    dialog.edits["site"].setText("Gdańsk Hub")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_for("full_name") != "")
    assert dialog.error_for("full_name") == "is required and cannot be empty"
    assert dialog.error_for("employee_no") == ""
    assert dialog.isVisible()
    assert dialog.save_button.isEnabled()
    # What was typed is kept, so only the name needs typing.
    assert dialog.edits["employee_no"].text() == "H-9100"
    assert dialog.edits["site"].text() == "Gdańsk Hub"
    assert count(db_path, "employees") == len(MANAGERS)

    dialog.edits["full_name"].setText("Nguyễn Văn An")
    with qtbot.waitSignal(window.managers_page.loaded):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.managers_page.dialog is None  # closed (and deleted)
    assert count(db_path, "employees") == len(MANAGERS) + 1
    page = window.managers_page
    assert page.model.rowCount() == len(MANAGERS) + 1
    assert page.detail.manager.full_name == "Nguyễn Văn An"  # the new row is selected
    assert window.navigation.count_of("managers") == len(MANAGERS) + 1


def test_errors_move_to_the_field_they_name(qtbot, window, db_path):
    dialog = open_new(qtbot, window)
    dialog.edits["employee_no"].setText("H-9001")  # taken by Łukasz
    dialog.edits["full_name"].setText("Someone Else")
    dialog.edits["hire_date"].setText("2024-02-30")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("hire_date") != "")
    assert "not a real calendar date" in dialog.error_for("hire_date")
    dialog.edits["hire_date"].setText("2024-02-28")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("employee_no") != "")
    assert dialog.error_for("employee_no") == "H-9001 is already used by another manager"
    assert dialog.error_for("hire_date") == ""  # the old error is gone
    assert count(db_path, "employees") == len(MANAGERS)


def test_a_new_manager_hidden_by_the_filter_is_still_shown_after_saving(qtbot, window):
    page = window.managers_page
    page.find.setText("lukasz")
    dialog = open_new(qtbot, window)
    dialog.edits["employee_no"].setText("H-9200")
    dialog.edits["full_name"].setText("佐藤 花子")
    with qtbot.waitSignal(page.loaded):
        dialog.submit()
    assert page.find.text() == ""
    assert page.detail.manager.employee_no == "H-9200"
    selected = page.view.selectionModel().selectedRows()
    assert [page.model.row(i).full_name for i in selected] == ["佐藤 花子"]


def test_edit_keeps_the_fields_and_saves_the_change(qtbot, window, db_path):
    page = window.managers_page
    with qtbot.waitSignal(page.detail.paths_loaded):
        page.select_employee("H-9003")
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.edits["full_name"].text() == "山田 太郎"
    assert dialog.edits["hire_date"].text() == "2020-02-03"
    dialog.edits["work_state"].setText("ny")
    dialog.edits["site"].setText("Buffalo Service Desk")
    with qtbot.waitSignal(page.loaded):
        dialog.submit()
    assert query(
        db_path, "SELECT site, work_state FROM employees WHERE employee_no = 'H-9003'"
    ) == [("Buffalo Service Desk", "NY")]
    assert page.detail.manager.site == "Buffalo Service Desk"
    assert "Buffalo Service Desk" in page.detail.facts.text()


def test_escape_on_a_filled_dialog_asks_before_discarding(qtbot, window, db_path):
    dialog = open_new(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert window.managers_page.dialog is None
    dialog = open_new(qtbot, window)
    dialog.edits["employee_no"].setText("H-9300")
    dialog.edits["full_name"].setText("Not Saved")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and box.isVisible()
    assert box.text() == "Discard what you typed in this dialog?"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Escape again keeps editing
    assert dialog.isVisible() and dialog.edits["full_name"].text() == "Not Saved"
    dialog.reject()  # Cancel asks too; Discard closes
    [discard] = [b for b in dialog.discard_box.buttons() if b.text() == "Discard"]
    discard.click()
    assert window.managers_page.dialog is None  # closed (and deleted)
    assert count(db_path, "employees") == len(MANAGERS)


def test_cancel_waits_while_the_save_runs(qtbot, window, db_path):
    import threading

    held = threading.Event()
    window.ops.run_op(lambda store: held.wait(5))  # the worker is busy until released
    dialog = open_new(qtbot, window)
    dialog.edits["employee_no"].setText("H-9400")
    dialog.edits["full_name"].setText("Renée Lefèvre")
    dialog.submit()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the coordinator gives up waiting...
    assert dialog.isVisible()  # ...but the dialog stays until the outcome is known
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(window.managers_page.loaded):
        held.set()
    assert window.managers_page.dialog is None
    assert count(db_path, "employees") == len(MANAGERS) + 1
    assert window.managers_page.detail.manager.employee_no == "H-9400"


def test_an_answer_for_a_closed_dialog_is_dropped(qtbot, window):
    import threading

    from certdesk.gui.paths.plan_dialog import PlanPathDialog

    held = threading.Event()
    window.ops.run_op(lambda store: held.wait(5))
    dialog = PlanPathDialog(window.ops, "H-9001", "Łukasz Żółć-Nguyễn", window)
    dialog.deleteLater()  # closed before its catalog arrives
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    with qtbot.waitSignal(window.ops.busy_changed, check_params_cb=lambda busy: not busy):
        held.set()  # the catalog answer finds no dialog: no error
