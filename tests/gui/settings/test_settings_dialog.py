"""Edit → Settings…: the current values, errors under the field, and what is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.gui.settings.settings_dialog import SettingsDialog

from ..conftest import query


def open_settings(qtbot, window) -> SettingsDialog:
    window.activateWindow()
    window.open_settings()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(dialog.save_button.isEnabled)  # the current values are in
    return dialog


def settings_in(db_path) -> dict[str, str]:
    return dict(query(db_path, "SELECT key, value FROM settings"))


def test_the_menu_opens_it_with_the_current_values(qtbot, window):
    edit_menu = window.menuBar().actions()[1].menu()
    action = next(a for a in edit_menu.actions() if a.text() == "&Settings…")
    assert action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    dialog = window.settings_dialog
    assert not dialog.save_button.isEnabled()  # until the current values are read
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.company_name.text() == "Your Company"
    assert dialog.currency_symbol.text() == "$"
    assert dialog.page_size.currentData() == "letter"
    assert dialog.section_127_limit.text() == "5,250.00"


def test_a4_persists(qtbot, window, db_path):
    dialog = open_settings(qtbot, window)
    dialog.company_name.setText("Acme Contact Centers — Gdańsk")
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("a4"))
    dialog.section_127_limit.setText("5,250.00")
    with qtbot.waitSignal(window.ops.changed, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.settings_dialog is None  # closed once saved
    saved = settings_in(db_path)
    assert saved["page_size"] == "a4"
    assert saved["company_name"] == "Acme Contact Centers — Gdańsk"
    assert saved["section_127_limit_cents"] == "525000"
    again = open_settings(qtbot, window)
    assert again.page_size.currentData() == "a4"


def test_errors_show_under_the_field_and_nothing_is_saved(qtbot, window, db_path):
    dialog = open_settings(qtbot, window)
    dialog.section_127_limit.setText("5.250,00")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("section_127_limit") != "")
    assert "is not an amount" in dialog.error_for("section_127_limit")
    dialog.section_127_limit.setText("6,000.00")
    dialog.company_name.setText("   ")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("company_name") != "")
    assert dialog.error_for("section_127_limit") == ""
    assert dialog.section_127_limit.text() == "6,000.00"  # what was typed is kept
    assert settings_in(db_path) == {}  # nothing written yet: defaults in force


def test_the_reports_page_follows_the_settings(qtbot, window):
    page = window.page("reports")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("reports")
    assert "Letter" in page.settings_note.text()
    dialog = open_settings(qtbot, window)
    dialog.page_size.setCurrentIndex(dialog.page_size.findData("a4"))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.settings_note.text().startswith("PDFs are A4 size")
