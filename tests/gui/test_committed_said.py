"""Committed means said in the window: an issued agreement whose saved copy fails says it is
issued and stored; and every error nobody caught ends in a dialog."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

import certdesk.gui.agreements.files as files  # where the window writes a saved copy
from certdesk.gui.app import install_error_dialog

from .agreement_setup import add_drafts, name_the_company
from .conftest import query


@pytest.fixture
def db_path(db_path: Path) -> Path:
    add_drafts(db_path)
    name_the_company(db_path)  # the window does not issue under the placeholder name
    return db_path


def test_a_failed_copy_after_issue_says_the_agreement_is_issued(
    qtbot, window, db_path, tmp_path, monkeypatch
):
    number = query(
        db_path,
        "SELECT a.agreement_no FROM agreements a JOIN paths p ON p.id = a.path_id"
        " JOIN employees e ON e.id = p.employee_id WHERE e.employee_no = 'H-9001'",
    )[0][0]
    with qtbot.waitSignal(window.agreements_page.loaded, timeout=5000):
        window.show_page("agreements")
    page = window.agreements_page
    detail = page.detail
    with qtbot.waitSignal(detail.loaded, timeout=5000):
        assert page.select_agreement(number)
    qtbot.mouseClick(detail.buttons["issue"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.issue_flow.confirmation is not None)
    flow = detail.issue_flow
    qtbot.mouseClick(flow.confirmation.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.result_dialog is not None and flow.result_dialog.isVisible())

    def full_disk(path, data, mode=0o600):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(files, "write_bytes_atomically", full_disk)
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    before = set(window.findChildren(QMessageBox))
    qtbot.mouseClick(flow.result_dialog.save_button, Qt.MouseButton.LeftButton)

    def problem() -> QMessageBox | None:
        new = [b for b in flow.result_dialog.findChildren(QMessageBox) if b not in before]
        return new[0] if new else None

    qtbot.waitUntil(lambda: problem() is not None)
    text = problem().text()
    assert f"{number} is issued and its form is stored in the database" in text
    assert "this copy was not written" in text and "the disk is full" in text
    assert "Save PDF… again" in text
    assert query(db_path, "SELECT status FROM agreements WHERE agreement_no = ?", number) == [
        ("issued",)
    ]


def test_an_uncaught_error_is_shown_as_a_dialog(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: None)  # pytest-qt's hook stays out
    install_error_dialog(window)
    import certdesk.gui.widgets.messages as messages

    monkeypatch.setattr(messages, "show_problem", lambda parent, title, text: shown.append(text))
    try:
        raise RuntimeError("a button that broke")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "a button that broke" in shown[0]
