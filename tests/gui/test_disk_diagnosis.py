"""A disk error on open is not damage: no Restore offered, and Restore is never the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import certdesk.gui.safety as safety
import certdesk.store.database as database
import certdesk.store.errors as errors


def test_a_full_disk_on_open_says_so_and_offers_no_restore(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []

    def answer(box: QMessageBox):
        shown.append(box)
        return None

    monkeypatch.setattr(safety, "ask", answer)
    monkeypatch.setattr(errors, "_free_bytes", lambda folder: 12 * 1024)
    monkeypatch.setattr(database, "_read_checks", lambda file, immutable: (["disk I/O error"], 0))
    assert safety.open_store_for_window(db_path) is None
    assert [b.windowTitle() for b in shown] == ["The disk is full"]
    text = shown[0].text()
    assert "is full (12 KB free)" in text and "damaged" not in text
    assert [b.text().replace("&", "") for b in shown[0].buttons()] == ["OK"]


def test_restore_is_never_the_default_answer(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import certdesk.store.backup as backup
    from certdesk.store.errors import DamagedDatabase

    monkeypatch.setattr(backup, "newest_good_backup", lambda path: db_path)
    shown: list[QMessageBox] = []

    def answer(box: QMessageBox):
        shown.append(box)
        return box.defaultButton()  # what Enter would press

    monkeypatch.setattr(safety, "ask", answer)
    problem = DamagedDatabase("damaged", ["integrity: page 3 is never used"], db_path)
    assert safety.offer_restore(None, db_path, problem) is False
    assert shown[0].defaultButton().text().replace("&", "") == "Close"
