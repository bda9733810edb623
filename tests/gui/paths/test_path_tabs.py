"""Costs, class sessions and application plan tabs under the selected manager's paths."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from certdesk.gui.paths.item_dialogs import PlanDoneDialog, PlanItemDialog, SessionDialog
from certdesk.gui.paths.tabs import COST_COLUMNS, PLAN_COLUMNS, SESSION_COLUMNS, PathTabs
from certdesk.gui.widgets.table_model import RowTableModel

from ..conftest import query

TODAY = dt.date.today()


def tabs_of(qtbot, window, employee_no: str, code: str) -> PathTabs:
    """Select a manager and one of their paths; wait for the tabs to show it."""
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee(employee_no)
    tabs = detail.path_tabs
    row = detail.paths_model.find(lambda r: r["cert_code"] == code)
    if detail.selected_path() is None or detail.selected_path()["cert_code"] != code:
        with qtbot.waitSignal(tabs.loaded):
            detail.paths_view.selectRow(row)
    else:
        qtbot.waitUntil(lambda: tabs.detail is not None and tabs.detail.cert_code == code)
    return tabs


def save(qtbot, tabs: PathTabs) -> None:
    """Click the dialog's save button; wait until the tabs reloaded after the change."""
    with qtbot.waitSignal(tabs.loaded, timeout=5000):
        qtbot.mouseClick(tabs.dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_tabs_follow_the_selected_path(qtbot, window):
    tabs = tabs_of(qtbot, window, "H-9002", "CCCS")
    assert tabs.stack.currentWidget() is tabs.tabs
    assert [(c.kind, c.amount_cents) for c in tabs.costs_model.rows()] == [("tuition", 149500)]
    assert tabs.costs_model.index(0, 0).data() == "Tuition"
    assert tabs.costs_model.index(0, 2).data() == "1,495.00"
    assert tabs.costs_model.index(0, 5).data() == "yes"
    assert tabs.tabs.tabText(0) == "Costs (1)"
    assert tabs.costs_summary.text() == (
        "Company paid 1,495.00, repayable 1,495.00; manager paid 0.00"
    )
    assert tabs.sessions_summary.text() == "No class sessions recorded yet"
    assert tabs.tabs.tabText(2) == "Application plan (0)"

    # Another manager with no path selected: the hint instead of the tabs.
    detail = window.managers_page.detail
    with qtbot.waitSignal(detail.paths_loaded):
        window.managers_page.select_employee("H-9003")
    assert tabs.path is None
    assert tabs.stack.currentWidget() is tabs.placeholder


def test_add_a_class_session(qtbot, window, db_path):
    tabs = tabs_of(qtbot, window, "H-9001", "CCCM")
    tabs.tabs.setCurrentIndex(1)
    qtbot.mouseClick(tabs.add_session_button, Qt.MouseButton.LeftButton)
    dialog = tabs.dialog
    assert isinstance(dialog, SessionDialog)
    dialog.hours.setText("30")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("hours") != "")
    assert dialog.error_for("hours") == "must be more than 0 and at most 24"
    assert dialog.isVisible()
    dialog.on.setDate(QDate(2026, 3, 4))
    dialog.hours.setText("7,5")  # a decimal comma is read as a point
    dialog.note.setText("Module 1 — forecasting")
    save(qtbot, tabs)
    path_id = tabs.path["id"]
    assert query(
        db_path,
        "SELECT session_date, hours_away, note FROM class_sessions WHERE path_id = ?",
        path_id,
    ) == [("2026-03-04", 7.5, "Module 1 — forecasting")]
    assert [(s.session_date.isoformat(), s.hours_away) for s in tabs.sessions_model.rows()] == [
        ("2026-03-04", 7.5)
    ]
    assert tabs.sessions_summary.text() == "1 session, 7.5 hours away from the floor"
    assert tabs.tabs.tabText(1) == "Class sessions (1)"


def test_add_a_plan_item_and_mark_it_done(qtbot, window, db_path):
    tabs = tabs_of(qtbot, window, "H-9002", "CCCS")
    qtbot.mouseClick(tabs.add_plan_button, Qt.MouseButton.LeftButton)
    dialog = tabs.dialog
    assert isinstance(dialog, PlanItemDialog)
    dialog.submit()  # no commitment typed
    qtbot.waitUntil(lambda: dialog.error_for("commitment") != "")
    dialog.commitment.setText("Coach the night shift leads — weekly")
    past = TODAY - dt.timedelta(days=5)
    dialog.due.setDate(QDate(past.year, past.month, past.day))
    save(qtbot, tabs)
    [item] = tabs.plan_model.rows()
    assert (item.commitment, item.due_date, item.done_on) == (
        "Coach the night shift leads — weekly",
        past,
        None,
    )
    assert tabs.plan_model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"
    assert tabs.plan_summary.text() == "0 of 1 done; 1 past due (in red)"
    assert tabs.selected_plan_item().id == item.id  # the first one still to do
    assert tabs.done_button.isEnabled()
    qtbot.mouseClick(tabs.done_button, Qt.MouseButton.LeftButton)
    done = tabs.dialog
    assert isinstance(done, PlanDoneDialog)
    done.outcome.setPlainText("Two leads now run their own calibration")
    save(qtbot, tabs)
    assert query(db_path, "SELECT done_on, outcome FROM plan_items WHERE id = ?", item.id) == [
        (TODAY.isoformat(), "Two leads now run their own calibration")
    ]
    assert tabs.plan_summary.text() == "1 of 1 done"
    assert tabs.tabs.tabText(2) == "Application plan (1/1 done)"
    assert tabs.selected_plan_item().id == item.id  # still selected after the reload
    assert not tabs.done_button.isEnabled()


def test_a_plan_item_without_a_due_date(qtbot, window, db_path):
    tabs = tabs_of(qtbot, window, "H-9001", "CCCM")
    qtbot.mouseClick(tabs.add_plan_button, Qt.MouseButton.LeftButton)
    tabs.dialog.commitment.setText("Share the new schedule template")
    tabs.dialog.no_due.setChecked(True)
    assert not tabs.dialog.due.isEnabled()
    save(qtbot, tabs)
    assert query(db_path, "SELECT due_date FROM plan_items") == [(None,)]


def test_the_tab_models(qtmodeltester, qtbot, window):
    tabs = tabs_of(qtbot, window, "H-9002", "CCCS")
    qtmodeltester.check(tabs.costs_model)
    for columns in (SESSION_COLUMNS, PLAN_COLUMNS, COST_COLUMNS):
        qtmodeltester.check(RowTableModel(columns))


def test_a_cost_not_yet_paid_then_paid(qtbot, window, db_path):
    from certdesk.gui.paths.cost_dialog import CostPaidDialog
    from certdesk.services.paths import lifecycle as paths

    tabs = tabs_of(qtbot, window, "H-9002", "CCCS")
    path_id = tabs.path["id"]
    with qtbot.waitSignal(tabs.loaded, timeout=5000):
        window.ops.run_op(
            lambda store: paths.add_cost(
                store, path_id, kind="exam", amount="350.00", not_yet_paid=True
            ),
            writes=True,
        )
    row = tabs.costs_model.find(lambda c: c.kind == "exam")
    assert tabs.costs_model.index(row, 4).data() == "not yet paid"
    assert tabs.costs_summary.text() == (
        "Company paid 1,495.00 + 350.00 not yet paid, repayable 1,845.00; manager paid 0.00"
    )
    assert not tabs.paid_button.isEnabled()
    tabs.costs_view.selectRow(row)
    assert tabs.paid_button.isEnabled()
    qtbot.mouseClick(tabs.paid_button, Qt.MouseButton.LeftButton)
    dialog = tabs.dialog
    assert isinstance(dialog, CostPaidDialog)
    assert dialog.not_yet_paid.isChecked() and not dialog.paid_on.isEnabled()
    dialog.not_yet_paid.setChecked(False)
    dialog.paid_on.setDate(QDate(2026, 3, 2))
    save(qtbot, tabs)
    assert query(db_path, "SELECT paid_on, not_yet_paid FROM cost_lines WHERE kind = 'exam'") == [
        ("2026-03-02", 0)
    ]
    assert tabs.costs_summary.text().startswith("Company paid 1,845.00, repayable")


def test_plan_items_of_a_withdrawn_path_read_not_applicable(qtbot, window):
    from certdesk.services.paths import lifecycle as paths

    tabs = tabs_of(qtbot, window, "H-9002", "QAMC")  # enrolled
    path_id = tabs.path["id"]
    with qtbot.waitSignal(tabs.loaded, timeout=5000):
        window.ops.run_op(
            lambda store: (
                paths.add_plan_item(store, path_id, commitment="Coach the leads"),
                paths.move_path(store, path_id, "withdrawn"),
            ),
            writes=True,
        )
    [item] = tabs.plan_model.rows()
    assert tabs.plan_model.index(0, 2).data() == "not applicable"
    assert tabs.plan_summary.text() == (
        f"1 not applicable since {TODAY.isoformat()}: the path was withdrawn"
    )
    assert tabs.tabs.tabText(2) == "Application plan (not applicable)"
    assert not tabs.add_plan_button.isEnabled()
    tabs.plan_view.selectRow(0)
    assert tabs.selected_plan_item().id == item.id
    assert not tabs.done_button.isEnabled()
