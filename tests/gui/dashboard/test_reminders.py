"""Renewal reminders on the dashboard and in the status bar."""

from __future__ import annotations

from certdesk.gui.dashboard.reminders_panel import status_links


def test_dashboard_lists_the_renewal_due(qtbot, window):
    page = window.page("dashboard")
    panel = page.reminders
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        window.show_page("dashboard")
    rows = panel.model.rows()
    assert [(r.employee_no, r.cert_code) for r in rows] == [("H-9002", "CCCS")]
    assert rows[0].what == "renewal due (30 days)"
    assert "within 30" in panel.note.text()
    with qtbot.waitSignal(page.manager_requested) as blocker:
        panel.view.doubleClicked.emit(panel.model.index(0, 0))
    assert blocker.args == ["H-9002"]


def test_status_bar_links(qtbot, window):
    qtbot.waitUntil(lambda: window.renewal_attention.text() != "", timeout=5000)
    assert "1 renewal due ≤ 30 days" in window.renewal_attention.text()
    # One line in the status bar: the renewal links end it, and open the dashboard.
    qtbot.waitUntil(lambda: "1 renewal due ≤ 30 days" in window.attention.text())
    window.attention.linkActivated.emit("reminders")
    assert window.pages.currentWidget() is window.page("dashboard")
    assert status_links({}) == ""
    assert status_links({"due_30": 2, "lapsed": 1, "proof_overdue": 3}).count("<a ") == 3
