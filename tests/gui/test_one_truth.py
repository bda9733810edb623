"""One truth for both faces: a change made from the command line is never silently undone by a
save in the window, and the window reloads when another program writes to the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from certdesk.cli import main
from certdesk.gui.main_window import OUTSIDE_CHANGE_MESSAGE

from .conftest import query


def change_email_elsewhere(db_path: Path, email: str) -> None:
    """Another connection (what `certdesk` on the command line does) changes H-9001's e-mail."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE employees SET email = ? WHERE employee_no = 'H-9001'", (email,))
    conn.close()


def open_edit(qtbot, window, employee_no: str):
    page = window.managers_page
    with qtbot.waitSignal(page.detail.paths_loaded):
        page.select_employee(employee_no)
    qtbot.mouseClick(page.detail.edit_button, Qt.MouseButton.LeftButton)
    return page.dialog


def test_a_save_over_an_outside_change_is_refused_with_both_values(qtbot, window, db_path):
    dialog = open_edit(qtbot, window, "H-9001")
    assert dialog.edits["email"].text() == "h-9001@example.com"
    change_email_elsewhere(db_path, "lukasz@cli.example.com")

    dialog.edits["email"].setText("lukasz@window.example.com")
    dialog.edits["job_title"].setText("Site lead")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.conflict_box is not None)
    text = dialog.conflict_box.text()
    assert "H-9001 Łukasz Żółć-Nguyễn was changed outside this window" in text
    assert "shown here as “h-9001@example.com”" in text
    assert "now stored: “lukasz@cli.example.com”" in text
    assert "you typed: “lukasz@window.example.com”" in text
    assert dialog.isVisible()  # nothing saved, the dialog keeps what was typed
    assert query(
        db_path, "SELECT email, job_title FROM employees WHERE employee_no = 'H-9001'"
    ) == [("lukasz@cli.example.com", "")]

    # Reload: the stored e-mail comes in, the coordinator's other edit stays; saving now works.
    qtbot.mouseClick(dialog.conflict_buttons["reload"], Qt.MouseButton.LeftButton)
    assert dialog.edits["email"].text() == "lukasz@cli.example.com"
    assert dialog.edits["job_title"].text() == "Site lead"
    with qtbot.waitSignal(dialog.saved):
        dialog.submit()
    assert query(
        db_path, "SELECT email, job_title FROM employees WHERE employee_no = 'H-9001'"
    ) == [("lukasz@cli.example.com", "Site lead")]


def test_overwrite_after_seeing_both_values(qtbot, window, db_path):
    dialog = open_edit(qtbot, window, "H-9001")
    change_email_elsewhere(db_path, "lukasz@cli.example.com")
    dialog.edits["email"].setText("lukasz@window.example.com")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.conflict_box is not None)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.conflict_buttons["overwrite"], Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT email FROM employees WHERE employee_no = 'H-9001'") == [
        ("lukasz@window.example.com",)
    ]


def test_an_outside_change_to_another_field_is_kept_without_asking(qtbot, window, db_path):
    dialog = open_edit(qtbot, window, "H-9001")
    conn = sqlite3.connect(db_path)
    with conn:  # e.g. a departure recorded from the command line: not a field of this dialog
        conn.execute("UPDATE employees SET departure_reason = 'x' WHERE employee_no = 'H-9001'")
    conn.close()
    dialog.edits["job_title"].setText("Site lead")
    with qtbot.waitSignal(dialog.saved):
        dialog.submit()
    assert query(
        db_path, "SELECT job_title, departure_reason FROM employees WHERE employee_no = 'H-9001'"
    ) == [("Site lead", "x")]


def test_the_window_reloads_on_a_write_from_the_command_line(qtbot, window, db_path, capsys):
    page = window.managers_page
    qtbot.waitUntil(lambda: not window.ops.busy)
    window.check_outside_changes()  # the baseline (the timer and the focus do this too)
    qtbot.waitUntil(lambda: window._data_version is not None)

    code = main(["--db", str(db_path), "path", "add", "H-9003", "CCCM", "--target", "2027-01-15"])
    assert code == 0, capsys.readouterr().err
    with qtbot.waitSignal(window.outside_change, timeout=5000):
        window.check_outside_changes()
    assert window.statusBar().currentMessage() == OUTSIDE_CHANGE_MESSAGE
    qtbot.waitUntil(
        lambda: any(
            r.employee_no == "H-9003" and r.path_codes == "CCCM" for r in page.model.all_rows()
        )
    )


def test_the_timer_notices_outside_writes_on_its_own(qtbot, window, db_path):
    qtbot.waitUntil(lambda: window._outside_timer.isActive())
    qtbot.waitUntil(lambda: window._data_version is not None, timeout=5000)
    change_email_elsewhere(db_path, "timer@example.com")
    with qtbot.waitSignal(window.outside_change, timeout=6000):
        pass
    qtbot.waitUntil(
        lambda: any(r.email == "timer@example.com" for r in window.managers_page.model.all_rows())
    )


def test_a_path_moved_from_the_command_line_is_not_moved_again_unseen(qtbot, window, db_path):
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee("H-9001")  # CCCM planned, selected
    path_id = detail.selected_path()["id"]
    qtbot.mouseClick(detail.move_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    dialog.status.setCurrentIndex(dialog.status.findData("withdrawn"))

    code = main(["--db", str(db_path), "path", "status", str(path_id), "approved"])
    assert code == 0
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.conflict_box is not None)
    text = dialog.conflict_box.text()
    assert f"Path {path_id} was changed outside this window" in text
    assert "status: shown here as “planned”; now stored: “approved”; you typed: “withdrawn”" in text
    assert query(db_path, "SELECT status FROM paths WHERE id = ?", path_id) == [("approved",)]
    # Overwrite: the move is checked against what is stored now (approved → withdrawn is allowed).
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.conflict_buttons["overwrite"], Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT status FROM paths WHERE id = ?", path_id) == [("withdrawn",)]
