"""The window as a whole: title, navigation counts, attention line, Paths page, menus."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from certdesk.gui.dashboard.attention import attention_text
from certdesk.services.overview import Attention, attention

from .conftest import MANAGERS


def test_title_names_the_database_file(window):
    assert window.windowTitle() == "certdesk — acme-hr.certdesk"


def test_navigation_counts_and_the_attention_line(qtbot, window):
    qtbot.waitUntil(lambda: window.navigation.count_of("paths") is not None)
    assert window.navigation.count_of("managers") == len(MANAGERS)
    assert window.navigation.count_of("paths") == 4
    assert window.attention.text().startswith(
        '<a href="@expiring">1 credential expires within 30 days</a>'
    )


def test_a_click_on_the_attention_line_lists_those_paths(qtbot, window):
    qtbot.waitUntil(lambda: "href" in window.attention.text())
    page = window.paths_page
    with qtbot.waitSignal(page.loaded):
        window.attention.linkActivated.emit("@expiring")
    assert window.pages.currentWidget() is page
    assert [(r.employee_no, r.cert_code) for r in page.model.rows()] == [("H-9002", "CCCS")]
    assert page.shown.text() == "1 of 4 paths shown"
    # The groups the status bar counts match the Paths page's choices, a year on too.
    window.show_paths("@overdue")
    assert sorted(r.employee_no for r in page.model.rows()) == []  # targets are 3 months away
    window.show_paths("")
    assert page.model.rowCount() == 4


def test_attention_sentences():
    assert attention_text(Attention(0, 0, 0, 30)) == "Nothing needs attention"
    assert attention_text(Attention(3, 1, 2, 30)) == (
        "3 credentials expire within 30 days · 1 credential has expired · "
        "2 paths are past their target date"
    )


def test_attention_counts_expired_and_overdue(db_path):
    from certdesk.store import open_store

    store = open_store(db_path)
    try:
        later = attention(store, today=dt.date.today() + dt.timedelta(days=400))
    finally:
        store.close()
    # A year on: the CCCS credential has expired; the three open paths are past their target.
    assert (later.expiring_soon, later.expired, later.overdue) == (0, 1, 3)


def test_the_paths_page_loads_when_first_opened_and_finds(qtbot, window):
    page = window.paths_page
    assert not page.is_loaded  # start-up loads only the managers list
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(
            window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier
        )  # Ctrl+3: Paths, the third page
    assert window.pages.currentWidget() is page
    assert page.model.rowCount() == 4
    page.find.setText("huong cccs")
    rows = page.model.rows()
    assert [(r.full_name, r.cert_code, r.status) for r in rows] == [
        ("Nguyễn Thị Hương", "CCCS", "completed")
    ]
    page.find.setText("")
    page.status.setCurrentIndex(page.status.findData("planned"))
    assert [r.employee_no for r in page.model.rows()] == ["H-9001"]


def test_double_clicking_a_path_opens_its_manager(qtbot, window):
    page = window.paths_page
    with qtbot.waitSignal(page.loaded):
        window.show_page("paths")
    page.find.setText("yamada")  # no match: 山田 has no path; find the Polish one instead
    assert page.model.rowCount() == 0
    page.find.setText("zolc")
    index = page.model.index(0, 1)
    page.view.doubleClicked.emit(index)
    assert window.pages.currentWidget() is window.managers_page
    assert window.managers_page.detail.manager.employee_no == "H-9001"


def test_a_change_reloads_the_page_on_screen_once_and_the_hidden_ones_when_shown(qtbot, window):
    from certdesk.services.paths import lifecycle as path_service

    page = window.paths_page
    with qtbot.waitSignal(page.loaded):
        window.show_page("paths")
    path_loads: list[int] = []
    manager_loads: list[str] = []
    page.loaded.connect(lambda: path_loads.append(page.model.rowCount()))
    window.managers_page.loaded.connect(
        lambda: manager_loads.extend(
            r.path_codes for r in window.managers_page.model.all_rows() if r.employee_no == "H-9003"
        )
    )
    # The summary is queued after the reload on the one worker: once it is in, so is that.
    with qtbot.waitSignal(window.summary_updated):
        window.ops.run_op(
            lambda store: path_service.plan_path(store, "H-9003", "CCCM", "2027-01-01"),
            writes=True,
        )
    assert path_loads == [5]
    assert manager_loads == [] and window.managers_page.is_stale  # hidden: not read yet
    assert window.navigation.count_of("paths") == 5
    with qtbot.waitSignal(window.managers_page.loaded):
        window.show_page("managers")
    assert manager_loads == ["CCCM"]
    assert path_loads == [5]


def test_ctrl_f_goes_to_the_find_box(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.managers_page.find.hasFocus()


def test_file_menu_gets_backup_actions_once_open(window):
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert texts[-4:] == ["&Back up now", "&Restore from backup…", "", "&Quit"]
    assert window.backup_state.text() == "Backed up ✓"


def test_a_database_open_elsewhere_is_explained_and_the_window_exits(qtbot, db_path, monkeypatch):
    import certdesk.gui.settings.safety as safety
    from certdesk.gui.app import create_window
    from certdesk.store.lock import DatabaseLock

    shown: list[str] = []
    monkeypatch.setattr(safety, "ask", lambda box: shown.append(box.windowTitle()))
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    other = DatabaseLock(db_path)  # another certdesk holds the file
    other.acquire()
    try:
        win = create_window(db_path)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: exits == [1])
    finally:
        other.release()
    assert shown == ["This database is already open"]
    assert not win.isVisible()
    assert not win.managers_page.is_loaded


def test_a_damaged_database_is_restored_from_its_backup_and_opened(qtbot, db_path, monkeypatch):
    import certdesk.gui.settings.safety as safety
    from certdesk.gui.app import create_window
    from certdesk.services.safety.backups import open_for_app

    open_for_app(db_path).store.close()  # the day's automatic backup is taken on open
    size = db_path.stat().st_size
    with open(db_path, "r+b") as handle:  # garbage over the pages after the first
        handle.seek(4096)
        handle.write(b"\xde\xad" * ((size - 4096) // 2))
    shown: list[str] = []

    def answer(box):
        shown.append(box.windowTitle())
        for button in box.buttons():
            if button.text().replace("&", "") in ("Restore newest good backup", "OK"):
                return button
        return None

    monkeypatch.setattr(safety, "ask", answer)
    win = create_window(db_path)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.managers_page.loaded, timeout=10_000):
        win.show()
    assert shown == ["The database is damaged", "Backup restored"]
    assert win.managers_page.model.rowCount() == len(MANAGERS)


def test_attention_names_agreements_and_links_to_them(window, qtbot):
    assert attention_text(Attention(0, 0, 0, 30, awaiting_signature=2, repayment_due=1)) == (
        "2 agreements await signature · 1 repayment is due"
    )
    window.show_attention("agreements:issued")
    page = window.agreements_page
    assert window.pages.currentWidget() is page
    assert page.status.currentData() == "issued"
    window.show_attention("@overdue")
    assert window.pages.currentWidget() is window.paths_page
