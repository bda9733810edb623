"""Import CSV from the managers page (the wizard, tests/gui/test_import_wizard.py) and Export
CSV from the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWizard

from certdesk.gui.exchange.import_wizard import MappingMemory

from ..conftest import MANAGERS, count

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "CSV files"))


def test_the_import_button_opens_the_wizard_and_the_list_refreshes(
    qtbot, window, db_path, tmp_path, monkeypatch
):
    good = tmp_path / "hr-export.csv"
    good.write_text(
        "\ufeff"
        + HEADER
        + "H-9500,Ana Lúcia Ferreira,ana@example.com,Team Lead,Tampa Operations,FL,2021-05-01\n"
        + "H-9003,山田 太郎,h-9003@example.com,Operations Manager,Sacramento Contact Center,CA,"
        + "2020-02-03\n",
        encoding="utf-8",
    )
    choose_file(monkeypatch, good)
    window.import_memory = MappingMemory(
        QSettings(str(tmp_path / "mappings.ini"), QSettings.Format.IniFormat)
    )
    page = window.managers_page
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = window.last_import
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=5000)
    wizard.next()
    with qtbot.waitSignal(wizard.previewed, timeout=5000):
        wizard.next()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    box = wizard.result_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "hr-export.csv: 1 added, 1 updated, 0 unchanged."
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert count(db_path, "employees") == len(MANAGERS) + 1
    assert page.model.rowCount() == len(MANAGERS) + 1
    assert "Tampa Operations" in [page.site.itemText(i) for i in range(page.site.count())]


def test_export_managers_writes_a_csv_that_imports_back(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "out" / "managers.csv"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV"))
    window.export_csv("managers")
    qtbot.waitUntil(lambda: "Exported managers" in window.statusBar().currentMessage())
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HEADER.strip())
    assert "Łukasz Żółć-Nguyễn" in text and "山田 太郎" in text
