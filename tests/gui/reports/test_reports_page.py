"""The Reports page: Save PDF… / Save CSV… render on the worker and write the chosen file."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from certdesk.gui.reports.page import REPORTS, default_file_name


def open_reports(qtbot, window):
    page = window.page("reports")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        window.show_page("reports")
    return page


@pytest.fixture
def answer_save_dialog(monkeypatch):
    """QFileDialog.getSaveFileName answers with the given path; records what it was asked."""
    asked: list[tuple[str, str, str]] = []
    answer: list[str] = [""]

    def fake(parent, caption, directory, filter_):
        asked.append((caption, directory, filter_))
        return answer[0], filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))

    def set_answer(path: Path | str) -> list[tuple[str, str, str]]:
        answer[0] = str(path)
        return asked

    return set_answer


def test_one_row_per_report_and_the_settings_they_use(qtbot, window):
    page = open_reports(qtbot, window)
    assert set(page.buttons) == {(n, k) for n, _, _ in REPORTS for k in ("pdf", "csv", "preview")}
    assert [n for n, _, _ in REPORTS] == ["roster", "agreements", "spend", "expiring"]
    assert page.settings_note.text().startswith("PDFs are Letter size and headed")


def test_default_file_names_carry_the_title_and_date():
    day = dt.date(2026, 11, 25)
    assert default_file_name("roster", "pdf", day) == "Certification roster 2026-11-25.pdf"
    assert default_file_name("spend", "csv", day) == "Education spend by year 2026-11-25.csv"


def test_save_a_pdf(qtbot, window, tmp_path, answer_save_dialog, monkeypatch):
    page = open_reports(qtbot, window)
    asked = answer_save_dialog(tmp_path / "roster")  # typed without .pdf
    with qtbot.waitSignal(page.saved, timeout=20000) as saved:
        qtbot.mouseClick(page.buttons[("roster", "pdf")], Qt.MouseButton.LeftButton)
        assert page.busy  # rendering on the worker; the buttons wait
        assert page.progress.isVisible()
        assert not page.buttons[("spend", "csv")].isEnabled()
    target = tmp_path / "roster.pdf"
    assert saved.args == [target]
    assert target.read_bytes().startswith(b"%PDF")
    caption, directory, file_filter = asked[0]
    assert caption == "Save the certification roster as PDF"
    assert Path(directory).name == default_file_name("roster", "pdf")
    assert file_filter == "PDF files (*.pdf)"
    assert not page.busy and not page.progress.isVisible()
    assert page.buttons[("spend", "csv")].isEnabled()
    assert "Saved <b>roster.pdf</b>" in page.status.text()
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temp file left

    opened: list[str] = []
    monkeypatch.setattr(
        "certdesk.gui.reports.page.open_path", lambda where: opened.append(str(where)) or True
    )
    page.status.linkActivated.emit("folder")
    page.status.linkActivated.emit("file")
    assert opened == [str(tmp_path), str(target)]


def test_save_the_spend_csv(qtbot, window, tmp_path, answer_save_dialog):
    page = open_reports(qtbot, window)
    answer_save_dialog(tmp_path / "spend.csv")
    with qtbot.waitSignal(page.saved, timeout=10000):
        page.choose_and_save("spend", "csv")
    text = (tmp_path / "spend.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "year,employee_no,full_name,company_paid,over_127,flag"
    # Two paths with 1,495.00 tuition each this year.
    assert any("Nguyễn Thị Hương" in line and ",2990.00,0.00," in line for line in lines[1:])


def test_every_report_saves_both_ways(qtbot, window, tmp_path):
    page = open_reports(qtbot, window)
    for name, _, _ in REPORTS:
        for kind in ("pdf", "csv"):
            with qtbot.waitSignal(page.saved, timeout=20000):
                page.save(name, kind, tmp_path / f"{name}.{kind}")
    assert (tmp_path / "agreements.pdf").read_bytes().startswith(b"%PDF")
    assert (
        (tmp_path / "expiring.csv")
        .read_text(encoding="utf-8")
        .startswith("employee_no,full_name,site,cert_code,status,completed_on,expires_on")
    )


def test_a_report_opens_in_the_preview(qtbot, window):
    page = open_reports(qtbot, window)
    qtbot.mouseClick(page.buttons[("roster", "preview")], Qt.MouseButton.LeftButton)
    assert page.busy
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=20000)
    assert not page.busy
    dialog = page.preview_dialog
    assert dialog.windowTitle() == "Certification roster"
    assert dialog.page_count >= 1
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count}"


def test_cancel_saves_nothing(qtbot, window, tmp_path, answer_save_dialog):
    page = open_reports(qtbot, window)
    answer_save_dialog("")
    page.choose_and_save("roster", "pdf")
    assert not page.busy
    assert page.status.text() == ""


def test_a_folder_that_cannot_be_written_is_explained(qtbot, window, tmp_path):
    page = open_reports(qtbot, window)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    page.save("roster", "csv", blocker / "roster.csv")
    qtbot.waitUntil(lambda: not page.busy)
    assert page.status.text().startswith("Nothing was saved: roster.csv could not be saved")
    assert page.buttons[("roster", "csv")].isEnabled()


PAGES_SCRIPT = r"""
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from certdesk.gui.app import create_window

app = QApplication([])
window = create_window(Path(sys.argv[1]))
seen = {}
pages = ["dashboard", "catalog", "policies", "reports"]

def next_page():
    if not pages:
        seen["reportlab"] = "reportlab" in sys.modules
        app.quit()
        return
    key = pages.pop(0)
    page = window.page(key)
    page.loaded.connect(next_page)
    window.show_page(key)

window.managers_page.loaded.connect(next_page)
window.show()
app.exec()
window.close()
print(json.dumps(seen))
"""


def test_opening_the_pages_does_not_import_reportlab(db_path):
    """Only saving a PDF does (in the worker); opening the pages must not pay for it."""
    out = subprocess.run(
        [sys.executable, "-c", PAGES_SCRIPT, str(db_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"reportlab": False}
