"""The Credentials tab: every cycle of the manager's credentials, credits, renewal, proof."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from certdesk.gui.managers.renewal_dialogs import ActivityDialog, ProofDialog, RenewDialog

from ..conftest import query
from ..paths.test_path_actions import select, select_path

TODAY = dt.date.today()


def open_credentials(qtbot, window, employee_no: str, code: str):
    detail = select(qtbot, window, employee_no)
    tab = detail.path_tabs.credential_tab
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        select_path(detail, code)
    detail.path_tabs.tabs.setCurrentWidget(tab)
    return detail, tab


def save_and_reload(qtbot, tab) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        qtbot.mouseClick(tab.dialog.save_button, Qt.MouseButton.LeftButton)


def test_cycles_credits_and_renewal(qtbot, window, db_path):
    detail, tab = open_credentials(qtbot, window, "H-9002", "CCCS")
    rows = tab.cycles_model.rows()
    assert [(r.credential.cert_code, r.view.cycle.seq) for r in rows] == [("CCCS", 1)]
    # Completed 11 months and 20 days ago with 12 months' validity: renewal due.
    assert tab.cycles_model.index(0, 4).data().startswith("renewal due in")
    assert tab.cycles_model.index(0, 5).data() == "no credits required"
    # The proof was neither attached nor explained at completion: due.
    assert tab.proof_label.text().startswith("Proof of completion (CCCS): proof due")

    qtbot.mouseClick(tab.add_credits_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ActivityDialog)
    dialog.title_edit.setText("Coaching skills — 研修")
    dialog.credits.setText("1.5")
    dialog.unit.setCurrentIndex(1)  # CEU
    save_and_reload(qtbot, tab)
    assert [a.title for a in tab.activities_model.rows()] == ["Coaching skills — 研修"]
    assert tab.activities_model.index(0, 4).data() == "1.5 CEU"

    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, RenewDialog)
    assert dialog.fee_paid is None  # CCCS has no renewal rule, so no fee
    save_and_reload(qtbot, tab)
    assert [(r.view.cycle.seq, r.view.state.value) for r in tab.cycles_model.rows()] == [
        (2, "current"),
        (1, "renewed"),
    ]
    path_id = detail.selected_path()["id"]
    ends = query(db_path, "SELECT max(ends_on) FROM cycles WHERE path_id = ?", path_id)[0][0]
    assert query(db_path, "SELECT expires_on FROM paths WHERE id = ?", path_id) == [(ends,)]


def test_proof_reason_is_recorded(qtbot, window, db_path):
    _, tab = open_credentials(qtbot, window, "H-9002", "CCCS")
    qtbot.mouseClick(tab.proof_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ProofDialog)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("proof") != "")
    dialog.reason.setPlainText("Issuer posts certificates quarterly")
    save_and_reload(qtbot, tab)
    assert "reason: Issuer posts certificates quarterly" in tab.proof_label.text()
    assert query(db_path, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == [
        ("proof_missing",)
    ]


def test_a_path_not_completed_has_no_credential_actions(qtbot, window):
    _, tab = open_credentials(qtbot, window, "H-9002", "QAMC")
    assert not tab.add_credits_button.isEnabled()
    assert not tab.renew_button.isEnabled()
    # The manager's other credential is still listed.
    assert [r.credential.cert_code for r in tab.cycles_model.rows()] == ["CCCS"]
    assert tab.summary.text() == "QAMC is enrolled: cycles start at completion"


def test_audit_binder_from_the_managers_screen(qtbot, window, tmp_path):
    detail = select(qtbot, window, "H-9002")
    target = tmp_path / "binder.pdf"
    with qtbot.waitSignal(detail.binder_written, timeout=30000) as blocker:
        detail.write_binder(str(target), open_after=False)
    assert blocker.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    assert detail.binder_button.isEnabled()
