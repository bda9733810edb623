"""A disk error on open is not damage: no Restore offered, and Restore is never the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

import certdesk.gui.settings.safety as safety
import certdesk.store.database as database
import certdesk.store.errors as errors


def test_a_full_disk_on_open_says_so_and_offers_no_restore(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from certdesk.gui.app import create_window

    shown: list[QMessageBox] = []

    def answer(box: QMessageBox):
        shown.append(box)
        return None

    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    monkeypatch.setattr(safety, "ask", answer)
    monkeypatch.setattr(errors, "_free_bytes", lambda folder: 12 * 1024)
    monkeypatch.setattr(database, "_read_checks", lambda file, immutable: (["disk I/O error"], 0))
    win = create_window(db_path)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: exits == [1])
    assert [b.windowTitle() for b in shown] == ["The disk is full"]
    text = shown[0].text()
    assert "is full (12 KB free)" in text and "damaged" not in text
    assert [b.text().replace("&", "") for b in shown[0].buttons()] == ["OK"]


def test_restore_is_never_the_default_answer(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import certdesk.services.safety.backups as safety_service
    from certdesk.gui.operations.runner import Ops
    from certdesk.store.errors import DamagedDatabase

    monkeypatch.setattr(
        safety_service,
        "restore_offer",
        lambda path: safety_service.RestoreOffer(db_path.parent / "backups", db_path, "today"),
    )
    shown: list[QMessageBox] = []

    def answer(box: QMessageBox):
        shown.append(box)
        return box.defaultButton()  # what Enter would press

    monkeypatch.setattr(safety, "ask", answer)
    problem = DamagedDatabase("damaged", ["integrity: page 3 is never used"], db_path)
    ops = Ops()
    ends: list[str] = []
    safety.explain_open_failure(
        None,
        ops,
        db_path,
        problem,
        restored=lambda: ends.append("restored"),
        gave_up=lambda: ends.append("gave up"),
    )
    qtbot.waitUntil(lambda: ends != [])
    ops.shutdown()
    assert ends == ["gave up"]
    assert shown[0].defaultButton().text().replace("&", "") == "Close"
