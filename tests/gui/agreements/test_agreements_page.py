"""The Agreements page: register, find and filter, detail pane, and the actions by status."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from certdesk.core.departure_requests import parse_departure_request
from certdesk.gui.agreements.actions import SignDialog, VoidDialog

from ..agreement_setup import EXAMPLE_NAME, add_drafts, add_example_agreement, name_the_company
from ..conftest import count, query


@pytest.fixture
def db_path(db_path: Path) -> Path:
    """The window tests' database plus two drafts and the signed example agreement."""
    numbers = add_drafts(db_path)
    numbers["H-9100"] = add_example_agreement(db_path)
    name_the_company(db_path)  # the window refuses to issue under the placeholder name
    return db_path


@pytest.fixture
def numbers(db_path: Path) -> dict[str, str]:
    rows = query(
        db_path,
        "SELECT e.employee_no, a.agreement_no FROM agreements a JOIN paths p ON p.id = a.path_id"
        " JOIN employees e ON e.id = p.employee_id",
    )
    return dict(rows)


@pytest.fixture
def page(qtbot, window):
    """The Agreements page, opened and loaded."""
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        window.show_page("agreements")
    return window.agreements_page


def select(qtbot, page, agreement_no: str):
    """Select an agreement and wait for its details."""
    detail = page.detail
    if detail.agreement_no == agreement_no and detail.detail is not None:
        return detail
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        assert page.select_agreement(agreement_no)
    return detail


def shown_actions(detail) -> list[str]:
    return [key for key, button in detail.buttons.items() if not button.isHidden()]


def test_the_register_lists_every_agreement_and_counts_them(qtbot, window, page, qtmodeltester):
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 3
    assert page.shown.text() == "3 agreements"
    qtbot.waitUntil(lambda: window.navigation.count_of("agreements") == 3)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)]
    assert headers == [
        "No.",
        "Manager",
        "Certification",
        "Status",
        "Amount",
        "Months",
        "Schedule",
        "Issued",
        "Signed",
        "Owed",
    ]


def test_find_ignores_accents_and_the_status_filter_narrows(qtbot, page, numbers):
    page.find.setText("lukasz")
    assert [r.full_name for r in page.model.rows()] == ["Łukasz Żółć-Nguyễn"]
    qtbot.waitUntil(lambda: page.detail.agreement_no == numbers["H-9001"])  # one match: selected
    page.find.setText("")
    page.status.setCurrentIndex(page.status.findData("draft"))
    assert sorted(r.employee_no for r in page.model.rows()) == ["H-9001", "H-9003"]
    page.status.setCurrentIndex(page.status.findData("in_commitment"))
    assert [r.full_name for r in page.model.rows()] == [EXAMPLE_NAME]
    assert page.shown.text() == "1 of 3 agreements shown"


def test_the_detail_pane_speaks_plain_words_and_shows_the_schedule(qtbot, page, numbers):
    detail = select(qtbot, page, numbers["H-9100"])
    assert detail.heading.text() == f"{numbers['H-9100']} · {EXAMPLE_NAME}"
    assert "In commitment" in detail.status.text()
    terms = {
        detail.terms.itemAt(r, detail.terms.ItemRole.LabelRole)
        .widget()
        .text(): detail.terms.itemAt(r, detail.terms.ItemRole.FieldRole).widget().text()
        for r in range(detail.terms.rowCount())
    }
    assert terms["Repayable amount:"] == "3,600.00"
    assert terms["Commitment:"] == "24 months from completion — started 2026-03-15"
    assert terms["Schedule:"] == "Prorated — reduced month by month"
    assert terms["Nothing owed if leaving for:"] == (
        "Dismissed for another reason (performance, restructuring…), layoff or reduction in "
        "force, death, disability"
    )
    lines = detail.schedule.lines()
    # As the form printed it: first what leaving before the completion costs.
    assert lines[0] == "leaving before the certification is completed: 100 %, 3,600.00"
    assert lines[1] == "leaving from 2026-03-15 to 2026-04-14: 100 %, 3,600.00"
    assert lines[12] == "leaving from 2027-02-15 to 2027-03-14: 54.17 %, 1,950.00"
    assert lines[-1] == "leaving from 2028-03-15 on: 0 %, 0.00"
    assert shown_actions(detail) == [
        "save_form",
        "authorization",
        "notice",
        "attach",
        "leave",
        "void",
    ]


def test_issue_with_warnings_needs_confirmation(qtbot, page, numbers, db_path):
    number = numbers["H-9003"]  # California, 'full' schedule
    detail = select(qtbot, page, number)
    assert shown_actions(detail) == ["issue", "void"]
    assert "California AB 692" in detail.warnings.text()

    qtbot.mouseClick(detail.buttons["issue"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.issue_flow.confirmation is not None)
    confirm = detail.issue_flow.confirmation
    assert confirm.issue_button.text() == "Issue anyway"
    assert "California AB 692" in confirm.warning_text.text()
    with qtbot.waitSignal(detail.issue_finished) as declined:
        qtbot.mouseClick(confirm.cancel_button, Qt.MouseButton.LeftButton)
    assert declined.args == [None]
    assert query(db_path, "SELECT status FROM agreements WHERE agreement_no = ?", number) == [
        ("draft",)
    ]

    qtbot.mouseClick(detail.buttons["issue"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.issue_flow.confirmation is not None)
    flow = detail.issue_flow
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # issued, then the register reloads
        qtbot.mouseClick(flow.confirmation.issue_button, Qt.MouseButton.LeftButton)
        assert flow.busy is not None and flow.busy.isVisible()  # issuing runs on the worker
    assert flow.result_dialog is not None and flow.result_dialog.isVisible()
    assert query(db_path, "SELECT status FROM agreements WHERE agreement_no = ?", number) == [
        ("issued",)
    ]
    assert query(
        db_path,
        "SELECT d.kind FROM documents d JOIN agreements a ON a.id = d.agreement_id"
        " WHERE a.agreement_no = ?",
        number,
    ) == [("acknowledgment",)]
    qtbot.waitUntil(
        lambda: shown_actions(detail) == ["save_form", "authorization", "sign", "attach", "void"]
    )


def test_the_issued_form_is_saved_byte_for_byte(
    qtbot, page, numbers, db_path, tmp_path, monkeypatch
):
    target = tmp_path / "out" / "form.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    detail = select(qtbot, page, numbers["H-9100"])
    with qtbot.waitSignal(page.status_message) as saved:
        qtbot.mouseClick(detail.buttons["save_form"], Qt.MouseButton.LeftButton)
    assert saved.args == [f"Saved form.pdf in {target.parent}"]
    stored = query(
        db_path,
        "SELECT d.content FROM documents d JOIN agreements a ON a.id = d.agreement_id"
        " WHERE a.agreement_no = ? AND d.kind = 'acknowledgment'",
        numbers["H-9100"],
    )
    assert target.read_bytes() == stored[0][0]


def test_sign_records_the_date(qtbot, page, numbers, db_path):
    number = numbers["H-9001"]
    from certdesk.services.agreements.issuing import issue_agreement

    page.detail.show_agreement(None)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page._ops.run_op(
            lambda store: issue_agreement(store, number, accept_warnings=True), writes=True
        )
    detail = select(qtbot, page, number)
    qtbot.waitUntil(lambda: "sign" in shown_actions(detail))
    qtbot.mouseClick(detail.buttons["sign"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, SignDialog)
    dialog.on.setDate(QDate(2001, 1, 1))  # before it was issued
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("on") != "")
    assert "before the agreement was issued" in dialog.error_for("on")
    dialog.on.setDate(QDate.currentDate())
    # The rules run again for the signing day: a warning must be confirmed before signing.
    qtbot.waitUntil(lambda: dialog.field_visible("warnings"))
    assert "Work state" in dialog.accept_warnings.text()  # H-9001 works abroad (PL)
    # Issued today: signing today is before the review period ends, and the dialog says so.
    assert "Review period" in dialog.accept_warnings.text()
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("warnings") != "")
    assert "confirm to sign anyway" in dialog.error_for("warnings")
    dialog.accept_warnings.setChecked(True)
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT status FROM agreements WHERE agreement_no = ?", number) == [
        ("signed",)
    ]
    assert "Signed" in detail.status.text()
    assert shown_actions(detail) == ["save_form", "authorization", "attach", "leave", "void"]


def test_void_needs_a_reason(qtbot, page, numbers, db_path):
    number = numbers["H-9001"]
    detail = select(qtbot, page, number)
    qtbot.mouseClick(detail.buttons["void"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, VoidDialog)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("reason") != "")
    assert dialog.error_for("reason") == "is required and cannot be empty"
    assert dialog.isVisible()
    dialog.reason.setText("Drafted with the wrong amount — redo")
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(
        db_path, "SELECT status, void_reason FROM agreements WHERE agreement_no = ?", number
    ) == [("voided", "Drafted with the wrong amount — redo")]
    assert shown_actions(detail) == []  # a voided draft has no form to save


def test_attach_refuses_a_text_file_and_keeps_a_pdf(
    qtbot, page, numbers, db_path, tmp_path, monkeypatch
):
    number = numbers["H-9100"]
    detail = select(qtbot, page, number)
    before = count(db_path, "documents")
    notes = tmp_path / "notes.txt"
    notes.write_text("signed, honest", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(notes), ""))
    qtbot.mouseClick(detail.buttons["attach"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.last_problem is not None)
    assert detail.last_problem.text() == "notes.txt is not a PDF, PNG or JPEG file"
    assert count(db_path, "documents") == before
    scan = tmp_path / "signed scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned signature page")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(detail.buttons["attach"], Qt.MouseButton.LeftButton)
    assert [d.kind for d in detail.detail.documents] == [
        "acknowledgment",
        "commitment_notice",
        "signed_copy",
    ]
    assert len(detail.documents.buttons) == 3


def test_payments_bring_the_balance_down_and_a_waiver_needs_a_reason(qtbot, page, numbers, db_path):
    from certdesk.gui.agreements.actions import PaymentDialog, WaiveDialog
    from certdesk.services.departures.recording import record_departure

    number = numbers["H-9100"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page._ops.run_op(
            lambda store: record_departure(
                store, parse_departure_request("H-9100", on="2027-03-14", reason="resigned")
            ),
            writes=True,
        )
    detail = select(qtbot, page, number)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.repayment is not None)
    assert shown_actions(detail) == [
        "save_form",
        "notice",
        "attach",
        "payment",
        "hardship",
        "waive",
        "new_statement",
        "save_statement",
    ]
    assert "◀ left here" in " ".join(detail.schedule.lines())

    qtbot.mouseClick(detail.buttons["payment"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, PaymentDialog)
    assert dialog.amount.text() == "1,950.00"  # the balance, prefilled
    dialog.amount.setText("500.00")
    dialog.on.setDate(QDate(2027, 3, 31))
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert detail.detail.balance_cents == 145000
    row = page.model.rows()[page.model.find(lambda r: r.agreement_no == number)]
    assert page.model.index(page.model.find(lambda r: r is row), 9).data() == "1,450.00"

    qtbot.mouseClick(detail.buttons["waive"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, WaiveDialog)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("note") != "")
    dialog.note.setText("Approved by the HR director")
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT status FROM agreements WHERE agreement_no = ?", number) == [
        ("waived",)
    ]
    assert shown_actions(detail) == ["save_form", "notice", "attach", "save_statement"]


def test_a_write_reloads_the_register_once_and_the_count_follows(qtbot, window, page, db_path):
    from certdesk.services.agreements.lifecycle import void_agreement

    loads: list[int] = []
    page.loaded.connect(lambda: loads.append(page.model.rowCount()))
    number = page.model.rows()[0].agreement_no
    with qtbot.waitSignal(window.summary_updated, timeout=5000):
        window.ops.run_op(lambda store: void_agreement(store, number, "test"), writes=True)
    assert loads == [3]
    assert window.navigation.count_of("agreements") == 3


def test_the_manager_link_opens_the_manager(qtbot, window, page, numbers):
    detail = select(qtbot, page, numbers["H-9100"])
    detail.manager_link.linkActivated.emit("H-9100")
    assert window.pages.currentWidget() is window.managers_page
    assert window.managers_page.detail.manager.employee_no == "H-9100"


OPEN_SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from certdesk.gui.app import create_window

app = QApplication([])
window = create_window(Path(sys.argv[1]))
seen = {}

def open_page():
    page = window.agreements_page
    page.loaded.connect(select)
    window.show_page("agreements")

def select():
    page = window.agreements_page
    page.loaded.disconnect(select)
    page.detail.loaded.connect(done)
    page.select_agreement(sys.argv[2])

def done():
    seen["detail"] = window.agreements_page.detail.detail.agreement.agreement_no
    seen["reportlab"] = "reportlab" in sys.modules
    app.quit()

window.managers_page.loaded.connect(open_page)
window.show()
app.exec()
window.close()
print(json.dumps(seen))
"""


def test_opening_the_page_and_an_agreement_does_not_import_reportlab(db_path, numbers):
    """Only issuing, a departure or saving renders (on the worker); looking never does."""
    import json
    import os
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", OPEN_SCRIPT, str(db_path), numbers["H-9100"]],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"detail": numbers["H-9100"], "reportlab": False}


def test_the_deduction_authorization_opens_in_the_preview(qtbot, page, numbers, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    detail = select(qtbot, page, numbers["H-9100"])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("150.00", True))
    qtbot.mouseClick(detail.buttons["authorization"], Qt.MouseButton.LeftButton)
    from certdesk.gui.widgets.document_preview import DocumentPreview

    qtbot.waitUntil(lambda: bool(detail.findChildren(DocumentPreview)))
    (shown,) = detail.findChildren(DocumentPreview)
    assert "Payroll deduction authorization" in shown.windowTitle()
    shown.close()


def test_the_commitment_start_notice_opens_in_the_preview(qtbot, page, numbers):
    detail = select(qtbot, page, numbers["H-9100"])  # completed on 2026-03-15: started
    assert "notice" in shown_actions(detail)
    qtbot.mouseClick(detail.buttons["notice"], Qt.MouseButton.LeftButton)
    from certdesk.gui.widgets.document_preview import DocumentPreview

    qtbot.waitUntil(lambda: bool(detail.findChildren(DocumentPreview)))
    (shown,) = detail.findChildren(DocumentPreview)
    assert "Commitment-start notice" in shown.windowTitle()
    shown.close()


def test_a_draft_has_no_notice_and_a_signed_agreement_not_started_neither(qtbot, page, numbers):
    detail = select(qtbot, page, numbers["H-9001"])
    assert "notice" not in shown_actions(detail)
    assert "leave" not in shown_actions(detail)  # a draft


def test_record_leave_names_the_field_then_moves_the_schedule(qtbot, page, numbers, db_path):
    from certdesk.gui.agreements.actions import LeaveDialog

    number = numbers["H-9100"]
    detail = select(qtbot, page, number)
    qtbot.mouseClick(detail.buttons["leave"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, LeaveDialog)
    dialog.first_day.setDate(QDate(2026, 6, 1))
    dialog.last_day.setDate(QDate(2026, 5, 1))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("to") != "")
    assert "before it starts on 2026-06-01" in dialog.error_for("to")
    assert query(db_path, "SELECT count(*) FROM leaves") == [(0,)]
    dialog.last_day.setDate(QDate(2026, 8, 31))
    dialog.note.setText("Congé parental — approuvé")
    with qtbot.waitSignal(detail.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT first_day, last_day, paid, note FROM leaves") == [
        ("2026-06-01", "2026-08-31", 0, "Congé parental — approuvé")
    ]
    assert query(db_path, "SELECT count(*) FROM documents WHERE kind = 'commitment_notice'") == [
        (2,)
    ]
    assert "unpaid leave from 2026-06-01 to 2026-08-31 (3 months)" in (
        detail.schedule_note.text().lower()
    )
