"""The Catalog page: the list, New certification… with errors in place, Edit… and retiring."""

from __future__ import annotations

from PySide6.QtCore import Qt

from certdesk.gui.catalog.certification_dialog import CertificationDialog
from certdesk.gui.catalog.page import CATALOG_COLUMNS, validity_text
from certdesk.gui.widgets.table_model import RowTableModel

from ..conftest import count, query


def open_catalog(qtbot, window):
    page = window.page("catalog")
    with qtbot.waitSignal(page.loaded):
        window.show_page("catalog")
    return page


def codes(page) -> list[str]:
    return [c.code for c in page.model.rows()]


def test_the_catalog_loads_when_first_opened(qtbot, window, qtmodeltester):
    page = window.page("catalog")
    assert not page.is_loaded
    page = open_catalog(qtbot, window)
    assert codes(page) == ["CCCM", "CCCS", "QAMC", "SWMP"]
    cccs = page.model.find(lambda c: c.code == "CCCS")
    assert page.model.index(cccs, 3).data() == "12 months (1 year)"
    assert page.model.index(0, 3).data() == "never expires"
    assert page.model.index(0, 4).data() == "offered"
    assert page.shown.text() == "4 certifications"
    assert "Certified Call Center Manager" in page.details.text()  # the first one is selected
    qtmodeltester.check(page.model)


def test_validity_words():
    assert validity_text(None) == "never expires"
    assert validity_text(1) == "1 month"
    assert validity_text(18) == "18 months"
    assert validity_text(36) == "36 months (3 years)"


def test_a_bad_code_is_shown_under_the_field_and_nothing_is_written(qtbot, window, db_path):
    page = open_catalog(qtbot, window)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CertificationDialog)
    dialog.code.setText("cx m!")
    dialog.name.setText("Customer Experience Manager")
    dialog.validity_months.setText("24")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("code") != "")
    assert "capital letters, digits and '-'" in dialog.error_for("code")
    assert dialog.isVisible()
    assert dialog.name.text() == "Customer Experience Manager"  # what was typed is kept
    assert count(db_path, "certifications") == 4

    dialog.code.setText("CXM")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.dialog is None  # closed once saved
    assert codes(page) == ["CCCM", "CCCS", "CXM", "QAMC", "SWMP"]
    assert page.selected().code == "CXM"  # the new one is selected
    assert query(
        db_path, "SELECT name, validity_months, active FROM certifications WHERE code = 'CXM'"
    ) == [("Customer Experience Manager", 24, 1)]


def test_bad_validity_and_a_duplicate_code(qtbot, window, db_path):
    page = open_catalog(qtbot, window)
    page.open_new()
    dialog = page.dialog
    dialog.code.setText("CCCM")
    dialog.name.setText("Again")
    dialog.validity_months.setText("two years")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("validity_months") != "")
    assert "months from 1 to 600, or empty" in dialog.error_for("validity_months")
    dialog.validity_months.setText("")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_for("code") != "")
    assert dialog.error_for("code") == "CCCM is already in the catalog"
    assert dialog.error_for("validity_months") == ""
    assert count(db_path, "certifications") == 4


def test_edit_sets_a_validity_and_retires(qtbot, window, db_path):
    page = open_catalog(qtbot, window)
    page.view.selectRow(page.model.find(lambda c: c.code == "QAMC"))
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.code.isReadOnly()
    assert dialog.code.text() == "QAMC"
    dialog.issuer.setText("Example Quality Institute")
    dialog.validity_months.setText("36")
    dialog.active.setChecked(False)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert query(
        db_path, "SELECT issuer, validity_months, active FROM certifications WHERE code = 'QAMC'"
    ) == [("Example Quality Institute", 36, 0)]
    row = page.model.find(lambda c: c.code == "QAMC")
    assert page.model.index(row, 4).data() == "retired"
    assert page.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.shown.text() == "4 certifications, 1 retired"
    assert "(retired)" in page.details.text()


def test_the_catalog_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(RowTableModel(CATALOG_COLUMNS))
