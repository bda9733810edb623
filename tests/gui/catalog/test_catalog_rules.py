"""Catalog: renewal rule versions and the certifications each role requires."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.gui.catalog.rules_dialogs import RenewalRuleDialog, RolesDialog

from ..conftest import query


def open_catalog(qtbot, window):
    page = window.page("catalog")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("catalog")
    return page


def test_add_a_renewal_rule_version(qtbot, window, db_path):
    page = open_catalog(qtbot, window)
    page.view.selectRow(page.model.find(lambda c: c.code == "CCCM"))
    page.open_rules()
    dialog = page.dialog
    assert isinstance(dialog, RenewalRuleDialog)
    qtbot.waitUntil(lambda: dialog.history.text().startswith("none yet"))
    dialog.validity.setText("36")
    dialog.credits.setText("6")
    dialog.unit.setCurrentIndex(1)
    dialog.caps.setText("self-study:150%")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("caps") != "")
    assert "at most 100 %" in dialog.error_for("caps")
    dialog.caps.setText("self-study:50%")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(db_path, "SELECT version, credits_needed, unit FROM renewal_rules") == [
        (1, 600, "ceu")
    ]
    assert query(db_path, "SELECT validity_months FROM certifications WHERE code = 'CCCM'") == [
        (36,)
    ]


def test_roles_require_certifications(qtbot, window, db_path):
    page = open_catalog(qtbot, window)
    page.open_roles()
    dialog = page.dialog
    assert isinstance(dialog, RolesDialog)
    qtbot.waitUntil(lambda: dialog.table.text() == "no role requires a certification yet")
    dialog.title_box.setEditText("Team Lead")
    dialog.certs.item(0).setCheckState(Qt.CheckState.Checked)  # CCCM
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.submit()
    assert query(db_path, "SELECT job_title FROM role_requirements") == [("Team Lead",)]
