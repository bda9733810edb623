"""Undo departure in the window: recorded, then taken back; the database is as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from certdesk.store.integrity import check

from ..agreement_setup import EXAMPLE_NAME, EXAMPLE_NO, add_example_agreement
from ..managers.test_departure_dialog import open_departure

TRAIL = {"audit_log", "documents", "withdrawn_documents"}


@pytest.fixture
def db_path(db_path: Path) -> Path:
    add_example_agreement(db_path)
    return db_path


def snapshot(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the audit trail (and the immutable stored documents)."""
    with sqlite3.connect(db_path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Row versions count writes (other windows notice them) and only ever go up.
        columns = {
            t: ", ".join(
                c[1] for c in conn.execute(f"PRAGMA table_info({t})") if c[1] != "row_version"
            )
            for t in tables
        }
        return {
            t: conn.execute(f"SELECT {columns[t]} FROM {t} ORDER BY rowid").fetchall()
            for t in tables
            if t not in TRAIL
        }


def problems(db_path: Path) -> list[str]:
    conn = sqlite3.connect(db_path)
    try:
        return check(conn)
    finally:
        conn.close()


def record(qtbot, window) -> None:
    dialog = open_departure(qtbot, window, EXAMPLE_NO)
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.on.setDate(QDate(2027, 3, 14))
    dialog.submit()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.confirm_box.buttons()[0].click()
    dialog.reject()


def test_a_departure_recorded_and_undone_from_the_managers_screen(qtbot, window, db_path):
    before, checked = snapshot(db_path), problems(db_path)  # (the fixture's H-9004 left by SQL)
    record(qtbot, window)
    assert snapshot(db_path) != before
    detail = window.managers_page.detail
    qtbot.waitUntil(lambda: detail.undo_depart_button.isVisible())
    assert not detail.depart_button.isVisible()

    qtbot.mouseClick(detail.undo_depart_button, Qt.MouseButton.LeftButton)
    undo = detail.departure_undo
    qtbot.waitUntil(lambda: undo.box is not None)
    box = undo.box
    assert f"Undo the departure of {EXAMPLE_NAME} ({EXAMPLE_NO})" in box.text()
    assert "2027-03-14" in box.text()
    assert "repayment of 1,950.00 is removed" in box.informativeText()
    with qtbot.waitSignal(window.managers_page.loaded, timeout=10_000):
        [go] = [b for b in box.buttons() if b.text() == "Undo departure"]
        go.click()
    assert snapshot(db_path) == before
    assert problems(db_path) == checked
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'undo_depart' AND entity_id = ?",
            (EXAMPLE_NO,),
        ).fetchone() == (1,)
    qtbot.waitUntil(lambda: detail.depart_button.isVisible())


def test_edit_undo_names_the_latest_departure_and_cancel_keeps_it(qtbot, window, db_path):
    record(qtbot, window)
    after = snapshot(db_path)
    window.undo_action.trigger()
    undo = window.departure_undo
    qtbot.waitUntil(lambda: undo.box is not None)
    assert EXAMPLE_NAME in undo.box.text()
    qtbot.keyClick(undo.box, Qt.Key.Key_Escape)  # Cancel is the escape (and default) button
    assert snapshot(db_path) == after


def test_undo_is_refused_once_a_payment_was_received(qtbot, window, db_path):
    record(qtbot, window)
    with sqlite3.connect(db_path) as conn:
        number = conn.execute("SELECT agreement_no FROM agreements").fetchone()[0]

    def pay(store):
        from certdesk.services.departures.recording import record_payment_received

        return record_payment_received(store, number, amount="50.00", on="2027-04-02")

    with qtbot.waitSignal(window.ops.changed, timeout=5000):
        window.ops.run_op(pay, writes=True)
    after = snapshot(db_path)
    window.undo_action.trigger()
    undo = window.departure_undo
    qtbot.waitUntil(lambda: undo.box is not None)
    assert "cannot be undone: 50.00 has been received against" in undo.box.text()
    assert snapshot(db_path) == after
