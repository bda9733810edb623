"""The agreement pane after a departure: the plan with paid, late and left; Record payment…
with its live check; Hardship decision…; the deduction authorization on file and revoked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from certdesk.core.departure_requests import parse_departure_request

from ..agreement_setup import add_example_agreement, name_the_company
from ..agreements.test_agreements_page import select, shown_actions
from ..conftest import query


@pytest.fixture
def db_path(db_path: Path) -> Path:
    """The signed example (H-9100, New York, 3,600.00 over 24 months from 2026-03-15), left on
    2026-09-15: 6 of 24 months served, 3,600.00 × 18/24 = 2,700.00 owed in 12 instalments of
    225.00."""
    from certdesk.services.departures.recording import record_departure
    from certdesk.store import open_store

    add_example_agreement(db_path)
    name_the_company(db_path)
    store = open_store(db_path)
    try:
        record_departure(
            store, parse_departure_request("H-9100", on="2026-09-15", reason="resigned")
        )
    finally:
        store.close()
    return db_path


@pytest.fixture
def detail(qtbot, window):
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        window.show_page("agreements")
    page = window.agreements_page
    number = query_number(window)
    pane = select(qtbot, page, number)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.follow_up is not None)
    return pane


def query_number(window) -> str:
    return window.agreements_page.model.rows()[0].agreement_no


def test_the_plan_shows_every_instalment_and_the_rule(qtbot, detail, qtmodeltester):
    view = detail.plan_view
    qtmodeltester.check(view.model)
    assert not view.isHidden()
    assert view.model.rowCount() == 12
    assert [view.model.index(0, c).data() for c in range(2, 6)] == [
        "225.00",
        "0.00",
        "225.00",
        "to come",
    ]
    assert "oldest first" in view.rule.text()
    assert "hardship" in shown_actions(detail) and "new_statement" in shown_actions(detail)
    # New York's rule: the authorization row says none is on file; one can be recorded.
    assert "none on file" in detail.authorization_text.text()
    assert not detail.authorization_on_file.isHidden()


def test_record_payment_checks_live_and_pays_the_first_instalment(qtbot, detail, db_path):
    from certdesk.gui.agreements.actions import PaymentDialog

    qtbot.mouseClick(detail.buttons["payment"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, PaymentDialog)
    dialog.on.setDate(QDate(2026, 10, 1))
    dialog.amount.setText("2,700.01")
    assert "more than the balance 2,700.00 left" in dialog.error_for("amount")
    dialog.amount.setText("12,34.5")
    assert "is not an amount" in dialog.error_for("amount")
    dialog.amount.setText("225.00")
    assert dialog.error_for("amount") == ""
    dialog.method.setCurrentIndex(dialog.method.findData("payroll_deduction"))
    assert "authorization" in dialog.error_for("method")
    dialog.method.setCurrentIndex(dialog.method.findData("cheque"))
    assert dialog.error_for("method") == ""
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT amount_cents, method FROM repayment_payments") == [
        (22500, "cheque")
    ]
    qtbot.waitUntil(lambda: detail.plan_view.model.index(0, 5).data() == "paid")
    assert "cheque" in detail.plan_view.payments.text()


def test_hardship_in_part_makes_a_new_plan_and_statement(qtbot, detail, db_path):
    from certdesk.gui.agreements.repayment_dialogs import HardshipDialog

    qtbot.mouseClick(detail.buttons["hardship"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, HardshipDialog)
    assert not dialog.field_visible("new_amount")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("granted_part"))
    assert dialog.field_visible("new_amount")
    dialog.new_amount.setText("3,000.00")
    assert "not less than" in dialog.error_for("new_amount")
    dialog.new_amount.setText("1,000.00")
    dialog.instalments.setText("0")
    assert "from 1 to 120" in dialog.error_for("instalments")
    dialog.instalments.setText("4")
    dialog.decided_by.setText("Ana Ruiz, HR director")
    dialog.reason.setText("Family illness")
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.plan_view.model.rowCount() == 4)
    assert [detail.plan_view.model.index(r, 2).data() for r in range(4)] == ["250.00"] * 4
    assert query(db_path, "SELECT count(*) FROM documents WHERE kind = 'repayment_statement'") == [
        (2,)
    ]
    assert query(db_path, "SELECT outcome, new_owed_cents FROM hardship_decisions") == [
        ("granted_part", 100000)
    ]


def test_authorization_on_file_then_revoked(qtbot, detail, db_path):
    from certdesk.gui.agreements.repayment_dialogs import (
        AuthorizationOnFileDialog,
        RevokeAuthorizationDialog,
    )

    qtbot.mouseClick(detail.authorization_on_file, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, AuthorizationOnFileDialog)
    dialog.signed_on.setDate(QDate(2026, 1, 10))
    dialog.max_per_period.setText("-5")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("max_per_period") != "")
    dialog.max_per_period.setText("150.00")
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "signed 2026-01-10, at most 150.00" in detail.authorization_text.text()
    assert not detail.authorization_revoked.isHidden()
    qtbot.mouseClick(detail.authorization_revoked, Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, RevokeAuthorizationDialog)
    dialog.revoked_on.setDate(QDate(2026, 2, 1))
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "revoked in writing on 2026-02-01" in detail.authorization_text.text()
    assert query(db_path, "SELECT revoked_on FROM deduction_authorizations") == [("2026-02-01",)]
