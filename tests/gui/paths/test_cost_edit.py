"""Cost lines corrected in the window: edited, deleted, refused once an agreement is issued."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.core.agreement_requests import parse_draft_request
from certdesk.gui.paths.cost_dialog import CostDialog

from ..conftest import query
from ..paths.test_path_tabs import save, tabs_of


def issue_for(qtbot, window, path_id: int) -> str:
    def issue(store):
        from certdesk.services.agreements import drafting, issuing

        number = drafting.draft_agreement(
            store, parse_draft_request(path_id, months=12, schedule="prorated")
        )
        issuing.issue_agreement(store, number.agreement.agreement_no, accept_warnings=True)
        return number.agreement.agreement_no

    with qtbot.waitSignal(window.ops.changed, timeout=10_000):
        window.ops.run_op(issue, lambda n: setattr(window, "_issued", n), writes=True)
    return window._issued


def test_a_cost_line_edited_then_refused_once_issued(qtbot, window, db_path):
    tabs = tabs_of(qtbot, window, "H-9002", "CCCS")
    assert not tabs.edit_cost_button.isEnabled()
    tabs.costs_view.selectRow(0)
    assert tabs.edit_cost_button.isEnabled() and tabs.delete_cost_button.isEnabled()
    qtbot.mouseClick(tabs.edit_cost_button, Qt.MouseButton.LeftButton)
    dialog = tabs.dialog
    assert isinstance(dialog, CostDialog) and dialog.windowTitle().startswith("Edit a cost of")
    assert dialog.amount.text() == "1,495.00"
    assert not dialog.has_unsaved_input()
    dialog.amount.setText("1,395.00")
    dialog.description.setText("CCCS course, early-bird price")
    save(qtbot, tabs)
    assert [(c.amount_cents, c.description) for c in tabs.costs_model.rows()] == [
        (139500, "CCCS course, early-bird price")
    ]

    number = issue_for(qtbot, window, tabs.path["id"])
    qtbot.waitUntil(lambda: tabs.detail is not None and tabs.costs_model.rowCount() == 1)
    tabs.costs_view.selectRow(0)
    tabs.open_edit_cost()
    dialog = tabs.dialog
    dialog.amount.setText("1.00")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("cost_id") != "")
    assert f"this cost is part of {number}" in dialog.error_for("cost_id")
    assert query(
        db_path, "SELECT amount_cents FROM cost_lines WHERE id = ?", tabs.costs_model.rows()[0].id
    ) == [(139500,)]
    dialog.reject()
    dialog.discard_box.buttons()[0].click()  # Discard

    tabs.ask_delete_cost()
    box = tabs.delete_box
    assert box.text() == "Delete the cost line 1,395.00 tuition (CCCS course, early-bird price)?"
    [delete] = [b for b in box.buttons() if b.text() == "Delete"]
    delete.click()
    qtbot.waitUntil(lambda: tabs.delete_box is not None, timeout=5000)
    assert f"this cost is part of {number}" in tabs.delete_box.text()
    assert len(query(db_path, "SELECT id FROM cost_lines WHERE path_id = ?", tabs.path["id"])) == 1


def test_a_cost_line_deleted(qtbot, window, db_path):
    tabs = tabs_of(qtbot, window, "H-9004", "SWMP")
    path_id = tabs.path["id"]
    tabs.costs_view.selectRow(0)
    tabs.ask_delete_cost()
    [delete] = [b for b in tabs.delete_box.buttons() if b.text() == "Delete"]
    with qtbot.waitSignal(tabs.loaded, timeout=5000):
        delete.click()
    assert tabs.costs_model.rowCount() == 0
    assert query(db_path, "SELECT count(*) FROM cost_lines WHERE path_id = ?", path_id) == [(0,)]
