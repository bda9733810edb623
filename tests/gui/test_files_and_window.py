"""The window fits the screen and remembers its size, splitters, folders and recent databases;
File → New / Open database; the first day's backup of a new database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from certdesk.gui.app import create_window
from certdesk.gui.settings import preferences
from certdesk.store.backup import list_backups


def test_the_first_window_fits_a_laptop_screen_with_its_status_bar(qtbot, window):
    from PySide6.QtCore import QRect

    from certdesk.gui.app import fit_to_screen

    laptop = QRect(0, 0, 1366, 768)  # what a 1366×768 screen leaves free without a panel
    fit_to_screen(window, laptop)
    assert window.width() <= 1366 - 16 and window.height() <= 768 - 48  # room for the frame
    assert laptop.contains(window.geometry())
    bar = window.statusBar()
    bottom = bar.mapTo(window, bar.rect().bottomLeft()).y()
    assert bar.isVisible() and bottom <= window.height()
    fit_to_screen(window, QRect(0, 0, 2560, 1440))
    assert (window.width(), window.height()) == (1280, 800)  # a big screen: the usual size


def test_size_and_splitters_are_remembered(qtbot, window, db_path):
    window.resize(1100, 600)
    window.managers_page.splitter.setSizes([100, 300])
    sizes = window.managers_page.splitter.sizes()
    window.close()
    again = create_window(db_path)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.managers_page.loaded, timeout=5000):
        again.show()
    assert again.height() == 600  # (the offscreen screen is too narrow to test the width)
    assert again.managers_page.splitter.sizes() == sizes
    assert preferences.recent_databases() == [db_path.resolve()]
    again.close()


def test_new_database_opens_an_empty_one_with_the_first_run_set_up(
    qtbot, window, tmp_path, monkeypatch
):
    target = tmp_path / "second" / "acme-2027"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.new_database()
    new = window.switched_to
    assert new is not None and not window.isVisible()
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: new.settings_dialog is not None, timeout=10_000)
    assert new.db_path == target.with_suffix(".certdesk")
    assert new.windowTitle() == "certdesk — acme-2027.certdesk"
    assert preferences.folder("database") == target.parent
    # The first change of the first day is followed by that day's backup.
    dialog = new.settings_dialog
    qtbot.waitUntil(dialog.save_button.isEnabled)
    dialog.company_name.setText("Acme")
    assert list_backups(new.db_path) == [] and new.backup_state.text() == "No backup yet"
    with qtbot.waitSignal(new.ops.changed, timeout=5000):
        dialog.submit()
    qtbot.waitUntil(lambda: new.backup_state.text() == "Backed up ✓", timeout=5000)
    assert len(list_backups(new.db_path)) == 1
    new.close()


def test_new_database_never_overwrites_a_file(qtbot, window, db_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db_path), ""))
    window.new_database()
    assert window.switched_to is None and window.isVisible()


def test_open_and_recent_databases(qtbot, window, db_path, tmp_path, monkeypatch):
    import shutil

    other = tmp_path / "other.certdesk"
    shutil.copy(db_path, other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window.open_database()
    new = window.switched_to
    qtbot.addWidget(new)
    qtbot.waitUntil(lambda: new.managers_page.model.rowCount() > 0, timeout=10_000)
    assert preferences.recent_databases() == [other.resolve(), db_path.resolve()]
    new._fill_recent()
    [item] = new.recent_menu.actions()
    assert item.text().startswith(f"&1 {db_path.name}")
    item.trigger()
    back = new.switched_to
    qtbot.addWidget(back)
    assert Path(back.db_path) == db_path
    qtbot.waitUntil(lambda: back.managers_page.model.rowCount() > 0, timeout=10_000)
    back.close()
