"""The Policies page: versions, the text, Edit… only while no issued agreement uses a version."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.gui.policies.page import POLICY_COLUMNS
from certdesk.gui.policies.policy_dialog import PolicyDialog
from certdesk.gui.widgets.table_model import RowTableModel

from ..conftest import query


def run(qtbot, window, fn) -> None:
    """A write through the window's own worker (it holds the database)."""
    with qtbot.waitSignal(window.ops.changed, timeout=10000):
        window.ops.run_op(fn, writes=True)


@pytest.fixture
def issued(qtbot, window, db_path):
    """Version 1 printed on an issued agreement (H-9002's QAMC path); version 2 not used."""
    from certdesk.services import policies
    from certdesk.services.agreements import drafting, issuing

    [(path_id,)] = query(
        db_path,
        "SELECT p.id FROM paths p JOIN certifications c ON c.id = p.certification_id"
        " WHERE c.code = 'QAMC'",
    )

    def issue(store):
        draft = drafting.draft_agreement(
            store, parse_draft_request(path_id, months=24, schedule="prorated")
        )
        issuing.issue_agreement(store, draft.agreement.agreement_no, accept_warnings=True)
        policies.new_policy_version(
            store,
            title="Tuition Assistance (draft 2)",
            body="Shorter text.",
            effective_on="2027-01-01",
        )

    run(qtbot, window, issue)
    return window


def open_policies(qtbot, window):
    page = window.page("policies")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("policies")
    return page


def test_versions_newest_first_with_their_use(qtbot, issued, qtmodeltester):
    page = open_policies(qtbot, issued)
    rows = page.model.rows()
    assert [(r.version, r.in_use) for r in rows] == [(2, False), (1, True)]
    assert page.model.index(1, 3).data() == "yes — 1 agreement"
    assert page.model.index(0, 3).data() == "no"
    assert page.shown.text() == "2 versions, 1 frozen by issued agreements"
    # The newest is selected and shown, and can still be edited.
    assert page.text.toPlainText() == "Shorter text."
    assert page.text.isReadOnly()
    assert page.edit_button.isEnabled()
    page.view.selectRow(1)
    assert page.text_title.text().startswith("Version 1: Tuition Assistance")
    assert "Frozen: printed on 1 agreement already issued" in page.text_state.text()
    assert not page.edit_button.isEnabled()
    assert "can never change" in page.edit_button.toolTip()
    assert "New version" in page.edit_button.toolTip()
    qtmodeltester.check(page.model)


def test_editing_a_version_in_use_is_refused_then_saved_as_a_new_version(qtbot, issued, db_path):
    page = open_policies(qtbot, issued)
    page.view.selectRow(1)
    v1 = page.selected()
    # The page would not offer Edit… here; the dialog may still meet a version frozen
    # meanwhile (an agreement issued while it was open).
    dialog = PolicyDialog(
        issued.ops,
        page,
        title=v1.title,
        body=v1.body,
        effective_on=v1.effective_on,
        edit_version=1,
    )
    page._open(dialog)
    dialog.body.setPlainText(v1.body + "\n\nClass hours are paid at the usual rate.")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.as_new_button.isVisible())
    assert dialog.error_for("general").startswith("Version 1 is part of an issued agreement")
    assert not dialog.save_button.isEnabled()
    assert query(db_path, "SELECT count(*) FROM policies") == [(2,)]
    assert (
        "Class hours are paid"
        not in query(db_path, "SELECT body FROM policies WHERE version = 1")[0][0]
    )

    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.as_new_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None
    [(title, body)] = query(db_path, "SELECT title, body FROM policies WHERE version = 3")
    assert title == v1.title
    assert body.endswith("Class hours are paid at the usual rate.")
    assert page.selected().version == 3  # the new version is selected


def test_new_version_starts_from_the_selected_text(qtbot, issued, db_path):
    page = open_policies(qtbot, issued)
    page.view.selectRow(1)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.windowTitle() == "New policy version 3"
    assert dialog.body.toPlainText() == page.selected().body
    dialog.title.setText("")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("title") != "")
    dialog.title.setText("Tuition Assistance — 2027")
    dialog.effective_on.setDate(QDate(2027, 1, 1))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT version, title, effective_on FROM policies ORDER BY version")[
        -1
    ] == (3, "Tuition Assistance — 2027", "2027-01-01")


def test_a_version_not_in_use_can_be_edited(qtbot, issued, db_path):
    page = open_policies(qtbot, issued)
    assert page.selected().version == 2
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.edit_version == 2
    assert not dialog.as_new_button.isVisible()  # offered only once an edit is refused
    assert dialog.effective_on.date() == QDate(2027, 1, 1)
    dialog.body.setPlainText("")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("body") != "")
    assert dialog.error_for("body") == "the policy text cannot be empty"
    dialog.body.setPlainText("Shorter text, reviewed by counsel.")
    # The review period before signing is one of the version's rules (default 5 days).
    assert dialog.review_days.value() == 5
    dialog.review_days.setValue(10)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT body, review_days FROM policies WHERE version = 2") == [
        ("Shorter text, reviewed by counsel.", 10)
    ]
    assert page.text.toPlainText() == "Shorter text, reviewed by counsel."


def test_the_policy_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(RowTableModel(POLICY_COLUMNS))
