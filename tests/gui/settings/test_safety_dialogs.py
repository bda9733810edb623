"""The window's safety dialogs: a clear message for each refusal, restore of a damaged file,
Back up now and Restore…, and a full disk that keeps what was typed in the dialog."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import certdesk.gui.settings.safety as safety
from certdesk.services.safety.backups import open_for_app
from certdesk.store.backup import list_backups
from certdesk.store.lock import DatabaseLock, DatabaseLocked
from certdesk.store.schema import latest_version

from ..conftest import MANAGERS, count


@dataclass
class Shown:
    title: str
    text: str
    detail: str
    buttons: list[str]


@dataclass
class Answers:
    """Stands in for the user: records each box and clicks the queued button texts in turn."""

    shown: list[Shown] = field(default_factory=list)
    clicks: list[str] = field(default_factory=list)

    def __call__(self, box: QMessageBox):
        buttons = {b.text().replace("&", ""): b for b in box.buttons()}
        self.shown.append(
            Shown(box.windowTitle(), box.text(), box.informativeText(), list(buttons))
        )
        if not self.clicks:
            return None  # closed with Escape
        return buttons[self.clicks.pop(0)]

    def titles(self) -> list[str]:
        return [s.title for s in self.shown]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    recorder = Answers()
    monkeypatch.setattr(safety, "ask", recorder)
    return recorder


def corrupt_middle(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS padding (x)")
        conn.executemany("INSERT INTO padding VALUES (?)", [("x" * 200,)] * 400)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 4096 // 2) * 4096)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


def first_backup(db_path: Path) -> Path:
    """The day's automatic backup of the test database (made by opening it for the app)."""
    open_for_app(db_path).store.close()
    backup = list_backups(db_path)[0].path
    return backup


# ---- opening (on the worker; the window explains a refusal) ------------------------------------


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Exit codes the window asked for (QApplication.exit is replaced, the test keeps running)."""
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: codes.append(code))
    return codes


def open_window(qtbot, path: Path, exits: list[int]):
    """The main window on `path`, once its managers are shown or it gave up opening."""
    from certdesk.gui.app import create_window

    win = create_window(path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: bool(exits) or win.managers_page.is_loaded, timeout=10_000)
    return win


def test_opening_asks_nothing_holds_the_lock_and_backs_up(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    win = open_window(qtbot, db_path, exits)
    assert exits == [] and win.ops.is_open
    assert answers.shown == []
    assert [b.kind for b in list_backups(db_path)] == ["auto"]
    with pytest.raises(DatabaseLocked):
        DatabaseLock(db_path).acquire()


def test_a_second_window_on_the_same_file_is_told_and_gets_nothing(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    first = open_window(qtbot, db_path, exits)
    second = open_window(qtbot, db_path, exits)
    assert exits == [1] and first.ops.is_open and not second.ops.is_open
    (shown,) = answers.shown
    assert shown.title == "This database is already open"
    assert "another window of this certdesk" in shown.text
    assert "Only one copy of certdesk" in shown.text


def test_a_newer_file_names_both_versions(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'x', 'future')", [latest_version() + 1])
    conn.close()
    open_window(qtbot, db_path, exits)
    assert exits == [1]
    (shown,) = answers.shown
    assert shown.title == "This database needs a newer certdesk"
    assert f"schema version {latest_version() + 1}" in shown.text
    assert f"up to {latest_version()}" in shown.text
    DatabaseLock(db_path).acquire()  # the refused open let go of the lock


def test_a_read_only_file_is_explained(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    db_path.chmod(0o400)
    try:
        open_window(qtbot, db_path, exits)
    finally:
        db_path.chmod(0o600)
    assert exits == [1]
    assert answers.titles() == ["This database is read-only"]
    assert "Copy it to a folder you can write to" in answers.shown[0].text


def test_a_damaged_file_offers_the_newest_good_backup_and_opens_it(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    backup = first_backup(db_path)
    corrupt_middle(db_path)
    damaged = db_path.read_bytes()

    answers.clicks = [safety.RESTORE_NEWEST]
    win = open_window(qtbot, db_path, exits)
    assert exits == [] and win.managers_page.is_loaded
    assert answers.titles() == ["The database is damaged", "Backup restored"]
    offer = answers.shown[0]
    assert "is damaged, so certdesk did not open it" in offer.text
    assert "The checks found:\n- " in offer.text
    assert backup.name in offer.detail
    assert offer.buttons == [safety.RESTORE_NEWEST, "Close"]
    assert count(db_path, "employees") == len(MANAGERS)
    kept = [b.path for b in list_backups(db_path) if b.kind == "before-restore"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_a_damaged_file_left_alone_when_the_user_closes(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    first_backup(db_path)
    corrupt_middle(db_path)
    damaged = db_path.read_bytes()
    answers.clicks = ["Close"]
    open_window(qtbot, db_path, exits)
    assert exits == [1]
    assert answers.titles() == ["The database is damaged"]
    assert db_path.read_bytes() == damaged


def test_a_damaged_file_without_backups_offers_no_restore(
    qtbot, db_path: Path, answers: Answers, exits: list[int]
) -> None:
    corrupt_middle(db_path)
    open_window(qtbot, db_path, exits)
    assert exits == [1]
    (shown,) = answers.shown
    assert shown.buttons == ["Close"]
    assert "No good backup of it was found" in shown.detail


def test_a_failed_daily_backup_warns_but_opens(
    qtbot, db_path: Path, exits: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from certdesk.gui.widgets import messages

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_problem", lambda parent, t, text: told.append((t, text)))
    (db_path.parent / "backups").write_text("a file where the folder should be")
    win = open_window(qtbot, db_path, exits)
    assert exits == [] and win.ops.is_open
    assert [t for t, _ in told] == ["The daily backup failed"]
    assert "Back up now" in told[0][1]
    assert win.backup_state.text() == "Not backed up today"


def test_a_folder_is_not_a_database(
    qtbot, tmp_path: Path, answers: Answers, exits: list[int]
) -> None:
    open_window(qtbot, tmp_path, exits)
    assert exits == [1]
    assert answers.titles() == ["certdesk cannot open this database"]
    assert "is a folder" in answers.shown[0].text


def test_tell_really_waits_for_the_user(qtbot) -> None:
    """The real ask(): a modal box that returns once OK is clicked."""

    def click_ok() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, click_ok)
    safety.tell(None, "Title", "Text")  # returns: the box was shown and answered


# ---- Back up now and Restore… (on the worker, with progress) ------------------------------------


@pytest.fixture
def host(window, answers: Answers):
    """The main window on the test database and its Back up now / Restore… actions."""
    answers.shown.clear()
    return window, window.backup_actions


def back_up(qtbot, actions) -> Path:
    with qtbot.waitSignal(actions.backed_up, timeout=10_000) as signal:
        actions.back_up_action.trigger()
    return signal.args[0]


def restore_until_done(qtbot, actions) -> None:
    with qtbot.waitSignal(actions.finished, timeout=10_000):
        actions.restore_action.trigger()


def test_the_menu_gets_both_actions(host) -> None:
    window, actions = host
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert texts[-4:-2] == ["&Back up now", "&Restore from backup…"]
    assert actions.restore_action.isEnabled() and actions.back_up_action.isEnabled()


def test_back_up_now_writes_a_checked_copy_on_the_worker_with_progress(
    qtbot, host, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import certdesk.services.safety.integrity as maintenance
    import certdesk.store.backup as store_backup

    window, actions = host
    monkeypatch.setattr(store_backup, "STEP_PAGES", 2)  # several steps on a small file
    threads: list[threading.Thread] = []
    steps: list[tuple[int, int]] = []
    real_backup_file = maintenance.backup_file

    def watched(db, dest, progress=None):
        threads.append(threading.current_thread())

        def heard(done: int, total: int) -> None:
            steps.append((done, total))
            progress(done, total)

        return real_backup_file(db, dest, heard)

    monkeypatch.setattr(maintenance, "backup_file", watched)
    made = back_up(qtbot, actions)
    assert threads and threads[0] is not threading.main_thread()  # never on the GUI thread
    assert len(steps) > 1 and steps[-1][0] == steps[-1][1]  # step by step, to the end
    assert made.is_file() and made.parent == db_path.parent / "backups"
    assert made.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(made) as conn:
        assert conn.execute("SELECT count(*) FROM employees").fetchone() == (len(MANAGERS),)
    conn.close()
    assert str(made) in window.statusBar().currentMessage()
    assert window.backup_state.text() == "Backed up ✓"


def test_restore_swaps_in_the_backup_and_the_window_uses_the_new_store(
    qtbot, host, db_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, actions = host
    old = window.ops._store
    backup = back_up(qtbot, actions)
    with old.transaction() as db:  # a change made after the backup (the worker is idle)
        db.execute("DELETE FROM audit_log")
        db.execute("UPDATE employees SET full_name = 'Changed' WHERE employee_no = 'H-9001'")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    answers.clicks = ["Restore"]
    with qtbot.waitSignal(window.managers_page.loaded, timeout=10_000):
        with qtbot.waitSignal(actions.restored, timeout=10_000):
            actions.restore_action.trigger()

    assert answers.titles() == ["Restore from backup?"]
    assert backup.name in answers.shown[0].text
    assert "current database is kept as a backup" in answers.shown[0].detail
    new = window.ops._store
    assert new is not old
    with pytest.raises(sqlite3.ProgrammingError):
        old.conn.execute("SELECT 1")  # the old store was closed
    name = new.conn.execute("SELECT full_name FROM employees WHERE employee_no = 'H-9001'")
    assert name.fetchone() != ("Changed",)
    shown = [r.full_name for r in window.managers_page.model.all_rows()]
    assert "Changed" not in shown  # the pages were reloaded from the restored file
    assert any(b.kind == "before-restore" for b in list_backups(db_path))
    with pytest.raises(DatabaseLocked):  # the new store holds the lock
        DatabaseLock(db_path).acquire()


def test_restore_of_a_bad_file_is_refused_and_keeps_the_store(
    qtbot, host, tmp_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, actions = host
    junk = tmp_path / "junk.db"
    junk.write_text("not a backup")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    store = window.ops._store
    restore_until_done(qtbot, actions)
    assert answers.titles() == ["This backup cannot be used"]
    assert window.ops._store is store
    assert store.conn.execute("SELECT count(*) FROM employees").fetchone() == (len(MANAGERS),)


def test_restore_cancelled_at_the_question_changes_nothing(
    qtbot,
    host,
    db_path: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
    file_fingerprint,
) -> None:
    window, actions = host
    backup = back_up(qtbot, actions)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    store = window.ops._store
    before = file_fingerprint(db_path)
    answers.clicks = ["Cancel"]
    restore_until_done(qtbot, actions)
    assert answers.titles() == ["Restore from backup?"]
    assert window.ops._store is store and store.conn.execute("SELECT 1").fetchone() == (1,)
    assert file_fingerprint(db_path) == before


# ---- a full disk in a dialog --------------------------------------------------------------------


def test_a_full_disk_keeps_what_was_typed_in_the_dialog(
    qtbot, window, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import certdesk.services.managers as manager_service
    from certdesk.store import audit

    store = window.ops._store
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    real_record = audit.record

    def big_record(db, *args, **kwargs) -> None:
        # This change needs more room than is left: SQLite fails it with SQLITE_FULL.
        db.execute("INSERT INTO settings (key, value) VALUES ('big', ?)", ["x" * 200_000])
        real_record(db, *args, **kwargs)

    monkeypatch.setattr(manager_service.audit, "record", big_record)
    window.new_manager()
    dialog = window.managers_page.dialog
    dialog.edits["employee_no"].setText("H-9300")
    dialog.edits["full_name"].setText("Nguyễn Văn An")
    dialog.edits["site"].setText("Gdańsk Hub")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("") != "")
    assert "disk is full" in dialog.error_for("")
    assert "nothing of this change was saved" in dialog.error_for("")
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.edits["employee_no"].text() == "H-9300"
    assert dialog.edits["full_name"].text() == "Nguyễn Văn An"
    assert dialog.edits["site"].text() == "Gdańsk Hub"
    assert count(db_path, "employees") == len(MANAGERS)

    monkeypatch.setattr(manager_service.audit, "record", real_record)
    store.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    with qtbot.waitSignal(window.managers_page.loaded):
        dialog.submit()
    assert count(db_path, "employees") == len(MANAGERS) + 1


def test_restore_without_backups_says_where_they_would_be(
    qtbot, host, db_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, actions = host
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    import shutil

    shutil.rmtree(db_path.parent / "backups")  # (opening it took today's backup)
    assert list_backups(db_path) == []
    restore_until_done(qtbot, actions)
    assert answers.titles() == ["No backups yet"]
    assert str(db_path.parent / "backups") in answers.shown[0].text
    assert asked == []  # no file dialog on an empty or missing folder
    made = back_up(qtbot, actions)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a[2]) or ("", "")
    )
    restore_until_done(qtbot, actions)
    assert asked == [str(made.parent)]  # opens where the backups are
