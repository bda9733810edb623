"""Import CSV (busy dialog, then the summary or every problem) and Export CSV from the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from certdesk.gui.import_export import ImportProblemsDialog

from .conftest import MANAGERS, count, query

HEADER = "employee_no,full_name,email,job_title,site,work_state,hire_date\n"


def choose_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "CSV files"))


def test_a_bad_csv_lists_every_problem_and_changes_nothing(
    qtbot, window, db_path, tmp_path, monkeypatch
):
    bad = tmp_path / "hr-export.csv"
    bad.write_text(
        HEADER
        + "H-9500,Ana Lúcia Ferreira,ana@example.com,Team Lead,Tampa Operations,FL,2021-05-01\n"
        + "H-9501,,nobody@example.com,,,,\n"
        + "H-9001,Łukasz Żółć-Nguyễn,not-an-email,,,,\n",
        encoding="utf-8",
    )
    choose_file(monkeypatch, bad)
    before = query(db_path, "SELECT * FROM employees ORDER BY id")
    window.import_action.trigger()
    flow = window.last_import
    assert flow.busy.isVisible()  # the import runs on the worker meanwhile
    with qtbot.waitSignal(flow.finished):
        pass
    dialog = flow.result_dialog
    assert isinstance(dialog, ImportProblemsDialog)
    assert dialog.problems == [
        "line 3, full_name: is required and cannot be empty",
        "line 4, email: 'not-an-email' is not an e-mail address",
    ]
    assert "line 3, full_name" in dialog.text.toPlainText()
    assert query(db_path, "SELECT * FROM employees ORDER BY id") == before
    assert window.managers_page.model.rowCount() == len(MANAGERS)


def test_a_good_csv_reports_added_and_updated_and_the_list_refreshes(
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
    page = window.managers_page
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    flow = window.last_import
    box = flow.result_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "hr-export.csv: 1 added, 1 updated, 0 unchanged."
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    assert count(db_path, "employees") == len(MANAGERS) + 1
    assert page.model.rowCount() == len(MANAGERS) + 1
    assert "Tampa Operations" in [page.site.itemText(i) for i in range(page.site.count())]


def test_cancelling_the_file_choice_imports_nothing(window, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.import_csv()
    assert window.last_import is None


def test_export_managers_writes_a_csv_that_imports_back(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "out" / "managers.csv"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV"))
    window.export_csv("managers")
    qtbot.waitUntil(lambda: "Exported managers" in window.statusBar().currentMessage())
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HEADER.strip())
    assert "Łukasz Żółć-Nguyễn" in text and "山田 太郎" in text
