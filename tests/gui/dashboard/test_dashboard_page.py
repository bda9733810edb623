"""The Dashboard page on the test database (tests/gui/conftest.py): figures and sentences."""

from __future__ import annotations

import datetime as dt

from certdesk.core.figures import RepaymentSplit
from certdesk.gui.dashboard.page import OVER_127_COLUMNS, ROI_COLUMNS, cards
from certdesk.gui.widgets.table_model import RowTableModel
from certdesk.services.dashboard.figures import (
    CertificationFigures,
    Dashboard,
    OverLimit,
    YearSpend,
)

from ..conftest import query

YEAR = dt.date.today().year


def open_dashboard(qtbot, window):
    page = window.page("dashboard")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("dashboard")
    return page


def test_it_loads_only_when_opened(qtbot, window):
    page = window.page("dashboard")
    assert not page.is_loaded
    assert window.navigation.item(0).text() == "Dashboard"
    assert window.pages.currentWidget() is window.managers_page  # still the start page
    open_dashboard(qtbot, window)
    assert page.is_loaded


def test_figures_and_sentences(qtbot, window, qtmodeltester):
    page = open_dashboard(qtbot, window)
    d = page.dashboard
    assert (d.managers_active, d.managers_departed) == (5, 1)
    assert d.paths_by_status == {"planned": 1, "approved": 1, "enrolled": 1, "completed": 1}
    assert (d.expiring_soon, d.expiring_later) == (1, 1)
    assert d.spend_this_year.education_cents == d.spend_this_year.total_cents == 3 * 149500
    assert page.card_sentence("managers") == ("5 managers are active; 1 has left the company.")
    assert page.card_sentence("expiring") == (
        "1 credential expires within 30 days; 1 within 90 days (the expiring report)."
    )
    assert page.card_sentence("signature") == "Every issued agreement is signed."
    assert page.card_sentence("repayments") == "No departed manager owes a repayment."
    assert page.card_sentence("spend") == (
        f"Education $4,485.00 + class wages $0.00 + travel $0.00. In {YEAR - 1}: $0.00."
    )
    assert page.card_views["spend"].figure.text() == "$4,485.00"
    assert page.card_tooltip("spend").startswith("Company-paid cost lines with a paid-on date")
    assert f"{YEAR}: education $4,485.00 + class wages $0.00 + travel $0.00 = $4,485.00." in (
        page.card_tooltip("spend")
    )
    assert page.card_sentence("section127") == (
        "No manager has received more than $5,250.00 of education this year."
    )
    assert page.card_sentence("plans") == "No certified manager has an application plan yet."
    assert page.card_views["paths"].figure.text() == "3"
    assert not page.over_view.isVisibleTo(page)
    rows = {r.code: r for r in page.roi_model.rows()}
    assert (rows["CCCS"].certified, rows["CCCS"].finished_spend_cents) == (1, 149500)
    cccs = page.roi_model.find(lambda r: r.code == "CCCS")
    assert page.roi_model.index(cccs, 5).data() == "1,495.00"  # per certified manager
    assert page.roi_model.index(0, 5).data() == "—"  # CCCM: nobody certified yet
    qtmodeltester.check(page.roi_model)


def test_show_them_lists_the_expiring_credentials(qtbot, window):
    page = open_dashboard(qtbot, window)
    assert 'href="@expiring"' in page.card_views["expiring"].sentence.text()
    with qtbot.waitSignal(window.paths_page.loaded, timeout=5000):
        page.card_views["expiring"].sentence.linkActivated.emit("@expiring")
    assert window.pages.currentWidget() is window.paths_page
    assert [r.cert_code for r in window.paths_page.model.rows()] == ["CCCS"]


def test_a_change_refreshes_the_shown_dashboard(qtbot, window, db_path):
    from certdesk.services.paths import lifecycle as paths

    page = open_dashboard(qtbot, window)
    [(path_id,)] = query(
        db_path,
        "SELECT p.id FROM paths p JOIN certifications c ON c.id = p.certification_id"
        " WHERE c.code = 'QAMC'",
    )
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.ops.run_op(
            lambda store: paths.add_cost(
                store,
                path_id,
                kind="tuition",
                amount="3,000.00",
                paid_on=dt.date.today().isoformat(),
            ),
            writes=True,
        )
    [over] = page.dashboard.over_127
    assert (over.employee_no, over.company_paid_cents, over.over_cents) == ("H-9002", 599000, 74000)
    assert page.card_sentence("section127").startswith(
        "1 manager has received more than $5,250.00 of education this year"
    )
    assert page.over_view.isVisibleTo(page)
    assert page.over_model.index(0, 3).data() == "740.00"


def test_a_hidden_dashboard_waits_until_opened(qtbot, window):
    page = open_dashboard(qtbot, window)
    window.show_page("managers")
    loads: list[int] = []
    page.loaded.connect(lambda: loads.append(1))
    with qtbot.waitSignal(window.summary_updated, timeout=5000):
        window.ops.run_op(lambda store: None, writes=True)
    assert loads == []  # marked stale only
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("dashboard")


def test_card_words_for_many_and_for_money():
    d = Dashboard(
        today=dt.date(2026, 5, 1),
        currency_symbol="€",
        managers_active=1,
        managers_departed=2,
        paths_by_status={"enrolled": 2, "expired": 1},
        expiring_soon=0,
        expiring_later=3,
        agreements_awaiting_signature=2,
        agreements_draft=1,
        repayments=RepaymentSplit(360000, 100000, 50000, 210000),
        spend_this_year=YearSpend(2026, 1000000, 200000, 34567),
        spend_last_year=YearSpend(2025),
        committed_unpaid_cents=149500,
        committed_unpaid_lines=1,
        undated_paid_lines=2,
        section_127_limit_cents=525000,
        over_127=[OverLimit("H-1", "Ana", 600000, 75000), OverLimit("H-2", "Bo", 530000, 5000)],
        certifications=[
            CertificationFigures(
                "CCCM", "Certified Call Center Manager", True, 2, 1, 500000, 0, 4, 1, 2, 30.5
            ),
        ],
        plan_items_in_progress=3,
        plan_items_not_applicable=2,
    )
    said = {c.key: c for c in cards(d)}
    assert said["managers"].sentence == "1 manager is active; 2 have left the company."
    assert said["expiring"].sentence == (
        "0 credentials expire within 30 days; 3 within 90 days (the expiring report)."
    )
    assert said["expiring"].tooltip.endswith(
        "From 2026-05-01 to 2026-05-31: 0. From 2026-05-01 to 2026-07-30: 3."
    )
    assert said["signature"].sentence == (
        "2 issued agreements are waiting for the manager's signature; 1 draft not issued yet."
    )
    assert said["repayments"].figure == "€2,100.00"
    assert said["repayments"].sentence == (
        "Departed managers were charged €3,600.00: €1,000.00 received + €500.00 waived + "
        "€2,100.00 still to come."
    )
    assert said["repayments"].tooltip.endswith(
        "Charged €3,600.00 = received €1,000.00 + waived €500.00 + still to come €2,100.00."
    )
    assert said["spend"].figure == "€12,345.67"
    assert said["spend"].sentence == (
        "Education €10,000.00 + class wages €2,000.00 + travel €345.67. In 2025: €0.00. "
        "Committed, not yet paid: €1,495.00. 2 paid lines have no paid-on date and count "
        "nowhere (certdesk check lists them)."
    )
    assert said["section127"].sentence.startswith("2 managers have received more than €5,250.00")
    assert said["plans"].figure == "1 of 4"
    assert said["plans"].sentence == (
        "Managers have done 1 of the 4 things they committed to put into practice after "
        "certifying; 2 are past the due date. 3 more wait for their path to be completed."
    )
    assert said["plans"].tooltip.endswith(
        "Items of completed paths: 4 (1 done, 2 overdue, 1 not due yet). Paths in progress: 3."
        " Not applicable (withdrawn or failed paths): 2."
    )
    assert said["paths"].sentence.startswith("2 paths are open (0 planned, 0 approved, 2 enrolled)")


def test_the_dashboard_models_pass_the_model_tester(qtmodeltester):
    qtmodeltester.check(RowTableModel(ROI_COLUMNS))
    qtmodeltester.check(RowTableModel(OVER_127_COLUMNS))


def test_double_clicking_a_manager_over_the_limit_opens_them(qtbot, window, db_path):
    from certdesk.services.paths import lifecycle as paths

    page = open_dashboard(qtbot, window)
    [(path_id,)] = query(
        db_path,
        "SELECT p.id FROM paths p JOIN certifications c ON c.id = p.certification_id"
        " WHERE c.code = 'QAMC'",
    )
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.ops.run_op(
            lambda store: paths.add_cost(
                store, path_id, kind="exam", amount="4,000.00", paid_on=dt.date.today().isoformat()
            ),
            writes=True,
        )
    page.over_view.doubleClicked.emit(page.over_model.index(0, 1))
    assert window.pages.currentWidget() is window.managers_page
    assert window.managers_page.detail.manager.employee_no == "H-9002"
