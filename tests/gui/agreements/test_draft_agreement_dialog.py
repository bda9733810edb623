"""Draft agreement… from a manager's path and from the Agreements page: live preview, errors
under their field with the typed data kept, and the new draft in the register."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.gui.agreements.draft_dialog import DraftAgreementDialog
from certdesk.gui.agreements.path_chooser import PathChooser

from ..conftest import count, query


def open_draft(qtbot, window, employee_no: str, code: str) -> DraftAgreementDialog:
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee(employee_no)
    detail.paths_view.selectRow(detail.paths_model.find(lambda r: r["cert_code"] == code))
    assert detail.draft_button.isEnabled()
    qtbot.mouseClick(detail.draft_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, DraftAgreementDialog)
    qtbot.waitUntil(lambda: dialog.context is not None)
    return dialog


def test_bad_months_are_refused_under_months_and_nothing_is_written(qtbot, window, db_path):
    dialog = open_draft(qtbot, window, "H-9002", "QAMC")  # enrolled, 1,495.00 tuition, NY
    assert dialog.amount.text() == "1,495.00"
    assert "Nguyễn Thị Hương" in dialog.about.text()
    dialog.months.setText("two years")
    assert dialog.error_for("months") == "'two years' is not a whole number of months"  # live
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._saving)
    assert dialog.error_for("months") == "'two years' is not a whole number of months"
    assert dialog.isVisible() and dialog.months.text() == "two years"  # typed data kept
    assert count(db_path, "agreements") == 0

    dialog.months.setText("24")
    dialog.amount.setText("1,200.00")  # lowered
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT months, schedule, amount_cents, status FROM agreements") == [
        (24, "prorated", 120000, "draft")
    ]
    # The new draft is shown, selected, on the Agreements page.
    page = window.agreements_page
    assert window.pages.currentWidget() is page
    assert [r.full_name for r in page.model.rows()] == ["Nguyễn Thị Hương"]
    qtbot.waitUntil(lambda: page.detail.agreement_no is not None)
    assert page.detail.agreement_no == query(db_path, "SELECT agreement_no FROM agreements")[0][0]
    qtbot.waitUntil(lambda: window.navigation.count_of("agreements") == 1)


def test_an_amount_above_the_cost_is_refused_beside_the_amount(qtbot, window, db_path):
    dialog = open_draft(qtbot, window, "H-9002", "QAMC")
    dialog.amount.setText("1,495.01")
    assert "more than the company-paid repayable cost 1,495.00" in dialog.error_for("amount")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog._saving)
    assert "1,495.00" in dialog.error_for("amount")
    assert count(db_path, "agreements") == 0


def test_bands_are_checked_as_typed_and_the_schedule_follows(qtbot, window):
    dialog = open_draft(qtbot, window, "H-9002", "QAMC")
    assert not dialog.field_visible("tiers")
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("tiers"))
    assert dialog.field_visible("tiers")
    dialog.months.setText("")  # with bands, the last band gives the commitment
    dialog.tiers.setText("6:100,12:110")
    assert "over 100 %" in dialog.error_for("tiers")
    assert dialog.schedule_lines() == []
    dialog.tiers.setText("6:100,12:50")
    assert dialog.error_for("tiers") == ""
    lines = dialog.schedule_lines()
    assert len(lines) == 4
    assert lines[0] == "leaving before the certification is completed: 100 %, 1,495.00"
    assert lines[1].endswith(": 100 %, 1,495.00") and lines[2].endswith(": 50 %, 747.50")
    assert lines[3].endswith("on: 0 %, 0.00")
    assert "planned completion" in dialog.schedule_note.text()


def test_the_preview_names_each_compliance_rule(qtbot, window, db_path):
    from certdesk.services.paths import lifecycle as paths
    from certdesk.store import open_store

    store = open_store(db_path)  # 山田 works in California: add a path with tuition
    try:
        from certdesk.services.catalog import certifications as catalog

        catalog.edit_certification(store, "CCCM", {"transferable": True})
        pid = paths.plan_path(store, "H-9003", "CCCM", "2027-01-31")
        paths.add_cost(store, pid, kind="tuition", amount="2,000.00", paid_on="2026-09-01")
    finally:
        store.close()
    dialog = open_draft(qtbot, window, "H-9003", "CCCM")
    assert dialog.warnings == []
    assert "No compliance warnings for CA" in dialog.warnings_label.text()
    dialog.schedule.setCurrentIndex(dialog.schedule.findData("full"))
    dialog.waive_boxes["layoff"].setChecked(False)
    assert [w.rule for w in dialog.warnings] == ["California AB 692", "California AB 692"]
    text = dialog.warnings_label.text()
    assert "'full' schedule" in text and "leave out “Layoff or reduction in force”" in text
    assert dialog.waived() == ["dismissed_other", "death", "disability"]
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT schedule, waived_reasons FROM agreements") == [
        ("full", "dismissed_other,death,disability")
    ]


def test_draft_from_the_agreements_page_chooses_the_path_first(qtbot, window, db_path):
    page = window.agreements_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("agreements")
    assert page.shown.text() == "No agreements yet — draft one for a certification path"
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    chooser = page.dialog
    assert isinstance(chooser, PathChooser)
    qtbot.waitUntil(lambda: chooser.model.rowCount() > 0)
    # H-9004 has left and H-9001's planned path has no cost yet: neither is offered.
    assert sorted(r.employee_no for r in chooser.model.rows()) == ["H-9002", "H-9002"]
    chooser.find.setText("huong cccs")
    assert chooser.next_button.isEnabled()  # the one match is selected
    qtbot.mouseClick(chooser.next_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, DraftAgreementDialog)
    qtbot.waitUntil(lambda: dialog.context is not None)
    assert dialog.context.cert_code == "CCCS"
    # Completed about eleven months ago: the schedule counts from the completion day.
    assert dialog.schedule_note.text().startswith("Counted from the completion on")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    assert page.detail.detail.cert_code == "CCCS"
