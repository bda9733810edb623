"""The provider and course dates in the Plan path and Edit path dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.gui.paths.plan_dialog import EditPathDialog, PlanPathDialog

from ..conftest import query
from ..paths.test_path_actions import save_and_wait_for_paths, select


def test_plan_a_path_with_its_provider_and_course(qtbot, window, db_path):
    detail = select(qtbot, window, "H-9003")
    qtbot.mouseClick(detail.plan_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, PlanPathDialog)
    qtbot.waitUntil(lambda: dialog.certification.isEnabled())
    dialog.provider.setText("Call Center Schöol")  # setText: any Unicode
    dialog.course_start.setText("2026-09-18")
    dialog.course_end.setText("2026-09-14")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # The end before the start: shown under the course end, the dialog open, nothing stored.
    qtbot.waitUntil(lambda: dialog.error_for("course_end") != "")
    assert "before it starts on 2026-09-18" in dialog.error_for("course_end")
    assert dialog.isVisible()
    assert query(db_path, "SELECT count(*) FROM paths WHERE provider <> ''") == [(0,)]
    dialog.course_end.setText("2026-09-22")
    save_and_wait_for_paths(qtbot, detail)
    assert query(
        db_path,
        "SELECT provider, course_start, course_end FROM paths WHERE provider <> ''",
    ) == [("Call Center Schöol", "2026-09-18", "2026-09-22")]


def test_edit_a_path_shows_what_is_stored_and_saves_the_course(qtbot, window, db_path):
    detail = select(qtbot, window, "H-9001")  # one path, selected for you
    assert detail.edit_path_button.isEnabled()
    qtbot.mouseClick(detail.edit_path_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, EditPathDialog)
    path = detail.selected_path()
    assert dialog.target.iso() == (path["target_date"] or "")
    assert (dialog.provider.text(), dialog.course_start.iso(), dialog.course_end.iso()) == (
        "",
        "",
        "",
    )
    dialog.provider.setText("HDI")
    dialog.course_start.setText("2026-10-05")
    dialog.course_end.setText("2026-10-09")
    save_and_wait_for_paths(qtbot, detail)
    assert query(
        db_path, "SELECT provider, course_start, course_end FROM paths WHERE id = ?", path["id"]
    ) == [("HDI", "2026-10-05", "2026-10-09")]
    assert detail.selected_path()["provider"] == "HDI"
