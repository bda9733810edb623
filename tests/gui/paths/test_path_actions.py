"""Plan path, Move status, Record completion and Add cost from the detail pane."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from certdesk.gui.paths.completion_dialog import CompletionDialog
from certdesk.gui.paths.cost_dialog import CostDialog
from certdesk.gui.paths.move_status_dialog import MoveStatusDialog
from certdesk.gui.paths.plan_dialog import PlanPathDialog

from ..conftest import query


def select(qtbot, window, employee_no: str):
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee(employee_no)
    return detail


def select_path(detail, code: str) -> None:
    detail.paths_view.selectRow(detail.paths_model.find(lambda r: r["cert_code"] == code))


def save_and_wait_for_paths(qtbot, detail) -> None:
    with qtbot.waitSignal(detail.paths_loaded, timeout=5000):
        qtbot.mouseClick(detail.dialog.save_button, Qt.MouseButton.LeftButton)


def test_plan_a_path_with_a_target_date(qtbot, window, db_path):
    detail = select(qtbot, window, "H-9003")
    qtbot.mouseClick(detail.plan_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, PlanPathDialog)
    qtbot.waitUntil(lambda: dialog.certification.isEnabled())
    codes = [dialog.certification.itemData(i) for i in range(dialog.certification.count())]
    assert codes == ["CCCM", "CCCS", "QAMC", "SWMP"]
    dialog.certification.setCurrentIndex(codes.index("SWMP"))
    dialog.target.setDate(QDate(2027, 3, 31))
    save_and_wait_for_paths(qtbot, detail)
    assert [(r["cert_code"], r["status"], r["target_date"]) for r in detail.paths_model.rows()] == [
        ("SWMP", "planned", "2027-03-31")
    ]
    # The list row shows the new path too (the page refreshed once after the write).
    row = window.managers_page.model.rows()[
        window.managers_page.model.find(lambda r: r.employee_no == "H-9003")
    ]
    assert row.path_codes == "SWMP" and row.next_deadline == "2027-03-31"


def test_move_status_offers_only_the_next_statuses(qtbot, window, db_path):
    detail = select(qtbot, window, "H-9001")  # one path: CCCM planned, selected for you
    assert detail.selected_path()["cert_code"] == "CCCM"
    assert not detail.complete_button.isEnabled()  # planned: not yet
    qtbot.mouseClick(detail.move_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, MoveStatusDialog)
    offered = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert offered == ["approved", "withdrawn"]
    assert not dialog.field_visible("on")  # only enrolment asks for a date
    save_and_wait_for_paths(qtbot, detail)
    assert detail.selected_path()["status"] == "approved"

    qtbot.mouseClick(detail.move_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    offered = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert offered == ["enrolled", "withdrawn"]
    assert dialog.field_visible("on")
    dialog.on.setDate(QDate(2026, 1, 12))
    save_and_wait_for_paths(qtbot, detail)
    assert query(
        db_path, "SELECT status, enrolled_on FROM paths WHERE id = ?", detail.selected_path()["id"]
    ) == [("enrolled", "2026-01-12")]
    assert detail.complete_button.isEnabled()


def test_a_final_path_cannot_move(qtbot, window):
    detail = select(qtbot, window, "H-9002")
    select_path(detail, "CCCS")  # completed
    assert not detail.move_button.isEnabled()
    assert not detail.complete_button.isEnabled()
    assert detail.cost_button.isEnabled()


def test_record_completion_sets_the_credential_and_expiry(qtbot, window, db_path, tmp_path):
    detail = select(qtbot, window, "H-9002")
    select_path(detail, "QAMC")  # enrolled a year ago
    qtbot.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, CompletionDialog)
    day = dt.date.today() - dt.timedelta(days=1)
    dialog.on.setDate(QDate(day.year, day.month, day.day))
    dialog.credential_no.setText("QAMC-778899")
    # Neither the proof nor a reason: asked for beside the proof field, nothing written.
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("proof") != "")
    assert "attach the certificate" in dialog.error_for("proof")
    certificate = tmp_path / "QAMC certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4\n%%EOF\n")
    dialog.proof.edit.setText(str(certificate))
    save_and_wait_for_paths(qtbot, detail)
    assert query(
        db_path,
        "SELECT a.filename FROM completion_proofs p JOIN attachments a ON a.id = p.attachment_id",
    ) == [("QAMC certificate.pdf",)]
    path = detail.selected_path()
    assert (path["status"], path["completed_on"], path["credential_no"]) == (
        "completed",
        day.isoformat(),
        "QAMC-778899",
    )


def test_completion_before_enrolment_is_refused_beside_the_date(qtbot, window, db_path):
    detail = select(qtbot, window, "H-9002")
    select_path(detail, "QAMC")
    qtbot.mouseClick(detail.complete_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    dialog.on.setDate(QDate(2001, 1, 1))
    dialog.missing_reason.setPlainText("Certificate arrives by post")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("on") != "")
    assert dialog.error_for("on").startswith("cannot be before enrolment")
    assert query(
        db_path, "SELECT status FROM paths WHERE id = ?", detail.selected_path()["id"]
    ) == [("enrolled",)]


def test_add_cost_checks_the_amount_then_adds_it(qtbot, window, db_path):
    detail = select(qtbot, window, "H-9001")
    qtbot.mouseClick(detail.cost_button, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, CostDialog)
    dialog.amount.setText("12.345")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("amount") != "")
    assert "not an amount" in dialog.error_for("amount")
    dialog.amount.setText("1,250.50")
    dialog.description.setText("Tuition — spring cohort")
    save_and_wait_for_paths(qtbot, detail)
    assert query(
        db_path,
        "SELECT kind, amount_cents, paid_by, description FROM cost_lines WHERE path_id = ?",
        detail.selected_path()["id"],
    ) == [("tuition", 125050, "company", "Tuition — spring cohort")]
    assert detail.paths_model.index(0, 6).data() == "1,250.50"
