"""Keyboard: Tab leaves tables, Enter opens the row, Ctrl+1…Ctrl+8; cards click through."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.gui.managers.manager_dialog import ManagerDialog
from certdesk.gui.widgets.list_page import shown_text

from .dashboard.test_dashboard_page import open_dashboard


def test_tab_leaves_the_table_and_enter_opens_the_row(qtbot, window):
    view = window.managers_page.view
    assert not view.tabKeyNavigation()
    assert "focus" in view.styleSheet()  # the frame that shows where the keyboard is
    window.managers_page.select_employee("H-9002")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = window.managers_page.dialog
    assert isinstance(dialog, ManagerDialog) and dialog.windowTitle() == "Edit Nguyễn Thị Hương"
    dialog.reject()


def test_every_page_has_its_shortcut_in_view(qtbot, window):
    view_menu = window.menuBar().actions()[2].menu()
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in view_menu.actions()}
    assert shortcuts == {
        "Dashboard": "Ctrl+1",
        "Managers": "Ctrl+2",
        "Paths": "Ctrl+3",
        "Agreements": "Ctrl+4",
        "Team matrix": "Ctrl+5",
        "Catalog": "Ctrl+6",
        "Policies": "Ctrl+7",
        "Reports": "Ctrl+8",
    }
    next(a for a in view_menu.actions() if a.shortcut().toString() == "Ctrl+6").trigger()
    assert window.navigation.currentItem().text().startswith("Catalog")


def test_a_dashboard_card_clicks_through_to_its_list(qtbot, window):
    page = open_dashboard(qtbot, window)
    card = page.card_views["expiring"]
    assert card.link and card.cursor().shape() == Qt.CursorShape.PointingHandCursor
    with qtbot.waitSignal(window.paths_page.loaded, timeout=5000):
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.paths_page


def test_counts_agree_with_their_noun():
    assert shown_text(1, 1, "agreements", "none") == "1 agreement"
    assert shown_text(2, 2, "agreements", "none") == "2 agreements"
    assert shown_text(1, 2, "paths", "none") == "1 of 2 paths shown"
